using System.Buffers;
using System.Text;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// Finds secrets in a text in every form the SDK can know, and marks the characters of the original text that
/// encode them: the text as it is; its JSON-unescaped view (any encoder: <c>\"</c>, <c>\/</c>, <c>\u00e9</c> or
/// <c>\u00E9</c>); its URL-decoded view (<c>%2B</c> or <c>%2b</c>, <c>+</c> for a space, UTF-8 sequences); either
/// view of the other; and, in each of those, every Base64 or Base64url run whose decoded bytes hold a secret.
/// Each view keeps, per character, where it came from in the original, so a match in a view masks exactly the
/// original characters that encode it. Every step is linear in the text.
/// </summary>
internal static class EncodedTextViews
{
    /// <summary>Masks every secret any matcher finds; returns <paramref name="text"/> itself when none is found.</summary>
    public static string Redact(string text, ReadOnlySpan<SecretPatternMatcher> matchers, Func<string, string> mask)
    {
        if (text.Length == 0 || matchers.Length == 0)
        {
            return text;
        }

        var minimum = int.MaxValue;
        foreach (var matcher in matchers)
        {
            minimum = Math.Min(minimum, matcher.MinimumLength);
        }

        if (text.Length < minimum && text.AsSpan().IndexOfAny('\\', '%', '+') < 0)
        {
            return text;
        }

        using var coverage = new Coverage(text.Length);
        {
            var original = new View(text.AsMemory(), null);
            Scan(original, matchers, minimum, coverage);
            var json = JsonUnescape(original);
            if (json is not null)
            {
                Scan(json, matchers, minimum, coverage);
                if (UrlDecode(json) is { } jsonThenUrl)
                {
                    Scan(jsonThenUrl, matchers, minimum, coverage);
                }
            }

            if (UrlDecode(original) is { } url)
            {
                Scan(url, matchers, minimum, coverage);
                if (JsonUnescape(url) is { } urlThenJson)
                {
                    Scan(urlThenJson, matchers, minimum, coverage);
                }
            }

            return coverage.Apply(text, mask);
        }
    }

    private static void Scan(View view, ReadOnlySpan<SecretPatternMatcher> matchers, int minimum, Coverage coverage)
    {
        var sink = new ViewSink(view, coverage);
        foreach (var matcher in matchers)
        {
            matcher.FindAll(view.Span, ref sink);
        }

        ScanBase64Runs(view, matchers, minimum, coverage);
    }

    /// <summary>
    /// Decodes each run of Base64/Base64url characters long enough to hold the shortest secret, from each of the
    /// four alignments (the encoded value may start anywhere in the run), and masks the 4-character groups whose
    /// bytes hold a secret. Padding (<c>=</c>) ends a run; unpadded tails decode as Base64url does.
    /// </summary>
    private static void ScanBase64Runs(View view, ReadOnlySpan<SecretPatternMatcher> matchers, int minimum, Coverage coverage)
    {
        var chars = view.Span;
        var minimumRun = ((minimum * 4) + 2) / 3;
        byte[]? bytes = null;
        char[]? decoded = null;
        int[]? byteOf = null;
        try
        {
            var i = 0;
            while (i < chars.Length)
            {
                if (Sextet(chars[i]) < 0)
                {
                    i++;
                    continue;
                }

                var start = i;
                while (i < chars.Length && Sextet(chars[i]) >= 0)
                {
                    i++;
                }

                var length = i - start;
                if (length < minimumRun)
                {
                    continue;
                }

                if (bytes is null || bytes.Length < length)
                {
                    Return(bytes, decoded, byteOf);
                    bytes = ArrayPool<byte>.Shared.Rent(length);
                    decoded = ArrayPool<char>.Shared.Rent(length + 1);
                    byteOf = ArrayPool<int>.Shared.Rent(length + 2);
                }

                for (var alignment = 0; alignment < 4 && length - alignment >= minimumRun; alignment++)
                {
                    var run = chars.Slice(start + alignment, length - alignment);
                    var byteCount = DecodeBase64(run, bytes);
                    var charCount = DecodeUtf8(bytes.AsSpan(0, byteCount), decoded!, byteOf!);
                    var sink = new Base64Sink(view, coverage, start + alignment, start + length, byteOf!, byteCount);
                    foreach (var matcher in matchers)
                    {
                        matcher.FindAll(decoded.AsSpan(0, charCount), ref sink);
                    }
                }
            }
        }
        finally
        {
            Return(bytes, decoded, byteOf);
        }

        static void Return(byte[]? bytes, char[]? decoded, int[]? byteOf)
        {
            if (bytes is not null)
            {
                ArrayPool<byte>.Shared.Return(bytes);
                ArrayPool<char>.Shared.Return(decoded!);
                ArrayPool<int>.Shared.Return(byteOf!);
            }
        }
    }

