using System.Globalization;
using System.Text;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>
/// Redaction cost against the number of secret custom parameters (issue 12 item 3: it must grow linearly).
/// <c>Count</c> secret-named parameters (<c>token_N</c>, 19-character values) arrive in one grant-access request.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Invocation, no line</c> (baseline): the request is read and answered; no line is written, so no
/// secret is collected or matched.</item>
/// <item><c>Invocation, one line</c>: the same, and the author logs one Warning line quoting a secret: the
/// invocation's matcher is built (once) and the line is redacted.</item>
/// <item><c>Engine: build + redact one line</c>: only the redaction engine: collect the secrets, build the
/// automaton, redact a 200-character line.</item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
public partial class RedactionScalingBenchmarks
{
    private byte[] body = [];
    private string[] secrets = [];
    private string line = string.Empty;
    private InvocationPipeline quiet = null!;
    private InvocationPipeline logging = null!;
    private LoggingFunction quietFunction = null!;
    private LoggingFunction loggingFunction = null!;
    private InvocationMetadata metadata = null!;

    [Params(2_000, 20_000, 40_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        secrets = [.. Enumerable.Range(0, Count).Select(static i => string.Create(CultureInfo.InvariantCulture, $"secret-value-{i:D6}"))];
        var builder = new StringBuilder("{\"event_type\":\"grant-access\",\"params\":{\"grant_id\":\"g-1\",\"username\":\"jane@example.com\",\"resource_type\":\"db\",\"resources\":[\"r1\"],\"permission\":\"read\",\"custom_parameters\":{");
        for (var i = 0; i < Count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $"\"token_{i}\":\"{secrets[i]}\"");
        }

        body = Encoding.UTF8.GetBytes(builder.Append("}}}").ToString());
        line = $"Calling https://api.example.com/v1/items?token={secrets[Count / 2]}&page=2 for jane@example.com after 3 retries; last status 401 Unauthorized ({new string('x', 80)})";
        quietFunction = new LoggingFunction { Line = null };
        loggingFunction = new LoggingFunction { Line = "token_" + (Count / 2).ToString(CultureInfo.InvariantCulture) };
        quiet = BenchmarkFunction.Pipeline(quietFunction, LogLevel.Warning);
        logging = BenchmarkFunction.Pipeline(loggingFunction, LogLevel.Warning);
        metadata = new InvocationMetadata("8476a536-e9f4-11e8-9739-2dfe598c3fcd", DateTimeOffset.UtcNow.AddDays(1));

        var redacted = Engine();
        if (redacted.Contains(secrets[Count / 2], StringComparison.Ordinal) || !redacted.Contains("token=***&page", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The engine did not mask the secret: " + redacted);
        }

        if (!logging.InvokeAsync(body, metadata).GetAwaiter().GetResult().IsSuccess)
        {
            throw new InvalidOperationException("The invocation failed.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        quietFunction.DisposeAsync().AsTask().GetAwaiter().GetResult();
        loggingFunction.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "Invocation, no line")]
    public Task Quiet() => quiet.InvokeAsync(body, metadata);

    [Benchmark(Description = "Invocation, one line")]
    public Task OneLine() => logging.InvokeAsync(body, metadata);

    [Benchmark(Description = "Engine: build + redact one line")]
    public string Engine()
    {
        var redactor = new SecretRedactor(new SecretRegistry());
        var invocation = redactor.BeginInvocation();
        invocation.AddLater(secrets);
        var result = redactor.Redact(line, invocation);
        redactor.EndInvocation(invocation);
        return result;
    }

    /// <summary>Logs one Warning line quoting the custom parameter named <see cref="Line"/>, if set.</summary>
    public sealed partial class LoggingFunction : AponoIntegrationFunction
    {
        private static readonly Task Ok = Task.CompletedTask;

        public string? Line { get; init; }

        /// <summary>
        /// The defaults (256 top-level keys, 256 KiB of custom parameters) refuse these requests before any secret is
        /// collected, which already bounds redaction per invocation; the benchmark lifts them to measure the engine's
        /// scaling beyond them.
        /// </summary>
        protected override void Configure(AponoFunctionOptions options)
        {
            options.MaxCustomParameterCount = 100_000;
            options.MaxCustomParameterBytes = AponoFunctionOptions.LambdaReplyLimitBytes;
        }

        protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            if (Line is not null)
            {
                LogCalling(context.Logger, request.CustomParameters.GetString(Line));
            }

            return Ok;
        }

        [LoggerMessage(LogLevel.Warning, "Calling https://api.example.com/v1/items?token={Token}&page=2 after 3 retries")]
        private static partial void LogCalling(ILogger logger, string? token);
    }
}
