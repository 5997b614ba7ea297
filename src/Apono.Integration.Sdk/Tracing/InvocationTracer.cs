using System.Diagnostics;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tracing;

/// <summary>
/// The runtime's <see cref="ActivitySource"/> (<see cref="AponoTelemetry.SourceName"/>): a server span per invocation,
/// parented on the Lambda trace header, and an internal span per pipeline stage under it.
/// </summary>
internal sealed class InvocationTracer : IDisposable
{
    public const string InvocationSpan = "apono.invocation";
    public const string ReadSpan = "apono.read";
    public const string AuthorSpan = "apono.handler";
    public const string WriteSpan = "apono.write";

    private readonly ActivitySource source = new(AponoTelemetry.SourceName, typeof(InvocationTracer).Assembly.GetName().Version?.ToString());

    /// <summary>Gets this runtime's source (a benchmark listens to it alone).</summary>
    public ActivitySource Source => source;

    public bool HasListeners => source.HasListeners();

    /// <summary>Starts the invocation's span, or returns <see langword="null"/> when nothing listens.</summary>
    public Activity? StartInvocation(InvocationMetadata metadata)
    {
        if (!source.HasListeners())
        {
            return null;
        }

        // A malformed or absent header gives a root span: the parent context is then default.
        _ = XRayTraceHeader.TryParse(metadata.TraceId, out var parent);
        try
        {
            var activity = source.StartActivity(InvocationSpan, ActivityKind.Server, parent);
            activity?.SetTag("faas.invocation_id", metadata.RequestId);
            return activity;
        }
#pragma warning disable CA1031 // A listener that throws (its sampler, its start callback) costs the span, never the answer.
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// Starts a stage span under the current invocation span; <see langword="null"/> when the current activity is not
    /// one of this SDK's invocation spans (tracing off, nothing listening, or an author's span still current).
    /// </summary>
    public static Activity? StartStage(string name)
    {
        var current = Activity.Current;
        if (current is null || current.OperationName != InvocationSpan || current.Source.Name != AponoTelemetry.SourceName)
        {
            return null;
        }

        try
        {
            return current.Source.StartActivity(name, ActivityKind.Internal);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Ends the span <paramref name="stage"/> and starts the next stage <paramref name="next"/>.</summary>
    public static Activity? NextStage(Activity? stage, string next)
    {
        if (stage is null)
        {
            return null;
        }

        End(stage);
        return StartStage(next);
    }

    /// <summary>Ends a span; a listener's stop callback (an exporter) that throws is ignored.</summary>
    public static void End(Activity? span)
    {
        try
        {
            span?.Dispose();
        }
        catch (Exception)
        {
        }
    }
#pragma warning restore CA1031

    public void Dispose() => source.Dispose();
}
