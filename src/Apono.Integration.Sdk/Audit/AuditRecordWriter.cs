using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Audit;

/// <summary>
/// Writes an <see cref="AuditRecord"/> as one JSON line selected by <c>"record":"apono.audit"</c>; docs/operations.md
/// lists its fields. The resource ids stop once they take <see cref="ResourceBudgetBytes"/>, so a line stays far below
/// CloudWatch's event size limit; <c>resourceCount</c> always has the full count and <c>resourcesOmitted</c> the rest.
/// </summary>
internal static class AuditRecordWriter
{
    /// <summary>The value of the selecting <c>record</c> field.</summary>
    public const string RecordName = "apono.audit";

    /// <summary>The most bytes of resource ids one line carries.</summary>
    public const int ResourceBudgetBytes = 64 * 1024;

    public static void Write(IBufferWriter<byte> output, AuditRecord record, string level)
    {
        using var writer = new Utf8JsonWriter(output, ReplyWriter.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("record"u8, RecordName);
        writer.WriteString("timestamp"u8, record.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("level"u8, level);
        writer.WriteString("requestId"u8, record.RequestId);
        writer.WriteString("eventType"u8, record.EventType);
        if (record.GrantId is { } grantId)
        {
            writer.WriteString("grantId"u8, grantId);
        }

        writer.WriteString("resourceType"u8, record.ResourceType);
        writer.WriteString("username"u8, record.Username);
        writer.WriteStartArray("resources"u8);
        var budget = ResourceBudgetBytes;
        var written = 0;
        foreach (var resource in record.Resources)
        {
            budget -= resource.Length * 3;
            if (budget < 0)
            {
                break;
            }

            writer.WriteStringValue(resource);
            written++;
        }

        writer.WriteEndArray();
        writer.WriteNumber("resourceCount"u8, record.Resources.Count);
        if (written < record.Resources.Count)
        {
            writer.WriteNumber("resourcesOmitted"u8, record.Resources.Count - written);
        }

        if (record.Permission is { } permission)
        {
            writer.WriteString("permission"u8, permission);
        }

        writer.WriteString("outcome"u8, record.Outcome);
        writer.WriteNumber("durationMs"u8, Math.Round(record.Duration.TotalMilliseconds, 3));
        writer.WriteEndObject();
    }
}
