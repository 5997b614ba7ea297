namespace Apono.Integration.Sdk.Metrics;

/// <summary>
/// The names of the CloudWatch metrics and dimensions in the SDK's Embedded Metric Format documents (one per
/// invocation), for alarms, dashboards and <see cref="Routing.AponoTelemetryOptions.MetricDimensionSets"/>.
/// </summary>
public static class AponoMetricNames
{
    /// <summary>The default CloudWatch namespace: <c>Apono/Integrations</c>.</summary>
    public const string DefaultNamespace = "Apono/Integrations";

    /// <summary>Metric <c>Invocations</c> (Count): 1 per invocation.</summary>
    public const string Invocations = "Invocations";

    /// <summary>Metric <c>Errors</c> (Count): 1 when the invocation answered an error (any <c>errorType</c>, <c>Timeout</c> included), else 0.</summary>
    public const string Errors = "Errors";

    /// <summary>Metric <c>Timeouts</c> (Count): 1 when the invocation answered <c>Timeout</c>, else 0.</summary>
    public const string Timeouts = "Timeouts";

    /// <summary>Metric <c>Duration</c> (Milliseconds): from receiving the request to having the answer.</summary>
    public const string Duration = "Duration";

    /// <summary>Metric <c>ReplyBytes</c> (Bytes): the size of the answer (reply or error JSON).</summary>
    public const string ReplyBytes = "ReplyBytes";

    /// <summary>Metric <c>AuditSinkFailures</c> (Count): the <see cref="Audit.IAuditSink"/>s that threw or timed out for this invocation.</summary>
    public const string AuditSinkFailures = "AuditSinkFailures";

    /// <summary>Dimension <c>FunctionName</c>: <c>AWS_LAMBDA_FUNCTION_NAME</c>, or <c>local</c> outside Lambda.</summary>
    public const string FunctionNameDimension = "FunctionName";

    /// <summary>Dimension <c>EventType</c>: the event's wire name, or <c>unknown</c> when the request could not be read.</summary>
    public const string EventTypeDimension = "EventType";

    /// <summary>
    /// Dimension <c>ResourceType</c>: the request's <c>resource_type</c>. A dimension set naming it is left out of the
    /// document of an event without one (get-status, list-resources-tags, an unreadable request), and a value that
    /// CloudWatch would refuse (not printable ASCII, or longer than 256 characters) is written as <c>invalid</c>.
    /// </summary>
    public const string ResourceTypeDimension = "ResourceType";

    /// <summary>Dimension <c>ErrorType</c>: the answered <c>errorType</c>. A dimension set naming it is left out of the document of a success.</summary>
    public const string ErrorTypeDimension = "ErrorType";
}
