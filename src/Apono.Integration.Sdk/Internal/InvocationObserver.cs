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
    private readonly long started;
    private readonly Activity? invocation;
    private Activity? read;
    private AponoRequest? request;

    public InvocationObserver(InvocationObservers owner, InvocationMetadata metadata)
    {
        this.owner = owner;
        this.metadata = metadata;
        started = owner.TimeProvider.GetTimestamp();
        invocation = owner.Tracer?.StartInvocation(metadata);
        read = invocation is null ? null : InvocationTracer.StartStage(InvocationTracer.ReadSpan);
    }

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

    /// <summary>The answer is known: end the spans, write the audit record and the metrics document. Never throws.</summary>
    public async ValueTask FinishAsync(InvocationResult result)
    {
        var elapsed = owner.TimeProvider.GetElapsedTime(started);
        var errorType = result.IsSuccess ? null : result.ErrorType ?? Errors.AponoErrorType.InternalError;
        var outcome = errorType ?? AuditRecord.OkOutcome;
        var eventType = request?.EventType ?? "unknown";
        var resourceType = request is null ? null : EmfDocumentWriter.DimensionValue(ResourceTypeOf(request));
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

        var sinkFailures = 0;
        if (request is not null && AuditRecordOf(request, outcome, elapsed) is { } record)
        {
            if (owner.AuditLines)
            {
                try
                {
                    owner.WriteAudit(record);
                }
                catch (Exception ex)
                {
                    Failed("audit record", ex);
                }
            }

            if (owner.Sinks.HasSinks)
            {
                sinkFailures = await owner.Sinks.DeliverAsync(record, metadata.Deadline).ConfigureAwait(false);
                owner.CountSinkFailures(sinkFailures);
            }
        }

        try
        {
            owner.Meters.Record(eventType, resourceType, outcome, errorType, elapsed.TotalMilliseconds, result.Body.Length, sinkFailures);
            if (owner.MetricsDocuments)
            {
                owner.WriteMetrics(metadata.RequestId, eventType, resourceType, errorType, elapsed.TotalMilliseconds, result.Body.Length, sinkFailures);
            }
        }
        catch (Exception ex)
        {
            Failed("metrics document", ex);
        }
#pragma warning restore CA1031
    }

    private void Failed(string part, Exception exception)
    {
        owner.Failures.Record("Apono.Integration.Sdk.Telemetry", exception);
        TelemetryLog.TelemetryFailed(owner.Logger, part, metadata.RequestId, exception.GetType().Name);
    }

    private AuditRecord? AuditRecordOf(AponoRequest request, string outcome, TimeSpan elapsed) => request switch
    {
        AccessRequest access => new AuditRecord
        {
            Timestamp = owner.TimeProvider.GetUtcNow(),
            RequestId = metadata.RequestId,
            EventType = access.EventType,
            GrantId = DisplayText.Escape(access.GrantId),
            ResourceType = DisplayText.Escape(access.ResourceType),
            Username = DisplayText.Escape(access.Username),
            Resources = Escape(access.Resources),
            Permission = DisplayText.Escape(access.Permission),
            Outcome = outcome,
            Duration = elapsed,
        },
        CredentialsRequest credentials => new AuditRecord
        {
            Timestamp = owner.TimeProvider.GetUtcNow(),
            RequestId = metadata.RequestId,
            EventType = credentials.EventType,
            GrantId = credentials.GrantId is { } grantId ? DisplayText.Escape(grantId) : null,
            ResourceType = DisplayText.Escape(credentials.ResourceType),
            Username = DisplayText.Escape(credentials.Username),
            Resources = Escape(credentials.Resources),
            Permission = credentials.Permission is { } permission ? DisplayText.Escape(permission) : null,
            Outcome = outcome,
            Duration = elapsed,
        },
        _ => null,
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
