using System.Globalization;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Tests.Operations;

/// <summary>The real runtime as Lambda builds it (telemetry lines on the log stream), with the stream captured in memory.</summary>
internal sealed class TelemetryHarness : IAsyncDisposable
{
    private readonly AponoIntegrationFunction function;
    private readonly MemoryStream logs = new();
    private int invocations;

    public TelemetryHarness(AponoIntegrationFunction function, IReadOnlyDictionary<string, string?>? environment = null, TimeProvider? timeProvider = null,
        LogLevel logLevel = LogLevel.Information, bool writeTelemetryLines = true)
    {
        this.function = function;
        Runtime = FunctionRuntime.Create(function, new FunctionHostSettings
        {
            Environment = environment ?? new Dictionary<string, string?> { ["AWS_LAMBDA_FUNCTION_NAME"] = "apono-test-fn" },
            LogOutput = logs,
            DefaultLogLevel = logLevel,
            TimeProvider = timeProvider ?? TimeProvider.System,
            WriteTelemetryLines = writeTelemetryLines,
        }, ownsFunction: true);
        Prefix = "req-" + Guid.NewGuid().ToString("N")[..12];
    }

    public FunctionRuntime Runtime { get; }

    /// <summary>Gets the request id prefix of this harness (unique, so spans of parallel tests can be told apart).</summary>
    public string Prefix { get; }

    public string LastRequestId { get; private set; } = string.Empty;

    public InvocationObservers Observers => (InvocationObservers)Runtime.Services.GetService(typeof(InvocationObservers))!;

    /// <summary>Gets every line written to the log stream so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (logs)
            {
                return Encoding.UTF8.GetString(logs.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
    }

    public IReadOnlyList<string> AuditLines => Lines.Where(static l => Field(l, "record") == "apono.audit").ToList();

    public IReadOnlyList<string> MetricDocuments => Lines.Where(static l => HasMember(l, "_aws")).ToList();

    public Task<InvocationResult> InvokeAsync(string json, string? traceId = null, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default)
    {
        LastRequestId = string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{Interlocked.Increment(ref invocations):D3}");
        return Runtime.Pipeline.InvokeAsync(Encoding.UTF8.GetBytes(json), new InvocationMetadata(LastRequestId, deadline) { TraceId = traceId }, cancellationToken);
    }

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();

    public static string? Field(string line, string name)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static bool HasMember(string line, string name)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.TryGetProperty(name, out _);
    }
}
