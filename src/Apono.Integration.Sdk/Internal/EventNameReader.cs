using static Apono.Integration.Sdk.Internal.RequestReader;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Reads <c>event_type</c> into its row of <see cref="EventTable"/>, or refuses it with a message that suggests the right spelling.</summary>
internal static class EventNameReader
{
    /// <summary>Returns the event's row; its <see cref="EventDescriptor.Name"/> is the interned constant, so the router can compare by reference.</summary>
    public static EventDescriptor Read(ReadOnlySpan<byte> body, LocatedValue value)
    {
        var rows = EventTable.All;

        // A name without escapes (every name the connector sends) is compared as bytes, without a reader.
        if (value.TryGetPlain(body, out var plain))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (plain.SequenceEqual(rows[i].Utf8Name))
                {
                    return rows[i];
                }
            }
        }

        var reader = At(body, value.Start);
        for (var i = 0; i < rows.Count; i++)
        {
            if (reader.ValueTextEquals(rows[i].Utf8Name))
            {
                return rows[i];
            }
        }

        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Unpaired("event_type");
        }

        var shown = Printable(text, 64);
        foreach (var known in EventTable.Names)
        {
            if (string.Equals(known, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid($"event_type '{shown}' is not an Apono event; event types are lower-case and exact: did you mean '{known}'?");
            }
        }

        throw Invalid($"event_type '{shown}' is not an Apono event; expected one of: {EventTable.NameList}.");
    }
}