    /// <summary>The 6-bit value of a Base64 (<c>+/</c>) or Base64url (<c>-_</c>) character, or -1.</summary>
    private static int Sextet(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' or '-' => 62,
        '/' or '_' => 63,
        _ => -1,
    };

    private static int DecodeBase64(ReadOnlySpan<char> run, byte[] bytes)
    {
        var count = 0;
        var i = 0;
        for (; i + 4 <= run.Length; i += 4)
        {
            var quad = (Sextet(run[i]) << 18) | (Sextet(run[i + 1]) << 12) | (Sextet(run[i + 2]) << 6) | Sextet(run[i + 3]);
            bytes[count++] = (byte)(quad >> 16);
            bytes[count++] = (byte)(quad >> 8);
            bytes[count++] = (byte)quad;
        }

        var rest = run.Length - i;
        if (rest >= 2)
        {
            var quad = (Sextet(run[i]) << 18) | (Sextet(run[i + 1]) << 12) | (rest == 3 ? Sextet(run[i + 2]) << 6 : 0);
            bytes[count++] = (byte)(quad >> 16);
            if (rest == 3)
            {
                bytes[count++] = (byte)(quad >> 8);
            }
        }

        return count;
    }

    /// <summary>UTF-8 to UTF-16, invalid bytes as U+FFFD (UTF-8 resynchronises, so a secret after binary bytes still decodes); <paramref name="byteOf"/>[c] is the first byte of char c.</summary>
    private static int DecodeUtf8(ReadOnlySpan<byte> bytes, char[] chars, int[] byteOf)
    {
        var count = 0;
        var offset = 0;
        Span<char> pair = stackalloc char[2];
        while (offset < bytes.Length)
        {
            _ = Rune.DecodeFromUtf8(bytes[offset..], out var rune, out var consumed);
            var written = rune.EncodeToUtf16(pair);
            for (var k = 0; k < written && count < chars.Length; k++)
            {
                byteOf[count] = offset;
                chars[count++] = pair[k];
            }

            offset += consumed;
        }

        byteOf[count] = bytes.Length;
        return count;
    }

    /// <summary>The JSON-unescaped view, or <see langword="null"/> when the text has no escape.</summary>
    private static View? JsonUnescape(View source)
    {
        var chars = source.Span;
        var first = chars.IndexOf('\\');
        if (first < 0)
        {
            return null;
        }

        var output = new char[chars.Length];
        var map = new int[chars.Length + 1];
        var count = 0;
        var changed = false;
        for (var i = 0; i < chars.Length;)
        {
            var c = chars[i];
            var width = 1;
            if (c == '\\' && i + 1 < chars.Length)
            {
                var next = chars[i + 1];
                width = 2;
                switch (next)
                {
                    case '"' or '\\' or '/' or '\'':
                        c = next;
                        break;
                    case 'b':
                        c = '\b';
                        break;
                    case 'f':
                        c = '\f';
                        break;
                    case 'n':
                        c = '\n';
                        break;
                    case 'r':
                        c = '\r';
                        break;
                    case 't':
                        c = '\t';
                        break;
                    case 'u' when i + 5 < chars.Length && TryHex(chars.Slice(i + 2, 4), out var code):
                        c = (char)code;
                        width = 6;
                        break;
                    default:
                        width = 1;
                        break;
                }

                changed |= width > 1;
            }

            map[count] = source.Start(i);
            output[count++] = c;
            i += width;
        }

        map[count] = source.Start(chars.Length);
        return changed ? new View(output.AsMemory(0, count), map) : null;
    }

