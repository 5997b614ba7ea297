using System.Runtime.CompilerServices;
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
    /// <remarks>
    /// The line goes through one span and position (<see cref="TelemetryLineWriter.Put"/>) with room for all of it when
    /// every text is plain; a text that is not, and resource ids that cannot be copied in one step, go through the
    /// writer's own methods and the line goes on in fresh space after them.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)] // Its own inlining budget: inlined into its caller, the Put calls were not.
    public static void Write(TelemetryLineWriter line, in AuditFields fields, DateTimeOffset timestamp, string requestId, string outcome,
        double durationMilliseconds, JsonEncodedText level)
    {
        var resources = fields.Resources;
        var count = resources.Count;

        // Ids read from a compact array of plain strings: one copy, when even the whole text (longer than the ids
        // alone) is within the budget and nothing in it needs escaping; else id by id, as the same bytes.
        var items = resources is ReadResourceIds { Items: var kept } && kept.Length * 3 <= ResourceBudgetBytes ? kept.Span : default;
        var room = FixedBytes + level.EncodedUtf8Bytes.Length + requestId.Length + fields.EventType.Length + (fields.GrantId?.Length ?? 0)
            + fields.ResourceType.Length + fields.Username.Length + items.Length + (fields.Permission?.Length ?? 0) + outcome.Length;

        var span = line.GetSpan(room);
        var at = TelemetryLineWriter.Put(span, 0, "{\"record\":\"apono.audit\",\"timestamp\":"u8);
        at = line.PutTimestamp(span, at, timestamp.UtcDateTime);
        at = TelemetryLineWriter.Put(span, at, ",\"level\":\""u8);
        at = TelemetryLineWriter.Put(span, at, level.EncodedUtf8Bytes);
        at = TelemetryLineWriter.Put(span, at, "\",\"requestId\":"u8);
        at = line.PutText(ref span, at, requestId, display: false, room);
        at = TelemetryLineWriter.Put(span, at, ",\"eventType\":"u8);
        at = line.PutText(ref span, at, fields.EventType, display: false, room);
        if (fields.GrantId is { } grantId)
        {
            at = TelemetryLineWriter.Put(span, at, ",\"grantId\":"u8);
            at = line.PutText(ref span, at, grantId, display: true, room);
        }

        at = TelemetryLineWriter.Put(span, at, ",\"resourceType\":"u8);
        at = line.PutText(ref span, at, fields.ResourceType, display: true, room);
        at = TelemetryLineWriter.Put(span, at, ",\"username\":"u8);
        at = line.PutText(ref span, at, fields.Username, display: true, room);
        at = TelemetryLineWriter.Put(span, at, ",\"resources\":["u8);
        var written = 0;
        if (!items.IsEmpty && TelemetryLineWriter.PutPlainItems(span, at, items) is var end and >= 0)
        {
            at = end;
            written = count;
        }

        if (written < count)
        {
            line.Advance(at);
            written = Ids(line, resources);
            span = line.GetSpan(room);
            at = 0;
        }

        at = TelemetryLineWriter.Put(span, at, "],\"resourceCount\":"u8);
        at = TelemetryLineWriter.PutNumber(span, at, count);
        if (written < count)
        {
            at = TelemetryLineWriter.Put(span, at, ",\"resourcesOmitted\":"u8);
            at = TelemetryLineWriter.PutNumber(span, at, count - written);
        }

        if (fields.Permission is { } permission)
        {
            at = TelemetryLineWriter.Put(span, at, ",\"permission\":"u8);
            at = line.PutText(ref span, at, permission, display: true, room);
        }

        at = TelemetryLineWriter.Put(span, at, ",\"outcome\":"u8);
        at = line.PutText(ref span, at, outcome, display: false, room);
        at = TelemetryLineWriter.Put(span, at, ",\"durationMs\":"u8);
        at = line.PutMilliseconds(span, at, durationMilliseconds);
        at = TelemetryLineWriter.Put(span, at, "}"u8);
        line.Advance(at);
    }

    // Room for everything but the texts: the property names and punctuation (about 220 bytes), the timestamp, two
    // counts and the duration.
    private const int FixedBytes = 256 + TelemetryLineWriter.MaxTimestampBytes + (3 * TelemetryLineWriter.MaxNumberBytes);

    /// <summary>The ids one by one, escaped, until they take <see cref="ResourceBudgetBytes"/>; returns how many went in.</summary>
    private static int Ids(TelemetryLineWriter line, IReadOnlyList<string> resources)
    {
        var budget = ResourceBudgetBytes;
        var written = 0;
        for (var i = 0; i < resources.Count; i++)
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

        return written;
    }
}
