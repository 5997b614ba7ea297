using System.Diagnostics;
using Apono.Integration.Sdk.Audit;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Metrics;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tracing;

namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// Watches one invocation for the audit record, the metrics and the spans: created when the bytes arrive
/// (<see cref="InvocationObservers.Begin"/>), told the request once read (<see cref="RequestRead"/>) and the answer once
/// (<see cref="FinishAsync"/>). Stage spans inside the author's part come from <see cref="InvocationTracer.StartStage"/>.
/// Nothing here can change the answer: every failure is counted and logged by type.
/// </summary>
internal sealed class InvocationObserver
{
    private readonly InvocationObservers owner;
    private readonly InvocationMetadata metadata;
    private readonly Activity? invocation;
    private long answeredTicks = -1;
    private Activity? read;
    private AponoRequest? request;

    public InvocationObserver(InvocationObservers owner, InvocationMetadata metadata, bool tracing)
    {
        this.owner = owner;
        this.metadata = metadata;
        Started = owner.TimeProvider.GetTimestamp();
        invocation = tracing ? owner.Tracer?.StartInvocation(metadata) : null;
        read = invocation is null ? null : InvocationTracer.StartStage(InvocationTracer.ReadSpan);
    }

    /// <summary>
    /// Gets the <see cref="TimeProvider.GetTimestamp"/> read when the invocation began: the pipeline times the invocation
    /// from it too, so both measure the same span with one clock read.
    /// </summary>
    public long Started { get; }

    /// <summary>
    /// The pipeline had its answer after <paramref name="elapsed"/> (the time it logs): the metrics and the audit record
    /// carry the same duration, without a second clock read. An answer that never passes here (an error) is timed when
    /// it is finished.
    /// </summary>
    public void Answered(TimeSpan elapsed) => Volatile.Write(ref answeredTicks, elapsed.Ticks);

    /// <summary>The request was read: its fields name the spans, metrics and audit record.</summary>
    public void RequestRead(AponoRequest request)
    {
        this.request = request;
        InvocationTracer.End(read);
        read = null;
        if (invocation is not null)
        {
            invocation.DisplayName = request.EventType;
            invocation.SetTag("apono.event_type", request.EventType);
            invocation.SetTag("apono.resource_type", ResourceTypeOf(request));
            invocation.SetTag("apono.grant_id", GrantIdOf(request));
        }
    }

    /// <summary>
    /// The answer is known: end the spans, write the audit record and the metrics document. Never throws. Completes
    /// synchronously unless an audit sink is registered (only the sinks are awaited). Without a sink both lines go to the
    /// log stream in one write; with one, the audit line goes first and the metrics document (which counts the sinks'
    /// failures) after the sinks.
    /// </summary>
    public ValueTask FinishAsync(InvocationResult result)
    {
        var answered = Volatile.Read(ref answeredTicks);
        var elapsed = answered >= 0 && result.IsSuccess ? TimeSpan.FromTicks(answered) : owner.TimeProvider.GetElapsedTime(Started);
        var errorType = result.IsSuccess ? null : result.ErrorType ?? Errors.AponoErrorType.InternalError;
        var outcome = errorType ?? AuditRecord.OkOutcome;
        if (invocation is not null || read is not null)
        {
            EndSpans(outcome, errorType);
        }

        var now = owner.Now();
        var line = TelemetryLineWriter.Rent();
        try
        {
            if (AuditFields.TryGet(request, out var fields))
            {
                if (owner.AuditLines)
                {
                    AppendAudit(line, fields, now, outcome, elapsed);
                }

                if (owner.Sinks.HasSinks)
                {
                    Write(line, "audit record");
                    return DeliverThenMeasureAsync(RecordOf(fields, now, outcome, elapsed), outcome, errorType, elapsed, result.Body.Length);
                }
            }

            Measure(line, now, outcome, errorType, elapsed, result.Body.Length, sinkFailures: 0);
            return default;
        }
        finally
        {
            line.Return();
        }
    }

    private async ValueTask DeliverThenMeasureAsync(AuditRecord record, string outcome, string? errorType, TimeSpan elapsed, int replyBytes)
    {
        var sinkFailures = await owner.Sinks.DeliverAsync(record, metadata.Deadline).ConfigureAwait(false);
        owner.CountSinkFailures(sinkFailures);
        var line = TelemetryLineWriter.Rent();
        try
        {
            Measure(line, owner.Now(), outcome, errorType, elapsed, replyBytes, sinkFailures);
        }
        finally
        {
            line.Return();
        }
    }

