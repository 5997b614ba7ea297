using System.Globalization;
using Apono.Integration.Sdk.Metrics;
using Microsoft.Extensions.Configuration;

namespace Apono.Integration.Sdk.Routing;

/// <summary>
/// The audit record, CloudWatch metrics (Embedded Metric Format) and traces of a function; every property documents
/// its default. Reached as <see cref="AponoFunctionOptions.Telemetry"/>.
/// </summary>
/// <remarks>
/// Deploy-time configuration overrides what <see cref="AponoIntegrationFunction.Configure(AponoFunctionOptions)"/>
/// set, so an operator can turn a part off without a build: the environment variables
/// <c>Apono__Telemetry__AuditRecords</c>, <c>Apono__Telemetry__Metrics</c>, <c>Apono__Telemetry__Tracing</c>
/// (<c>true</c>/<c>false</c>) and <c>Apono__Telemetry__MetricsNamespace</c>. docs/operations.md describes each part.
/// </remarks>
public sealed class AponoTelemetryOptions
{
    private static readonly string[] KnownDimensions =
    [
        AponoMetricNames.FunctionNameDimension,
        AponoMetricNames.EventTypeDimension,
        AponoMetricNames.ResourceTypeDimension,
        AponoMetricNames.ErrorTypeDimension,
    ];

    /// <summary>
    /// Gets or sets whether each access-changing invocation writes its <c>"record":"apono.audit"</c> line to the
    /// function's log stream.
    /// </summary>
    /// <value>Default <see langword="true"/>. Registered <see cref="Audit.IAuditSink"/>s are called either way.</value>
    public bool AuditRecords { get; set; } = true;

    /// <summary>Gets or sets how long each <see cref="Audit.IAuditSink"/> may take before the SDK stops waiting for it.</summary>
    /// <value>Default 1 second; never more than half the time left before the invocation's deadline.</value>
    public TimeSpan AuditSinkTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets whether each invocation writes one CloudWatch Embedded Metric Format document to the log stream.</summary>
    /// <value>Default <see langword="true"/>. The <see cref="System.Diagnostics.Metrics.Meter"/> instruments are published either way.</value>
    public bool Metrics { get; set; } = true;

    /// <summary>Gets or sets the CloudWatch namespace of the metrics.</summary>
    /// <value>Default <see cref="AponoMetricNames.DefaultNamespace"/> (<c>Apono/Integrations</c>); 1-255 printable ASCII characters.</value>
    public string MetricsNamespace { get; set; } = AponoMetricNames.DefaultNamespace;

    /// <summary>
    /// Gets the dimension sets every metric is published under, each a list of dimension names from
    /// <see cref="AponoMetricNames"/> (<c>FunctionName</c>, <c>EventType</c>, <c>ResourceType</c>, <c>ErrorType</c>)
    /// or keys of <see cref="MetricDimensions"/>.
    /// </summary>
    /// <value>
    /// Default <c>[FunctionName]</c>, <c>[FunctionName, EventType]</c>, <c>[FunctionName, EventType, ResourceType]</c>.
    /// At most 30 names per set. Each set is a separate CloudWatch metric (and cost).
    /// </value>
    public IList<IReadOnlyList<string>> MetricDimensionSets { get; } =
    [
        [AponoMetricNames.FunctionNameDimension],
        [AponoMetricNames.FunctionNameDimension, AponoMetricNames.EventTypeDimension],
        [AponoMetricNames.FunctionNameDimension, AponoMetricNames.EventTypeDimension, AponoMetricNames.ResourceTypeDimension],
    ];

    /// <summary>
    /// Gets fixed dimensions written into every metrics document, such as <c>["Environment"] = "production"</c>; a
    /// set in <see cref="MetricDimensionSets"/> uses them by name.
    /// </summary>
    /// <value>Empty by default. Names and values: 1-255 and 1-1,024 printable ASCII characters; names must not clash with the SDK's.</value>
    public IDictionary<string, string> MetricDimensions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets whether the SDK starts spans on its <see cref="Tracing.AponoTelemetry.SourceName"/>
    /// <see cref="System.Diagnostics.ActivitySource"/>: one per invocation, parented on the Lambda trace header, and
    /// one per stage (read, author method, validate and write).
    /// </summary>
    /// <value>Default <see langword="true"/>. Without a listener (no OpenTelemetry tracer provider) no span is created either way.</value>
    public bool Tracing { get; set; } = true;

    internal void ApplyConfiguration(IConfiguration configuration)
    {
        AuditRecords = Flag(configuration, "Apono:Telemetry:AuditRecords", AuditRecords);
        Metrics = Flag(configuration, "Apono:Telemetry:Metrics", Metrics);
        Tracing = Flag(configuration, "Apono:Telemetry:Tracing", Tracing);
        if (configuration["Apono:Telemetry:MetricsNamespace"] is { Length: > 0 } ns)
        {
            MetricsNamespace = ns;
        }
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(AuditSinkTimeout, TimeSpan.Zero, nameof(AuditSinkTimeout));
        if (!IsCloudWatchText(MetricsNamespace, 255))
        {
            throw new ArgumentException($"{nameof(MetricsNamespace)} must be 1-255 printable ASCII characters.", nameof(MetricsNamespace));
        }

        foreach (var (name, value) in MetricDimensions)
        {
            if (!IsCloudWatchText(name, 255) || name[0] == ':' || !IsCloudWatchText(value, 1024))
            {
                throw new ArgumentException($"{nameof(MetricDimensions)}: names must be 1-255 and values 1-1,024 printable ASCII characters, names not starting with ':'.", nameof(MetricDimensions));
            }

            if (Array.IndexOf(KnownDimensions, name) >= 0 || AponoMetricNamesAll.Contains(name))
            {
                throw new ArgumentException($"{nameof(MetricDimensions)}: '{name}' is a name the SDK writes itself.", nameof(MetricDimensions));
            }
        }

        foreach (var set in MetricDimensionSets)
        {
            if (set is null || set.Count > 30)
            {
                throw new ArgumentException($"{nameof(MetricDimensionSets)}: each set holds at most 30 dimension names.", nameof(MetricDimensionSets));
            }

            foreach (var name in set)
            {
                if (Array.IndexOf(KnownDimensions, name) < 0 && !MetricDimensions.ContainsKey(name))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"{nameof(MetricDimensionSets)}: '{name}' is neither one of {string.Join(", ", KnownDimensions)} nor a key of {nameof(MetricDimensions)}."), nameof(MetricDimensionSets));
                }
            }
        }
    }

    private static readonly HashSet<string> AponoMetricNamesAll = new(StringComparer.Ordinal)
    {
        AponoMetricNames.Invocations, AponoMetricNames.Errors, AponoMetricNames.Timeouts, AponoMetricNames.Duration,
        AponoMetricNames.ReplyBytes, AponoMetricNames.AuditSinkFailures, "_aws", "requestId", "level",
    };

    private static bool Flag(IConfiguration configuration, string key, bool current) =>
        configuration[key] is { } text && bool.TryParse(text.Trim(), out var value) ? value : current;

    internal static bool IsCloudWatchText(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > maxLength)
        {
            return false;
        }

        return !text.AsSpan().ContainsAnyExceptInRange(' ', '~');
    }
}
