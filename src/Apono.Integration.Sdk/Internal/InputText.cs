using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Which characters the SDK refuses in an id field, and how connector text is shown in a message.</summary>
/// <remarks>
/// Refused in <c>grant_id</c>, <c>permission</c>, <c>resources[]</c>, <c>resource_type</c> and <c>username</c>: every
/// control character (Unicode Cc: C0, DEL, C1), every format character (Cf) except ZERO WIDTH NON-JOINER and ZERO WIDTH
/// JOINER (U+200C, U+200D, which Persian, Indic scripts and emoji sequences need), and the line and paragraph
/// separators (U+2028, U+2029, which end a line in JavaScript and many log viewers). Cf covers the bidirectional
/// controls that reorder what a reviewer sees (U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C) and the invisible
/// ones that make two ids look alike (U+200B, U+2060–2064, U+FEFF, U+00AD, the tag characters U+E0000–E007F).
/// </remarks>
internal static class InputText
{
    /// <summary>Classifies the character at <paramref name="index"/>.</summary>
    /// <param name="text">Valid UTF-16 (the reader refuses unpaired surrogates before this runs).</param>
    /// <param name="index">Where to look.</param>
    /// <param name="codePoint">The code point there.</param>
    /// <param name="width">Its length in UTF-16 code units (2 for a surrogate pair).</param>
    public static RefusedCharacter Classify(ReadOnlySpan<char> text, int index, out int codePoint, out int width)
    {
        var c = text[index];
        codePoint = c;
        width = 1;
        if (c is >= ' ' and < '\u007F')
        {
            return RefusedCharacter.None;
        }

        if (c < ' ' || c is >= '\u007F' and <= '\u009F')
        {
            return RefusedCharacter.Control;
        }

        UnicodeCategory category;
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            codePoint = char.ConvertToUtf32(c, text[index + 1]);
            width = 2;
            category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        }
        else
        {
            category = CharUnicodeInfo.GetUnicodeCategory(c);
        }