    /// <summary>The URL-decoded view (<c>%XX</c> in any case as UTF-8, <c>+</c> as a space), or <see langword="null"/> when nothing is encoded.</summary>
    private static View? UrlDecode(View source)
    {
        var chars = source.Span;
        if (chars.IndexOfAny('%', '+') < 0)
        {
            return null;
        }

        var output = new char[chars.Length];
        var map = new int[chars.Length + 1];
        var count = 0;
        var changed = false;
        Span<byte> one = stackalloc byte[4];
        Span<char> pair = stackalloc char[2];
        for (var i = 0; i < chars.Length;)
        {
            var c = chars[i];
            if (c == '+')
            {
                map[count] = source.Start(i);
                output[count++] = ' ';
                changed = true;
                i++;
                continue;
            }

            if (c == '%' && i + 2 < chars.Length && TryHex(chars.Slice(i + 1, 2), out var value))
            {
                // Gather one UTF-8 sequence of %XX escapes (at most 4 bytes).
                var length = 0;
                var j = i;
                var expected = Utf8Length((byte)value);
                while (length < expected && j + 2 < chars.Length && chars[j] == '%' && TryHex(chars.Slice(j + 1, 2), out var b))
                {
                    one[length++] = (byte)b;
                    j += 3;
                }

                _ = Rune.DecodeFromUtf8(one[..length], out var rune, out var consumed);
                var written = rune.EncodeToUtf16(pair);
                for (var k = 0; k < written; k++)
                {
                    map[count] = source.Start(i);
                    output[count++] = pair[k];
                }

                changed = true;
                i += consumed * 3;
                continue;
            }

            map[count] = source.Start(i);
            output[count++] = c;
            i++;
        }

        map[count] = source.Start(chars.Length);
        return changed ? new View(output.AsMemory(0, count), map) : null;

        static int Utf8Length(byte lead) => lead switch
        {
            < 0xC0 => 1,
            < 0xE0 => 2,
            < 0xF0 => 3,
            _ => 4,
        };
    }

    private static bool TryHex(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var d in digits)
        {
            var v = d switch
            {
                >= '0' and <= '9' => d - '0',
                >= 'a' and <= 'f' => d - 'a' + 10,
                >= 'A' and <= 'F' => d - 'A' + 10,
                _ => -1,
            };
            if (v < 0)
            {
                return false;
            }

            value = (value << 4) | v;
        }

        return true;
    }

    /// <summary>A decoded text and, per character, the index in the original text it came from (null: the original itself).</summary>
    private sealed class View(ReadOnlyMemory<char> chars, int[]? map)
    {
        public ReadOnlySpan<char> Span => chars.Span;

        /// <summary>Where character <paramref name="index"/> (or the end, at <c>Length</c>) starts in the original.</summary>
        public int Start(int index) => map is null ? index : map[index];
    }

    /// <summary>Marked ranges of the original text, as a difference array: linear however many matches overlap.</summary>
    private sealed class Coverage(int length) : IDisposable
    {
        private int[]? marks;

        public bool Any => marks is not null;

        public void Mark(int start, int end)
        {
            if (end <= start)
            {
                return;
            }

            if (marks is null)
            {
                marks = ArrayPool<int>.Shared.Rent(length + 1);
                Array.Clear(marks, 0, length + 1);
            }

            marks[start]++;
            marks[end]--;
        }

        public string Apply(string text, Func<string, string> mask)
        {
            if (marks is null)
            {
                return text;
            }

            var builder = new StringBuilder(text.Length);
            var depth = 0;
            var runStart = -1;
            var copied = 0;
            for (var i = 0; i <= length; i++)
            {
                var before = depth;
                depth += marks[i];
                if (before == 0 && depth > 0)
                {
                    runStart = i;
                }
                else if (before > 0 && depth == 0)
                {
                    builder.Append(text, copied, runStart - copied);
                    builder.Append(mask(text[runStart..i]));
                    copied = i;
                }
            }

            builder.Append(text, copied, text.Length - copied);
            return builder.ToString();
        }

        public void Dispose()
        {
            if (marks is not null)
            {
                ArrayPool<int>.Shared.Return(marks);
            }
        }
    }

    private readonly struct ViewSink(View view, Coverage coverage) : SecretPatternMatcher.IMatchSink
    {
        public void Match(int start, int end) => coverage.Mark(view.Start(start), view.Start(end));
    }

    /// <summary>Maps a match in decoded bytes to the 4-character groups that encode those bytes, then to the original.</summary>
    private readonly struct Base64Sink(View view, Coverage coverage, int runStart, int runEnd, int[] byteOf, int byteCount) : SecretPatternMatcher.IMatchSink
    {
        public void Match(int start, int end)
        {
            var firstByte = byteOf[start];
            var lastByte = Math.Min(byteOf[end], byteCount) - 1;
            var from = runStart + (firstByte / 3 * 4);
            var to = Math.Min(runEnd, runStart + (lastByte / 3 * 4) + 4);
            // Padding right after the masked groups goes with them.
            var chars = view.Span;
            for (var limit = runEnd; to == limit && to < chars.Length && chars[to] == '='; limit++)
            {
                to++;
            }
            coverage.Mark(view.Start(from), view.Start(to));
        }
    }
}
