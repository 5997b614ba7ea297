using System.Text.Json;
using Apono.Integration.Sdk.Audit;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Metrics;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tracing;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// The runtime's audit, metrics and tracing parts (a DI singleton, disposed with the container). The pipeline asks it
/// for one <see cref="InvocationObserver"/> per invocation; everything the observer does lives here and in the Audit,
/// Metrics and Tracing folders, so the pipeline's part is three calls.
/// </summary>
internal sealed class InvocationObservers : IDisposable
{
    private readonly Action<ReadOnlySpan<byte>>? writeLines;
    private readonly EmfDocumentWriter? emf;
    private readonly JsonEncodedText encodedLevel;

    /// <param name="options">The function's telemetry options, configuration applied and validated.</param>
    /// <param name="writeLines">Writes whole lines (each ending in a line break) to the function's log stream at once (with the log lines' lock); <see langword="null"/>: this host writes no audit or metrics lines.</param>
    /// <param name="sinks">The registered audit sinks.</param>
    /// <param name="functionName">The <c>FunctionName</c> dimension value.</param>
    /// <param name="minimumLevel">The function's log level: the lines carry the lowest level it lets through, so Lambda's log-level filter keeps them.</param>
    /// <param name="timeProvider">The function's clock.</param>
    /// <param name="loggerFactory">Where sink failures are logged.</param>
    public InvocationObservers(AponoTelemetryOptions options, Action<ReadOnlySpan<byte>>? writeLines, IAuditSink[] sinks, string functionName,
        LogLevel minimumLevel, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        const string Category = "Apono.Integration.Sdk.Telemetry";
        Options = options;
        TimeProvider = timeProvider;
        Logger = new FailSafeLogger(loggerFactory.CreateLogger(Category), Category, Failures);
        var level = JsonLinesLoggerProvider.LevelName(minimumLevel is > LogLevel.Information and <= LogLevel.Critical ? minimumLevel : LogLevel.Information);
        encodedLevel = JsonEncodedText.Encode(level, ReplyWriter.WriterOptions.Encoder);
        this.writeLines = writeLines;
        AuditLines = options.AuditRecords && writeLines is not null;
        Sinks = new AuditSinkDispatcher(sinks, options.AuditSinkTimeout, timeProvider, Logger);
        emf = options.Metrics && writeLines is not null
            ? new EmfDocumentWriter(options, EmfDocumentWriter.DimensionValue(functionName) ?? EmfDocumentWriter.InvalidDimensionValue, level)
            : null;
        Tracer = options.Tracing ? new InvocationTracer() : null;
    }

    public AponoTelemetryOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Gets the count of audit lines, metrics documents or spans that could not be written.</summary>
    public LogWriteFailures Failures { get; } = new();

    public InvocationMeters Meters { get; } = new();

    public InvocationTracer? Tracer { get; }

    public AuditSinkDispatcher Sinks { get; }

    public bool AuditLines { get; }

    public bool MetricsDocuments => emf is not null;

    /// <summary>Gets the total count of audit sink calls that threw or timed out.</summary>
    public long AuditSinkFailures => Interlocked.Read(ref auditSinkFailures);

    private long auditSinkFailures;

    /// <summary>Gets whether an invocation would produce anything: a line, a sink call, a span or a measurement someone listens to.</summary>
    public bool IsActive => AuditLines || Sinks.HasSinks || emf is not null || Tracer?.HasListeners == true || Meters.Enabled;

    /// <summary>
    /// Starts watching an invocation. With <paramref name="tracing"/>, call it inside the invocation's async method, so
    /// the span it makes current stays there; without, it starts no span (and may be called from a synchronous method).
    /// </summary>
    public InvocationObserver Begin(InvocationMetadata metadata, bool tracing) => new(this, metadata, tracing);

    internal void CountSinkFailures(int failures) => Interlocked.Add(ref auditSinkFailures, failures);

    /// <summary>The function's clock, read once for both lines of an invocation.</summary>
    internal DateTimeOffset Now() => TimeProvider.GetUtcNow();

    /// <summary>Appends the audit line of an access-changing request (escaped as <see cref="AuditRecord"/>'s fields are), with its line break.</summary>
    internal void AppendAudit(TelemetryLineWriter line, in AuditFields fields, DateTimeOffset timestamp, string requestId, string outcome, double milliseconds)
    {
        AuditRecordWriter.Write(line, fields, timestamp, requestId, outcome, milliseconds, encodedLevel);
        line.Raw("\n"u8);
    }

    /// <summary>Appends the metrics document, with its line break.</summary>
    internal void AppendMetrics(TelemetryLineWriter line, DateTimeOffset timestamp, string requestId, string eventType, string? resourceType, string? errorType, double milliseconds, int replyBytes, int sinkFailures)
    {
        emf!.Write(line, timestamp.ToUnixTimeMilliseconds(), requestId, eventType, resourceType, errorType, milliseconds, replyBytes, sinkFailures);
        line.Raw("\n"u8);
    }

    /// <summary>Writes what <paramref name="line"/> holds (whole lines, each ending in a line break) to the log stream, with one write.</summary>
    internal void WriteLines(TelemetryLineWriter line)
    {
        if (line.Length > 0)
        {
            writeLines!(line.WrittenSpan);
        }
    }

    public void Dispose()
    {
        Meters.Dispose();
        Tracer?.Dispose();
    }
}
