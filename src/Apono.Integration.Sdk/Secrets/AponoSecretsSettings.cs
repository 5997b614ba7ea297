using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Apono.Integration.Sdk.Secrets;

/// <summary>The <c>AponoSecrets</c> configuration section and the extension's environment, read once.</summary>
internal sealed class AponoSecretsSettings
{
    public const string Section = "AponoSecrets";

    public const int DefaultPort = 2773;

    public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(3);

    public Dictionary<string, SecretSource> Sources { get; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan CacheTtl { get; set; } = DefaultCacheTtl;

    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    /// <summary>Gets or sets how many times a request is sent while the extension is starting, failing (5xx), unreachable or slow.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Gets or sets the wait before the second attempt; it doubles for each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = DefaultPort;

    /// <summary>Gets or sets whether the function runs under Lambda (<c>AWS_LAMBDA_RUNTIME_API</c> is set), where the extension is asked; otherwise only the local <c>Value</c>/<c>File</c> fallback is read.</summary>
    public bool UnderLambda { get; set; }

    public string? SessionToken { get; set; }

    /// <summary>Gets or sets a problem with the section as a whole (a malformed TTL or port), reported by every read.</summary>
    public string? Problem { get; set; }

    public static AponoSecretsSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new AponoSecretsSettings
        {
            UnderLambda = !string.IsNullOrEmpty(configuration["AWS_LAMBDA_RUNTIME_API"]),
            SessionToken = NullIfEmpty(configuration["AWS_SESSION_TOKEN"]),
        };

        var section = configuration.GetSection(Section);
        foreach (var child in section.GetChildren())
        {
            if (string.Equals(child.Key, "CacheTtl", StringComparison.OrdinalIgnoreCase))
            {
                settings.CacheTtl = Duration(child.Value, settings.CacheTtl, $"{Section}:CacheTtl", settings, allowZero: true);
            }
            else if (string.Equals(child.Key, "RequestTimeout", StringComparison.OrdinalIgnoreCase))
            {
                settings.RequestTimeout = Duration(child.Value, settings.RequestTimeout, $"{Section}:RequestTimeout", settings, allowZero: false);
            }
            else
            {
                settings.Sources[child.Key] = new SecretSource(
                    child.Key,
                    NullIfEmpty(child["SecretId"]),
                    NullIfEmpty(child["VersionStage"]),
                    NullIfEmpty(child["Parameter"]),
                    NullIfEmpty(child["Value"]),
                    NullIfEmpty(child["File"]));
            }
        }

        var port = configuration["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"];
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65_535)
            {
                settings.Port = number;
            }
            else
            {
                settings.Problem ??= "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT must be a port number (1-65535).";
            }
        }

        return settings;
    }

    /// <summary>Accepts a whole number of seconds (<c>300</c>) or a <see cref="TimeSpan"/> (<c>00:05:00</c>).</summary>
    private static TimeSpan Duration(string? text, TimeSpan fallback, string key, AponoSecretsSettings settings, bool allowZero)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds > 0 || (allowZero && seconds == 0))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }
        else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && (span > TimeSpan.Zero || (allowZero && span == TimeSpan.Zero)))
        {
            return span;
        }

        settings.Problem ??= $"{key} must be a whole number of seconds (300) or a time span (00:05:00){(allowZero ? "; 0 turns the cache off" : " greater than zero")}.";
        return fallback;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
