using System.Text.Json;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Audit;

/// <summary>
/// Writes an access-changing request's audit record as one JSON line selected by <c>"record":"apono.audit"</c>;
/// docs/operations.md lists its fields. The resource ids stop once they take <see cref="ResourceBudgetBytes"/>, so a line
/// stays far below CloudWatch's event size limit; <c>resourceCount</c> always has the full count and
/// <c>resourcesOmitted</c> the rest.
/// </summary>
/// <remarks>
/// The line is written straight from the request (no <see cref="AuditRecord"/> is needed when no sink takes one), every
/// text field the request carries escaped by <see cref="DisplayText.Escape"/> as the record's fields are.
/// </remarks>
internal static class AuditRecordWriter
{
    /// <summary>The value of the selecting <c>record</c> field.</summary>
    public const string RecordName = "apono.audit";

    /// <summary>The most bytes of resource ids one line carries.</summary>
    public const int ResourceBudgetBytes = 64 * 1024;

    /// <summary>Writes the line of <paramref name="fields"/>, without the line break.</summary>
    public static void Write(TelemetryLineWriter line, in AuditFields fields, DateTimeOffset timestamp, string requestId, string outcome,
        double durationMilliseconds, JsonEncodedText level)
    {
        line.Raw("{\"record\":\"apono.audit\",\"timestamp\":"u8);
        line.Timestamp(timestamp.UtcDateTime);
        line.Raw(",\"level\":\""u8);
        line.Raw(level.EncodedUtf8Bytes);
        line.Raw("\",\"requestId\":"u8);
        line.String(requestId);
        line.Raw(",\"eventType\":"u8);
        line.String(fields.EventType);
        if (fields.GrantId is { } grantId)
        {
            line.Raw(",\"grantId\":"u8);
            _ = line.DisplayString(grantId);
        }

        line.Raw(",\"resourceType\":"u8);
        _ = line.DisplayString(fields.ResourceType);
        line.Raw(",\"username\":"u8);
        _ = line.DisplayString(fields.Username);
        line.Raw(",\"resources\":["u8);
        var resources = fields.Resources;
        var count = resources.Count;
        var budget = ResourceBudgetBytes;
        var written = 0;

        // Ids read from a compact array of plain strings: one copy, when even the whole text (longer than the ids
        // alone) is within the budget and nothing in it needs escaping; else id by id, as the same bytes.
        if (resources is ReadResourceIds { Items: var items } && items.Length * 3 <= budget && line.TryPlainItems(items.Span))
        {
            written = count;
        }

        for (var i = written; i < count; i++)
        {
            var start = line.Length;
            budget -= line.DisplayItem(resources[i], comma: written > 0) * 3;
            if (budget < 0)
            {
                line.Truncate(start);
                break;
            }

            written++;
        }

        line.Raw("],\"resourceCount\":"u8);
        line.Number(count);
        if (written < count)
        {
            line.Raw(",\"resourcesOmitted\":"u8);
            line.Number(count - written);
        }

        if (fields.Permission is { } permission)
        {
            line.Raw(",\"permission\":"u8);
            _ = line.DisplayString(permission);
        }

        line.Raw(",\"outcome\":"u8);
        line.String(outcome);
        line.Raw(",\"durationMs\":"u8);
        line.Milliseconds(durationMilliseconds);
        line.Raw("}"u8);
    }
}