        return category switch
        {
            UnicodeCategory.Control => RefusedCharacter.Control,
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => RefusedCharacter.LineSeparator,
            UnicodeCategory.Format when IsBidi(codePoint) => RefusedCharacter.Bidirectional,
            UnicodeCategory.Format when codePoint is 0x200C or 0x200D => RefusedCharacter.None,
            UnicodeCategory.Format => RefusedCharacter.Invisible,
            _ => RefusedCharacter.None,
        };
    }

    /// <summary>Finds the first refused character, or returns <see cref="RefusedCharacter.None"/>.</summary>
    public static RefusedCharacter FindRefused(ReadOnlySpan<char> text, out int index, out int codePoint)
    {
        // Printable ASCII is the common case and holds nothing refused: skip it vectorized.
        index = text.IndexOfAnyExceptInRange(' ', '~');
        codePoint = 0;
        if (index < 0)
        {
            index = -1;
            return RefusedCharacter.None;
        }

        while (index < text.Length)
        {
            var refused = Classify(text, index, out codePoint, out var width);
            if (refused != RefusedCharacter.None)
            {
                return refused;
            }

            index += width;
        }

        index = -1;
        return RefusedCharacter.None;
    }

    /// <summary>
    /// Whether every byte is ASCII within <paramref name="low"/>..<paramref name="high"/> (e.g. printable ASCII,
    /// <c>' '</c>..<c>'~'</c>): vectorized for 16 bytes or more, eight bytes at a time below that (an id is often short).
    /// </summary>
    /// <param name="bytes">The text.</param>
    /// <param name="low">The lowest byte accepted, 0x01..0x80.</param>
    /// <param name="high">The highest byte accepted, below 0x80.</param>
    public static bool IsAsciiInRange(ReadOnlySpan<byte> bytes, byte low, byte high)
    {
        if (bytes.Length >= 16)
        {
            return bytes.IndexOfAnyExceptInRange(low, high) < 0;
        }

        if (bytes.Length >= 8)
        {
            // Two words, overlapping when the length is not 16.
            return InRange(BinaryPrimitives.ReadUInt64LittleEndian(bytes), low, high)
                && InRange(BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]), low, high);
        }

        foreach (var b in bytes)
        {
            if (b < low || b > high)
            {
                return false;
            }
        }

        return true;

        // Per byte b: b < 0x80 (its top bit clear), b >= low (b + (0x80 - low) reaches the top bit) and b <= high
        // (b + (0x7F - high) does not). While every byte is below 0x80 no sum carries into the next byte; a byte at
        // or above 0x80 fails the first test whatever a carry does to its neighbours.
        static bool InRange(ulong word, byte low, byte high)
        {
            const ulong Ones = 0x0101010101010101UL;
            const ulong Tops = 0x8080808080808080UL;
            return ((word | (word + (Ones * (ulong)(0x7F - high))) | ~(word + (Ones * (ulong)(0x80 - low)))) & Tops) == 0;
        }
    }

    /// <summary>The message for a refused character in a field, e.g. for <c>params.permission</c>.</summary>
    public static string RefusedMessage(string field, RefusedCharacter refused, int codePoint, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{field} must not contain {Describe(refused)} (U+{codePoint:X4} at index {index}).");

    /// <summary>
    /// The UTF-16 length of a JSON string token's value from its raw bytes, without decoding it: a too-long id is
    /// measured without allocating a string for it. The bytes are valid UTF-8 and a valid JSON string body.
    /// </summary>
    public static int Utf16Length(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            return Encoding.UTF8.GetCharCount(raw);
        }

        var length = 0;
        for (var i = 0; i < raw.Length;)
        {
            var b = raw[i];
            if (b == (byte)'\\')
            {
                // \uXXXX is one UTF-16 code unit (a surrogate pair is two escapes); \n, \", ... are one character.
                i += raw[i + 1] == (byte)'u' ? 6 : 2;
                length++;
            }
            else if (b < 0x80)
            {
                i++;
                length++;
            }
            else if (b < 0xE0)
            {
                i += 2;
                length++;
            }
            else if (b < 0xF0)
            {
                i += 3;
                length++;
            }
            else
            {
                i += 4;
                length += 2;
            }
        }

        return length;
    }

    /// <summary>Shows connector input in a message: bounded in length, control and format characters escaped.</summary>
    public static string Printable(string text, int max)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max) + 8);
        for (var i = 0; i < text.Length;)
        {
            if (builder.Length >= max)
            {
                builder.Append('…');
                break;
            }

            if (char.IsSurrogate(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
            {
                // A lone surrogate (from author text) cannot be written as UTF-8: show it escaped.
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[i]:X4}");
                i++;
                continue;
            }

            var refused = Classify(text, i, out _, out var width);
            if (refused == RefusedCharacter.None)
            {
                builder.Append(text, i, width);
            }
            else
            {
                for (var j = i; j < i + width; j++)
                {
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[j]:X4}");
                }
            }

            i += width;
        }

        return builder.ToString();
    }

    private static bool IsBidi(int codePoint) => codePoint is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    private static string Describe(RefusedCharacter refused) => refused switch
    {
        RefusedCharacter.Control => "a control character",
        RefusedCharacter.Bidirectional => "a bidirectional formatting character",
        RefusedCharacter.LineSeparator => "a line or paragraph separator",
        _ => "an invisible formatting character",
    };
}

/// <summary>The class of a character refused in an id field.</summary>
internal enum RefusedCharacter
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>Unicode Cc: U+0000–001F, U+007F, U+0080–009F.</summary>
    Control,

    /// <summary>A bidirectional control: U+061C, U+200E, U+200F, U+202A–202E, U+2066–2069.</summary>
    Bidirectional,

    /// <summary>Any other Cf except U+200C and U+200D: zero-width space, word joiner, BOM, soft hyphen, tag characters, ...</summary>
    Invisible,

    /// <summary>U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR (Zl, Zp).</summary>
    LineSeparator,
}
