using System.Buffers;
using System.Globalization;
using System.Text;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// Makes author text (exception messages, logged strings) safe to show: characters that could reorder, hide or split
/// what a reader sees are replaced by the visible text <c>\uXXXX</c> (<c>\r</c>, <c>\n</c>, <c>\t</c> for those three).
/// </summary>
/// <remarks>
/// <para>Escaped: every Unicode control character (Cc: U+0000–001F, U+007F–009F); the bidi controls U+061C, U+200E,
/// U+200F, U+202A–202E and U+2066–2069; the invisible U+200B, U+2060–2064 and U+FEFF; the line and paragraph separators
/// U+2028 and U+2029; the interlinear annotation controls U+FFF9–FFFB; the tag characters U+E0000–E007F (hidden
/// "ASCII smuggling" text); and any unpaired surrogate, which is not text at all and would make a JSON writer throw.</para>
/// <para>Not escaped: the backslash, so <c>\u202E</c> typed by an author looks the same as an escaped U+202E (this is
/// for display, not a reversible encoding); U+200C and U+200D, which Persian, Indic scripts and emoji need.</para>
/// <para>Text with none of these is returned as the same instance, without allocating.</para>
/// </remarks>
internal static class DisplayText
{
    // Every UTF-16 unit that may need a look: the escaped BMP characters, and all surrogates (most pairs are kept).
    private static readonly SearchValues<char> Candidates = SearchValues.Create(BuildCandidates());

    /// <summary>Returns <paramref name="text"/> with every character named in the remarks escaped.</summary>
    public static string Escape(string text)
    {
        var first = FirstToEscape(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        var i = first;
        while (i < text.Length)
        {
            var next = text.AsSpan(i).IndexOfAny(Candidates);
            if (next < 0)
            {
                builder.Append(text, i, text.Length - i);
                break;
            }

            builder.Append(text, i, next);
            i += next;
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                if (IsTag(codePoint))
                {
                    builder.Append(CultureInfo.InvariantCulture, $"\\U{codePoint:X8}");
                }
                else
                {
                    builder.Append(c).Append(text[i + 1]);
                }

                i += 2;
                continue;
            }

            if (char.IsSurrogate(c) || MustEscape(c))
            {
                AppendEscaped(builder, c);
            }
            else
            {
                builder.Append(c);
            }

            i++;
        }

        return builder.ToString();
    }

    private static int FirstToEscape(string text)
    {
        var offset = 0;
        while (true)
        {
            var found = text.AsSpan(offset).IndexOfAny(Candidates);
            if (found < 0)
            {
                return -1;
            }

            var i = offset + found;
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (IsTag(char.ConvertToUtf32(c, text[i + 1])))
                {
                    return i;
                }

                offset = i + 2;
                continue;
            }

            if (char.IsSurrogate(c) || MustEscape(c))
            {
                return i;
            }

            offset = i + 1;
        }
    }

    private static void AppendEscaped(StringBuilder builder, char c)
    {
        _ = c switch
        {
            '\r' => builder.Append("\\r"),
            '\n' => builder.Append("\\n"),
            '\t' => builder.Append("\\t"),
            _ => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
        };
    }

    private static bool IsTag(int codePoint) => codePoint is >= 0xE0000 and <= 0xE007F;

    private static bool MustEscape(char c) => c switch
    {
        <= '\u001F' or (>= '\u007F' and <= '\u009F') => true,
        '\u061C' or '\u200B' or '\u200E' or '\u200F' or '\uFEFF' => true,
        >= '\u2028' and <= '\u202E' => true,
        >= '\u2060' and <= '\u2064' => true,
        >= '\u2066' and <= '\u2069' => true,
        >= '\uFFF9' and <= '\uFFFB' => true,
        _ => false,
    };

    private static string BuildCandidates()
    {
        var builder = new StringBuilder();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (MustEscape((char)c) || char.IsSurrogate((char)c))
            {
                builder.Append((char)c);
            }
        }

        return builder.ToString();
    }
}
