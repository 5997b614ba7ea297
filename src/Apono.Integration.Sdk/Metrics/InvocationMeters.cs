using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Apono.Integration.Sdk.Tracing;

namespace Apono.Integration.Sdk.Metrics;

/// <summary>
/// The runtime's <see cref="Meter"/> (<see cref="AponoTelemetry.MeterName"/>). Instruments and their tags are listed in
/// docs/operations.md; a measurement nobody listens to costs a flag check.
/// </summary>
internal sealed class InvocationMeters : IDisposable
{
    private readonly Meter meter = new(AponoTelemetry.MeterName, typeof(InvocationMeters).Assembly.GetName().Version?.ToString());
    private readonly Counter<long> invocations;
    private readonly Counter<long> errors;
    private readonly Histogram<double> duration;
    private readonly Histogram<int> replySize;
    private readonly Counter<long> auditSinkFailures;

    public InvocationMeters()
    {
        invocations = meter.CreateCounter<long>("apono.invocations", "{invocation}", "Invocations handled, by event, resource type and outcome.");
        errors = meter.CreateCounter<long>("apono.invocation.errors", "{invocation}", "Invocations that answered an error, by event, resource type and error type.");
        duration = meter.CreateHistogram<double>("apono.invocation.duration", "ms", "Time from receiving the request to having the answer.");
        replySize = meter.CreateHistogram<int>("apono.reply.size", "By", "Size of the answer (reply or error JSON).");
        auditSinkFailures = meter.CreateCounter<long>("apono.audit.sink_failures", "{failure}", "Audit sinks that threw or timed out.");
    }

    /// <summary>Gets this runtime's meter (tests listen to it alone).</summary>
    public Meter Meter => meter;

    public bool Enabled => invocations.Enabled || errors.Enabled || duration.Enabled || replySize.Enabled || auditSinkFailures.Enabled;

    public void Record(string eventType, string? resourceType, string outcome, string? errorType, double milliseconds, int replyBytes, int sinkFailures)
    {
        if (Enabled)
        {
            RecordListened(eventType, resourceType, outcome, errorType, milliseconds, replyBytes, sinkFailures);
        }
    }

    // Apart from Record, so the tag lists' stack space (hundreds of bytes, zeroed on entry) is only taken when someone listens.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordListened(string eventType, string? resourceType, string outcome, string? errorType, double milliseconds, int replyBytes, int sinkFailures)
    {
        var tags = new TagList
        {
            { "apono.event_type", eventType },
            { "apono.resource_type", resourceType },
        };
        var withOutcome = tags;
        withOutcome.Add("apono.outcome", outcome);
        invocations.Add(1, withOutcome);
        duration.Record(milliseconds, tags);
        replySize.Record(replyBytes, tags);
        if (errorType is not null)
        {
            var withError = tags;
            withError.Add("error.type", errorType);
            errors.Add(1, withError);
        }

        if (sinkFailures > 0)
        {
            auditSinkFailures.Add(sinkFailures, tags);
        }
    }

    public void Dispose() => meter.Dispose();
}
