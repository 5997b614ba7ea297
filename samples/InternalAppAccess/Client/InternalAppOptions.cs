using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace InternalAppAccess.Client;

/// <summary>
/// Timeouts and retries for calls to the internal app, read once from the function's environment
/// (<c>InternalApp__AttemptTimeout</c>, <c>InternalApp__TotalTimeout</c>, <c>InternalApp__MaxRetryAttempts</c>,
/// <c>InternalApp__RetryDelay</c>; time spans as <c>hh:mm:ss.fff</c>).
/// </summary>
/// <remarks>Keep <see cref="TotalTimeout"/> below the Lambda function's timeout so the SDK can still answer in time.</remarks>
internal sealed record InternalAppOptions
{
    public const string Section = "InternalApp";

    /// <summary>Gets how long one HTTP attempt may take. Default 5 seconds.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long one call may take, retries included. Default 20 seconds.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets how many times a transient failure (connection error, timeout, 408, 429, 5xx) is retried. Default 3.</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>Gets the base delay of the exponential back-off between retries. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Reads the options; absent or unparsable values keep their defaults.</summary>
    public static InternalAppOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new InternalAppOptions();
        return new InternalAppOptions
        {
            AttemptTimeout = Span(section["AttemptTimeout"]) ?? defaults.AttemptTimeout,
            TotalTimeout = Span(section["TotalTimeout"]) ?? defaults.TotalTimeout,
            MaxRetryAttempts = int.TryParse(section["MaxRetryAttempts"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var retries) && retries >= 0
                ? retries
                : defaults.MaxRetryAttempts,
            RetryDelay = Span(section["RetryDelay"]) ?? defaults.RetryDelay,
        };
    }

    private static TimeSpan? Span(string? text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero ? value : null;
}
