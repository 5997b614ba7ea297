using static Apono.Integration.Sdk.Internal.RequestReader;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Reads <c>event_type</c> into its row of <see cref="EventTable"/>, or refuses it with a message that suggests the right spelling.</summary>
internal static class EventNameReader
{
    /// <summary>Returns the event's row; its <see cref="EventDescriptor.Name"/> is the interned constant, so the router can compare by reference.</summary>
    public static EventDescriptor Read(ReadOnlySpan<byte> body, int start)
    {
        var reader = At(body, start);
        foreach (var row in EventTable.All)
        {
            if (reader.ValueTextEquals(row.Utf8Name))
            {
                return row;
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
