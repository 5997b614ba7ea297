using System.Buffers;
using System.Runtime.CompilerServices;
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
/// <para>A dimension set naming <c>ResourceType</c> is left out when the invocation has no resource type, one naming
/// <c>ErrorType</c> when it succeeded: the specification requires every dimension a set names to be a member.</para>
/// <para>Everything but the invocation's values is the same for every document of a runtime: it is encoded once, here,
/// by a <see cref="Utf8JsonWriter"/>, and copied into each document.</para>
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

    // From the end of the Timestamp to the requestId's value, for each case: indexed by
    // (resource type present ? 1 : 0) | (error type present ? 2 : 0), since the dimension sets that apply differ.
    private readonly byte[][] afterTimestamp = new byte[4][];

    // From the end of the requestId to the EventType's value: the FunctionName dimension.
    private readonly byte[] afterRequestId;

    // The fixed dimensions, each with its leading comma.
    private readonly byte[] fixedDimensions;

    public EmfDocumentWriter(AponoTelemetryOptions options, string functionName, string level)
    {
        var dimensionSets = options.MetricDimensionSets.Select(static set => set.ToArray()).ToArray();
        for (var variant = 0; variant < afterTimestamp.Length; variant++)
        {
            afterTimestamp[variant] = Encode(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartObject("_aws"u8);
                writer.WriteNumber("Timestamp"u8, 0);
                writer.WriteStartArray("CloudWatchMetrics"u8);
                writer.WriteStartObject();
                writer.WriteString("Namespace"u8, options.MetricsNamespace);
                writer.WriteStartArray("Dimensions"u8);
                foreach (var set in dimensionSets)
                {
                    if (((variant & 1) == 0 && Array.IndexOf(set, AponoMetricNames.ResourceTypeDimension) >= 0)
                        || ((variant & 2) == 0 && Array.IndexOf(set, AponoMetricNames.ErrorTypeDimension) >= 0))
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
                writer.WritePropertyName("requestId"u8);
            }, skip: "{\"_aws\":{\"Timestamp\":0"u8.Length);
        }

        afterRequestId = Encode(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNull("requestId"u8);
            writer.WriteString(AponoMetricNames.FunctionNameDimension, functionName);
            writer.WritePropertyName(AponoMetricNames.EventTypeDimension);
        }, skip: "{\"requestId\":null"u8.Length);

        fixedDimensions = Encode(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNull("_"u8);
            foreach (var (name, value) in options.MetricDimensions)
            {
                writer.WriteString(name, value);
            }
        }, skip: "{\"_\":null"u8.Length);
    }

    /// <summary>The dimension value written for a resource type CloudWatch would refuse.</summary>
    public const string InvalidDimensionValue = "invalid";

    public static string? DimensionValue(string? text) =>
        text is null ? null : AponoTelemetryOptions.IsCloudWatchText(text, 256) ? text : InvalidDimensionValue;

    /// <summary>Writes the document, without the line break.</summary>
    /// <remarks>Through one span and position with room for all of it (see <see cref="TelemetryLineWriter.Put"/>); a text that is not plain goes through the writer.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)] // Its own inlining budget: inlined into its caller, the Put calls were not.
    public void Write(TelemetryLineWriter line, long timestampMilliseconds, string requestId, string eventType, string? resourceType, string? errorType, double durationMilliseconds, int replyBytes, int auditSinkFailures)
    {
        var directive = afterTimestamp[(resourceType is null ? 0 : 1) | (errorType is null ? 0 : 2)];
        var room = FixedBytes + directive.Length + afterRequestId.Length + fixedDimensions.Length + requestId.Length + eventType.Length
            + (resourceType?.Length ?? 0) + (errorType?.Length ?? 0);
        var span = line.GetSpan(room);
        var at = TelemetryLineWriter.Put(span, 0, "{\"_aws\":{\"Timestamp\":"u8);
        at = TelemetryLineWriter.PutNumber(span, at, timestampMilliseconds);
        at = TelemetryLineWriter.Put(span, at, directive);
        at = line.PutText(ref span, at, requestId, display: false, room);
        at = TelemetryLineWriter.Put(span, at, afterRequestId);
        at = line.PutText(ref span, at, eventType, display: false, room);
        if (resourceType is not null)
        {
            at = TelemetryLineWriter.Put(span, at, ",\"ResourceType\":"u8);
            at = line.PutText(ref span, at, resourceType, display: false, room);
        }

        if (errorType is not null)
        {
            at = TelemetryLineWriter.Put(span, at, ",\"ErrorType\":"u8);
            at = line.PutText(ref span, at, errorType, display: false, room);
        }

        at = TelemetryLineWriter.Put(span, at, fixedDimensions);
        at = TelemetryLineWriter.Put(span, at, errorType is null ? ",\"Invocations\":1,\"Errors\":0,\"Timeouts\":0,\"Duration\":"u8
            : errorType == Errors.AponoErrorType.Timeout ? ",\"Invocations\":1,\"Errors\":1,\"Timeouts\":1,\"Duration\":"u8
            : ",\"Invocations\":1,\"Errors\":1,\"Timeouts\":0,\"Duration\":"u8);
        at = line.PutMilliseconds(span, at, durationMilliseconds);
        at = TelemetryLineWriter.Put(span, at, ",\"ReplyBytes\":"u8);
        at = TelemetryLineWriter.PutNumber(span, at, replyBytes);
        at = TelemetryLineWriter.Put(span, at, ",\"AuditSinkFailures\":"u8);
        at = TelemetryLineWriter.PutNumber(span, at, auditSinkFailures);
        at = TelemetryLineWriter.Put(span, at, "}"u8);
        line.Advance(at);
    }

    // Room for everything but the encoded parts and the texts: property names and punctuation (about 150 bytes), the
    // timestamp, the duration and two counts.
    private const int FixedBytes = 192 + (4 * TelemetryLineWriter.MaxNumberBytes);

    /// <summary>What <paramref name="write"/> writes after its first <paramref name="skip"/> bytes (a scaffold that makes it valid to write).</summary>
    private static byte[] Encode(Action<Utf8JsonWriter> write, int skip)
    {
        var output = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(output, ReplyWriter.WriterOptions))
        {
            write(writer);
        }

        return output.WrittenSpan[skip..].ToArray();
    }
}
