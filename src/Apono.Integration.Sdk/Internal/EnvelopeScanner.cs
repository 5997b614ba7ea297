using System.Text.Json;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Where a field's value starts in the body, and what kind of token starts it.</summary>
/// <param name="Start">Byte offset of the value's first token; -1 when the field is absent.</param>
/// <param name="Kind">The value's first token.</param>
/// <param name="PlainLength">For a string without escapes, the byte length of its text (which starts at
/// <c>Start + 1</c>); -1 for anything else. Such a string is read from the body's bytes without a second reader.</param>
internal readonly record struct LocatedValue(int Start, JsonTokenType Kind, int PlainLength = -1)
{
    public static readonly LocatedValue Absent = new(-1, JsonTokenType.None);

    /// <summary>Gets the text of a string without escapes, from the body the scan located it in.</summary>
    /// <returns><see langword="false"/> for anything else (absent, another token, a string with escapes).</returns>
    public bool TryGetPlain(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> text)
    {
        if (PlainLength < 0)
        {
            text = default;
            return false;
        }

        text = body.Slice(Start + 1, PlainLength);
        return true;
    }

    /// <summary>Gets whether the field is absent or JSON null, which the contract treats alike.</summary>
    public bool IsMissing => Start < 0 || Kind == JsonTokenType.Null;
}

/// <summary>What the scan found in <c>params.custom_parameters</c>, measured without materializing anything.</summary>
internal struct CustomParametersShape
{
    /// <summary>Byte length of the object's JSON text.</summary>
    public int Length;

    /// <summary>Number of top-level keys.</summary>
    public int Keys;

    /// <summary>Deepest nesting, the object itself being 1.</summary>
    public int Depth;

    /// <summary>Whether any key or string in it holds an escape (only then can one hold an unpaired surrogate).</summary>
    public bool HasEscapes;
}

/// <summary>The result of one pass over the body: the position of every field the SDK reads.</summary>
internal struct EnvelopeLayout
{
    public JsonTokenType Root;
    public LocatedValue EventType;
    public LocatedValue Params;
    public LocatedValue GrantId;
    public LocatedValue Username;
    public LocatedValue ResourceType;
    public LocatedValue Resources;
    public LocatedValue Permission;
    public LocatedValue CustomParameters;

    /// <summary>Number of items in <c>params.resources</c> when it is an array.</summary>
    public int ResourceCount;

    /// <summary>
    /// Where each item of <c>params.resources</c> starts, two ints per item (token start, plain string length or -1,
    /// as in <see cref="LocatedValue"/>), when the caller gave the scan room for all of them; otherwise
    /// <see langword="null"/> and the items are read with a reader over the array.
    /// </summary>
    public int[]? ResourceItems;

    public CustomParametersShape CustomShape;
}

