using System.Buffers;
using System.Text.Json;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Metrics;

/// <summary>
/// Writes one CloudWatch Embedded Metric Format document per invocation: an <c>_aws</c> object (<c>Timestamp</c> in
/// milliseconds since the epoch, one <c>CloudWatchMetrics</c> directive with the namespace, the dimension sets that
/// apply and the six metric definitions), then every dimension and metric as a top-level member.
/// </summary>
/// <remarks>
/// A dimension set naming <c>ResourceType</c> is left out when the invocation has no resource type, one naming
/// <c>ErrorType</c> when it succeeded: the specification requires every dimension a set names to be a member.
/// </remarks>
internal sealed class EmfDocumentWriter
{
    private static readonly (JsonEncodedText Name, JsonEncodedText Unit)[] Definitions =
    [
        (JsonEncodedText.Encode(AponoMetricNames.Invocations), JsonEncodedText.Encode("Count")),
        (JsonEncodedText.Encode(AponoMetricNames.Errors), JsonEncodedText.Encode("Count")),
        (JsonEncodedText.Encode(AponoMetricNames.Timeouts), JsonEncodedText.Encode("Count")),
        (JsonEncodedText.Encode(AponoMetricNames.Duration), JsonEncodedText.Encode("Milliseconds")),
        (JsonEncodedText.Encode(AponoMetricNames.ReplyBytes), JsonEncodedText.Encode("Bytes")),
        (JsonEncodedText.Encode(AponoMetricNames.AuditSinkFailures), JsonEncodedText.Encode("Count")),
    ];

    private readonly JsonEncodedText metricsNamespace;
    private readonly JsonEncodedText functionName;
    private readonly JsonEncodedText level;
    private readonly string[][] dimensionSets;
    private readonly KeyValuePair<string, string>[] fixedDimensions;

    public EmfDocumentWriter(AponoTelemetryOptions options, string functionName, string level)
    {
        metricsNamespace = JsonEncodedText.Encode(options.MetricsNamespace);
        this.functionName = JsonEncodedText.Encode(functionName);
        this.level = JsonEncodedText.Encode(level);
        dimensionSets = options.MetricDimensionSets.Select(static set => set.ToArray()).ToArray();
        fixedDimensions = options.MetricDimensions.ToArray();
    }

    /// <summary>The dimension value written for a resource type CloudWatch would refuse.</summary>
    public const string InvalidDimensionValue = "invalid";

    public static string? DimensionValue(string? text) =>
        text is null ? null : AponoTelemetryOptions.IsCloudWatchText(text, 256) ? text : InvalidDimensionValue;

    public void Write(IBufferWriter<byte> output, long timestampMilliseconds, string requestId, string eventType, string? resourceType, string? errorType, double durationMilliseconds, int replyBytes, int auditSinkFailures)
    {
        using var writer = new Utf8JsonWriter(output, ReplyWriter.WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartObject("_aws"u8);
        writer.WriteNumber("Timestamp"u8, timestampMilliseconds);
        writer.WriteStartArray("CloudWatchMetrics"u8);
        writer.WriteStartObject();
        writer.WriteString("Namespace"u8, metricsNamespace);
        writer.WriteStartArray("Dimensions"u8);
        foreach (var set in dimensionSets)
        {
            if ((resourceType is null && Array.IndexOf(set, AponoMetricNames.ResourceTypeDimension) >= 0)
                || (errorType is null && Array.IndexOf(set, AponoMetricNames.ErrorTypeDimension) >= 0))
            {
                continue;
            }

            writer.WriteStartArray();
            foreach (var name in set)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("Metrics"u8);
        foreach (var (name, unit) in Definitions)
        {
            writer.WriteStartObject();
            writer.WriteString("Name"u8, name);
            writer.WriteString("Unit"u8, unit);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteString("level"u8, level);
        writer.WriteString("requestId"u8, requestId);
        writer.WriteString(AponoMetricNames.FunctionNameDimension, functionName);
        writer.WriteString(AponoMetricNames.EventTypeDimension, eventType);
        if (resourceType is not null)
        {
            writer.WriteString(AponoMetricNames.ResourceTypeDimension, resourceType);
        }

        if (errorType is not null)
        {
            writer.WriteString(AponoMetricNames.ErrorTypeDimension, errorType);
        }

        foreach (var (name, value) in fixedDimensions)
        {
            writer.WriteString(name, value);
        }

        writer.WriteNumber(Definitions[0].Name, 1);
        writer.WriteNumber(Definitions[1].Name, errorType is null ? 0 : 1);
        writer.WriteNumber(Definitions[2].Name, errorType == Errors.AponoErrorType.Timeout ? 1 : 0);
        writer.WriteNumber(Definitions[3].Name, Math.Round(durationMilliseconds, 3));
        writer.WriteNumber(Definitions[4].Name, replyBytes);
        writer.WriteNumber(Definitions[5].Name, auditSinkFailures);
        writer.WriteEndObject();
    }
}