    private void AppendAudit(TelemetryLineWriter line, in AuditFields fields, DateTimeOffset now, string outcome, TimeSpan elapsed)
    {
        var start = line.Length;
#pragma warning disable CA1031 // A failing line must not change the answer.
        try
        {
            owner.AppendAudit(line, fields, now, metadata.RequestId, outcome, elapsed.TotalMilliseconds);
        }
        catch (Exception ex)
        {
            line.Truncate(start);
            Failed("audit record", ex);
        }
#pragma warning restore CA1031
    }

    /// <summary>Records the measurements, appends the metrics document and writes what the line holds.</summary>
    private void Measure(TelemetryLineWriter line, DateTimeOffset now, string outcome, string? errorType, TimeSpan elapsed, int replyBytes, int sinkFailures)
    {
        var hasAudit = line.Length > 0;
        var start = line.Length;
#pragma warning disable CA1031 // A failing instrument or line must not change the answer.
        try
        {
            var eventType = request?.EventType ?? "unknown";
            var resourceType = request is null ? null : EmfDocumentWriter.DimensionValue(ResourceTypeOf(request));
            owner.Meters.Record(eventType, resourceType, outcome, errorType, elapsed.TotalMilliseconds, replyBytes, sinkFailures);
            if (owner.MetricsDocuments)
            {
                owner.AppendMetrics(line, now, metadata.RequestId, eventType, resourceType, errorType, elapsed.TotalMilliseconds, replyBytes, sinkFailures);
            }
        }
        catch (Exception ex)
        {
            line.Truncate(start);
            Failed("metrics document", ex);
        }
#pragma warning restore CA1031

        Write(line, hasAudit ? (line.Length > start ? "audit record and metrics document" : "audit record") : "metrics document");
    }

    private void Write(TelemetryLineWriter line, string part)
    {
#pragma warning disable CA1031 // A stream that fails must not change the answer.
        try
        {
            owner.WriteLines(line);
        }
        catch (Exception ex)
        {
            Failed(part, ex);
        }
#pragma warning restore CA1031
    }

    private void EndSpans(string outcome, string? errorType)
    {
        try
        {
            read?.Dispose();
            if (invocation is not null)
            {
                invocation.SetTag("apono.outcome", outcome);
                if (errorType is not null)
                {
                    invocation.SetTag("error.type", errorType);
                    invocation.SetStatus(ActivityStatusCode.Error, errorType);
                }
                else
                {
                    invocation.SetStatus(ActivityStatusCode.Ok);
                }

                invocation.Dispose();
            }
        }
#pragma warning disable CA1031 // A listener that throws must not change the answer.
        catch (Exception ex)
        {
            Failed("trace", ex);
        }
#pragma warning restore CA1031
    }

    private void Failed(string part, Exception exception)
    {
        owner.Failures.Record("Apono.Integration.Sdk.Telemetry", exception);
        TelemetryLog.TelemetryFailed(owner.Logger, part, metadata.RequestId, exception.GetType().Name);
    }

    /// <summary>The record an audit sink receives: the request's text fields escaped as every log line's are.</summary>
    private AuditRecord RecordOf(in AuditFields fields, DateTimeOffset timestamp, string outcome, TimeSpan elapsed) => new()
    {
        Timestamp = timestamp,
        RequestId = metadata.RequestId,
        EventType = fields.EventType,
        GrantId = fields.GrantId is { } grantId ? DisplayText.Escape(grantId) : null,
        ResourceType = DisplayText.Escape(fields.ResourceType),
        Username = DisplayText.Escape(fields.Username),
        Resources = Escape(fields.Resources),
        Permission = fields.Permission is { } permission ? DisplayText.Escape(permission) : null,
        Outcome = outcome,
        Duration = elapsed,
    };

    private static IReadOnlyList<string> Escape(IReadOnlyList<string> texts)
    {
        string[]? copy = null;
        for (var i = 0; i < texts.Count; i++)
        {
            var escaped = DisplayText.Escape(texts[i]);
            if (copy is null && !ReferenceEquals(escaped, texts[i]))
            {
                copy = new string[texts.Count];
                for (var j = 0; j < i; j++)
                {
                    copy[j] = texts[j];
                }
            }

            if (copy is not null)
            {
                copy[i] = escaped;
            }
        }

        return copy ?? texts;
    }

    private static string? ResourceTypeOf(AponoRequest request) => request switch
    {
        AccessRequest access => access.ResourceType,
        CredentialsRequest credentials => credentials.ResourceType,
        ListResourcesRequest list => list.ResourceType,
        _ => null,
    };

    private static string? GrantIdOf(AponoRequest request) => request switch
    {
        AccessRequest access => access.GrantId,
        CredentialsRequest credentials => credentials.GrantId,
        _ => null,
    };
}