/// <summary>
/// The first of the reader's two steps: one forward pass of <see cref="Utf8JsonReader"/> over the whole body. It checks
/// the syntax of all of it (so a truncated or malformed body is reported as such, whatever else is wrong), notes where
/// each field the SDK reads starts, refuses a repeated known field, and skips everything else without allocating.
/// </summary>
internal static class EnvelopeScanner
{
    /// <summary>Scans the body.</summary>
    /// <param name="body">The request body (valid UTF-8).</param>
    /// <param name="options">The function's limits.</param>
    /// <param name="itemBuffer">Room for the positions of <c>params.resources</c>' items (two ints each); when they do
    /// not all fit, none are kept (<see cref="EnvelopeLayout.ResourceItems"/> stays <see langword="null"/>).</param>
    /// <exception cref="JsonException">The body is not valid JSON, or is nested deeper than allowed.</exception>
    /// <exception cref="InvalidRequestException">A field the SDK reads appears twice in its object.</exception>
    public static EnvelopeLayout Scan(ReadOnlySpan<byte> body, AponoFunctionOptions options, int[]? itemBuffer = null)
    {
        var layout = new EnvelopeLayout
        {
            EventType = LocatedValue.Absent,
            Params = LocatedValue.Absent,
            GrantId = LocatedValue.Absent,
            Username = LocatedValue.Absent,
            ResourceType = LocatedValue.Absent,
            Resources = LocatedValue.Absent,
            Permission = LocatedValue.Absent,
            CustomParameters = LocatedValue.Absent,
        };
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = options.MaxJsonDepth });
        reader.Read();
        layout.Root = reader.TokenType;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ScanEnvelope(ref reader, ref layout, itemBuffer);
        }
        else
        {
            SkipValue(ref reader);
        }

        // Past the root value only whitespace may follow; anything else throws here.
        reader.Read();
        return layout;
    }

    private static void ScanEnvelope(ref Utf8JsonReader reader, ref EnvelopeLayout layout, int[]? itemBuffer)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("event_type"u8))
            {
                reader.Read();
                Locate(ref reader, ref layout.EventType);
                SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                Locate(ref reader, ref layout.Params);
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ScanParams(ref reader, ref layout, itemBuffer);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }
            else
            {
                reader.Read();
                SkipValue(ref reader);
            }
        }
    }

    private static void ScanParams(ref Utf8JsonReader reader, ref EnvelopeLayout layout, int[]? itemBuffer)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Match(ref reader);
            reader.Read();
            switch (field)
            {
                case ParamsField.GrantId:
                    Locate(ref reader, ref layout.GrantId);
                    SkipValue(ref reader);
                    break;
                case ParamsField.Username:
                    Locate(ref reader, ref layout.Username);
                    SkipValue(ref reader);
                    break;
                case ParamsField.ResourceType:
                    Locate(ref reader, ref layout.ResourceType);
                    SkipValue(ref reader);
                    break;
                case ParamsField.Permission:
                    Locate(ref reader, ref layout.Permission);
                    SkipValue(ref reader);
                    break;
                case ParamsField.Resources:
                    Locate(ref reader, ref layout.Resources);
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        layout.ResourceCount = CountItems(ref reader, itemBuffer);
                        layout.ResourceItems = layout.ResourceCount * 2 <= (itemBuffer?.Length ?? 0) ? itemBuffer : null;
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }

                    break;
                case ParamsField.CustomParameters:
                    Locate(ref reader, ref layout.CustomParameters);
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        layout.CustomShape = Measure(ref reader);
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }

                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }
    }

    /// <summary>Moves past the value the reader is on: past its end for an object or array, nowhere for a scalar
    /// (<see cref="Utf8JsonReader.Skip"/> costs a call per scalar, which a long <c>resources</c> array feels).</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }
    }

    private static void Locate(ref Utf8JsonReader reader, ref LocatedValue value)
    {
        if (value.Start >= 0)
        {
            throw new InvalidRequestException(RequestReader.DuplicateField);
        }

        value = new LocatedValue(checked((int)reader.TokenStartIndex), reader.TokenType, PlainLength(ref reader));
    }

    private static int PlainLength(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? reader.ValueSpan.Length : -1;

    /// <summary>Counts the array's items, noting where each starts while <paramref name="items"/> has room.</summary>
    private static int CountItems(ref Utf8JsonReader reader, int[]? items)
    {
        var room = items is null ? 0 : items.Length / 2;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count < room)
            {
                items![2 * count] = checked((int)reader.TokenStartIndex);
                items[(2 * count) + 1] = PlainLength(ref reader);
            }

            count++;
            SkipValue(ref reader);
        }

        return count;
    }

    /// <summary>Walks the custom_parameters object to its end, counting what the limits bound; allocates nothing.</summary>
    private static CustomParametersShape Measure(ref Utf8JsonReader reader)
    {
        var start = reader.TokenStartIndex;
        var depth = reader.CurrentDepth;
        var shape = new CustomParametersShape { Depth = 1 };
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (reader.CurrentDepth == depth + 1)
                    {
                        shape.Keys++;
                    }

                    shape.HasEscapes |= reader.ValueIsEscaped;
                    break;
                case JsonTokenType.String:
                    shape.HasEscapes |= reader.ValueIsEscaped;
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    shape.Depth = Math.Max(shape.Depth, reader.CurrentDepth - depth + 1);
                    break;
                case JsonTokenType.EndObject when reader.CurrentDepth == depth:
                    shape.Length = checked((int)(reader.BytesConsumed - start));
                    return shape;
            }
        }

        return shape;
    }

    /// <summary>Matches a key of params; compares raw bytes when the key holds no escape (the usual case).</summary>
    private static ParamsField Match(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return reader.ValueTextEquals("grant_id"u8) ? ParamsField.GrantId
                : reader.ValueTextEquals("username"u8) ? ParamsField.Username
                : reader.ValueTextEquals("resource_type"u8) ? ParamsField.ResourceType
                : reader.ValueTextEquals("resources"u8) ? ParamsField.Resources
                : reader.ValueTextEquals("permission"u8) ? ParamsField.Permission
                : reader.ValueTextEquals("custom_parameters"u8) ? ParamsField.CustomParameters
                : ParamsField.Other;
        }

        var name = reader.ValueSpan;
        return name.Length switch
        {
            8 when name.SequenceEqual("grant_id"u8) => ParamsField.GrantId,
            8 when name.SequenceEqual("username"u8) => ParamsField.Username,
            13 when name.SequenceEqual("resource_type"u8) => ParamsField.ResourceType,
            9 when name.SequenceEqual("resources"u8) => ParamsField.Resources,
            10 when name.SequenceEqual("permission"u8) => ParamsField.Permission,
            17 when name.SequenceEqual("custom_parameters"u8) => ParamsField.CustomParameters,
            _ => ParamsField.Other,
        };
    }

    private enum ParamsField
    {
        Other,
        GrantId,
        Username,
        ResourceType,
        Resources,
        Permission,
        CustomParameters,
    }
}
