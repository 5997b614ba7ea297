using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Routing;
using static Apono.Integration.Sdk.Internal.RequestReader;

namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// The second step of the reader: reads each id field of <c>params</c> from where the scan found it, with the
/// contract's checks (type, non-empty, length, refused characters, unique resources) and a field-level message.
/// </summary>
internal readonly struct FieldReader(ReadOnlyMemory<byte> body, EnvelopeLayout layout, string eventType, AponoFunctionOptions options)
{
    /// <summary>Up to this many resource ids are checked for duplicates pairwise; more use a hash set.</summary>
    private const int SmallList = 16;

    public string RequiredId(LocatedValue value, string name) =>
        OptionalId(value, name) ?? throw Invalid($"params.{name} is required for {eventType}.");

    public string? OptionalId(LocatedValue value, string name)
    {
        if (value.IsMissing)
        {
            return null;
        }

        if (value.TryGetPlain(body.Span, out var plain) && PlainId(plain, new Field(name), options.MaxIdLength) is { } id)
        {
            return id;
        }

        var reader = At(body.Span, value.Start);
        return Id(ref reader, new Field(name), options.MaxIdLength);
    }

    /// <summary>Reads the required <c>resource_type</c>.</summary>
    public string ResourceType() => RequiredId(layout.ResourceType, "resource_type");

    /// <summary>Reads <c>resource_type</c> where the event may omit it.</summary>
    public string? OptionalResourceType() => OptionalId(layout.ResourceType, "resource_type");

    /// <summary>Reads the required <c>grant_id</c>.</summary>
    public string GrantId() => RequiredId(layout.GrantId, "grant_id");

    /// <summary>Reads <c>grant_id</c> where the event may omit it.</summary>
    public string? OptionalGrantId() => OptionalId(layout.GrantId, "grant_id");

    /// <summary>Reads the required <c>permission</c>.</summary>
    public string Permission() => RequiredId(layout.Permission, "permission");

    /// <summary>Reads <c>permission</c> where the event may omit it.</summary>
    public string? OptionalPermission() => OptionalId(layout.Permission, "permission");

    public string Username()
    {
        if (layout.Username.IsMissing)
        {
            throw Invalid($"params.username is required for {eventType}.");
        }

        // Printable ASCII without a space (the usual address) holds nothing refused: decode it and skip the checks.
        if (layout.Username.TryGetPlain(body.Span, out var plain) && plain.Length > 0 && plain.Length <= options.MaxUsernameLength
            && InputText.IsAsciiInRange(plain, (byte)'!', (byte)'~'))
        {
            return Encoding.Latin1.GetString(plain);
        }

        var reader = At(body.Span, layout.Username.Start);
        var username = Text(ref reader, new Field("username"), options.MaxUsernameLength);
        for (var i = 0; i < username.Length;)
        {
            var refused = InputText.Classify(username, i, out var codePoint, out var width);
            if (refused == RefusedCharacter.Control || char.IsWhiteSpace(username[i]))
            {
                throw Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"params.username contains a control or space character (U+{(int)username[i]:X4} at position {i}); expected an e-mail address."));
            }

            if (refused != RefusedCharacter.None)
            {
                throw Invalid(InputText.RefusedMessage("params.username", refused, codePoint, i));
            }

            i += width;
        }

        return username;
    }

    /// <summary>Reads <c>params.resources</c>; a <see cref="ReadResourceIds"/> when every id is a string without escapes
    /// and the array is written without whitespace, else an array.</summary>
    public IReadOnlyList<string> Resources()
    {
        var value = layout.Resources;
        if (value.IsMissing)
        {
            throw Invalid($"params.resources is required for {eventType} (an array of resource ids, possibly empty).");
        }

        if (value.Kind != JsonTokenType.StartArray)
        {
            throw Invalid($"params.resources must be an array of strings for {eventType}, but is a JSON {Describe(value.Kind)}.");
        }

        var count = layout.ResourceCount;
        if (count > options.MaxResourcesPerRequest)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"params.resources has {count} items; at most {options.MaxResourcesPerRequest} are accepted in one request."));
        }

        if (count == 0)
        {
            return [];
        }

        var resources = new string[count];

        // A short list is checked for duplicates by comparing with the ids before it, without a set to allocate;
        // a longer one with a pooled open-addressing table of indexes (see ResourceIdSet for its hashing).
        var seen = count > SmallList ? new ResourceIdSet(resources, count) : default;
        try
        {
            var span = body.Span;
            var items = layout.ResourceItems;

            // Where the next item starts if the array is compact (no whitespace, only strings without escapes).
            var compact = items is not null;
            var next = value.Start + 1;
            var reader = items is null ? At(span, value.Start) : default;
            for (var index = 0; index < count; index++)
            {
                string id;
                ReadOnlySpan<byte> utf8 = default;
                var fromBody = false;
                if (items is null)
                {
                    reader.Read();
                    id = Id(ref reader, new Field("resources", index), options.MaxIdLength);
                }
                else
                {
                    var item = new LocatedValue(items[2 * index], JsonTokenType.String, items[(2 * index) + 1]);
                    if (item.TryGetPlain(span, out utf8) && PlainId(utf8, new Field("resources", index), options.MaxIdLength) is { } fast)
                    {
                        // Without escapes, the id's UTF-8 is its text in the body: the set hashes those bytes.
                        id = fast;
                        fromBody = true;
                        compact &= item.Start == next;
                        next = item.Start + utf8.Length + 3;
                    }
                    else
                    {
                        var at = At(span, item.Start);
                        id = Id(ref at, new Field("resources", index), options.MaxIdLength);
                        compact = false;
                    }
                }

                var repeated = count <= SmallList ? Array.IndexOf(resources, id, 0, index) >= 0
                    : fromBody ? !seen.Add(id, utf8, index)
                    : !seen.Add(id, index);
                if (repeated)
                {
                    throw Invalid($"params.resources lists '{Printable(id, 128)}' more than once.");
                }

                resources[index] = id;
            }

            // The last item's closing quote is followed by the array's end: its items are body[Start + 1 .. next - 1).
            if (compact && span[next - 1] == (byte)']')
            {
                return new ReadResourceIds(resources, body[(value.Start + 1)..(next - 1)]);
            }
        }
        finally
        {
            seen.Dispose();
        }

        return resources;
    }

    /// <summary>
    /// Reads a string without escapes from its bytes: <see langword="null"/> when it is empty or longer than
    /// <paramref name="maxLength"/> bytes (the reader's path then gives the message); refuses what <see cref="Id"/> refuses.
    /// </summary>
    private static string? PlainId(ReadOnlySpan<byte> plain, Field field, int maxLength)
    {
        if (plain.Length == 0 || plain.Length > maxLength)
        {
            return null;
        }

        // Printable ASCII holds nothing refused, and its UTF-8 is its Latin-1: widened without a decoder's checks.
        if (InputText.IsAsciiInRange(plain, (byte)' ', (byte)'~'))
        {
            return Encoding.Latin1.GetString(plain);
        }

        // The body is valid UTF-8 (checked up front) and a UTF-16 string is never longer than its UTF-8: within the limit.
        var text = Encoding.UTF8.GetString(plain);
        var refused = InputText.FindRefused(text, out var index, out var codePoint);
        if (refused != RefusedCharacter.None)
        {
            throw Invalid(InputText.RefusedMessage(field.ToString(), refused, codePoint, index));
        }

        return text;
    }

    private string Id(ref Utf8JsonReader reader, Field field, int maxLength)
    {
        var text = Text(ref reader, field, maxLength);
        var refused = InputText.FindRefused(text, out var index, out var codePoint);
        if (refused != RefusedCharacter.None)
        {
            throw Invalid(InputText.RefusedMessage(field.ToString(), refused, codePoint, index));
        }

        return text;
    }

    private string Text(ref Utf8JsonReader reader, Field field, int maxLength)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Invalid($"{field} must be a string for {eventType}, but is a JSON {Describe(reader.TokenType)}.");
        }

        // A UTF-16 string is never longer than its UTF-8 or escaped JSON text: only a long raw value needs measuring,
        // and it is measured without decoding it, so a 5 MB id costs no 10 MB string.
        var raw = reader.ValueSpan;
        if (raw.Length > maxLength)
        {
            var length = InputText.Utf16Length(raw, reader.ValueIsEscaped);
            if (length > maxLength)
            {
                throw Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"{field} is {length} characters long; at most {maxLength} are accepted."));
            }
        }

        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // JSON allows escapes of unpaired surrogates ("\ud800"), which .NET cannot turn into a string.
            throw Unpaired(field.ToString());
        }

        if (text.Length == 0)
        {
            throw Invalid($"{field} must not be empty for {eventType}.");
        }

        return text;
    }

    /// <summary>A field's name for messages (<c>params.grant_id</c>, <c>params.resources[3]</c>), built only when a message needs it.</summary>
    private readonly record struct Field(string Name, int Index = -1)
    {
        public override string ToString() =>
            Index < 0 ? "params." + Name : string.Create(CultureInfo.InvariantCulture, $"params.{Name}[{Index}]");
    }
}
