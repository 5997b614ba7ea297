using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Diagnostics;

namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// One thread's buffer for the audit record and the metrics document of an invocation, reused from invocation to
/// invocation (<see cref="Rent"/>, <see cref="Return"/>): the callers append the constant parts as pre-encoded bytes and
/// the values through the methods here, which write exactly the bytes a <see cref="Utf8JsonWriter"/> with
/// <see cref="ReplyWriter.WriterOptions"/> writes for the same value.
/// </summary>
/// <remarks>
/// <para>A string whose every character is printable ASCII that the writer's encoder leaves as it is (everything from
/// space to <c>~</c> but <c>"</c> and <c>\</c>) is copied as bytes; anything else (a quote, a backslash, a control, bidi
/// or non-ASCII character) goes through a <see cref="Utf8JsonWriter"/> into this buffer, so the line stays valid JSON
/// and one value can never end the string it is in.</para>
/// <para>Rent and return on the same thread with no await between: the instance is the calling thread's. The buffer
/// grows for a long line and is kept up to <see cref="KeptBytesLimit"/>; a longer one is dropped on return.</para>
/// </remarks>
internal sealed class TelemetryLineWriter : IBufferWriter<byte>
{
    private const int FirstBytes = 4096;
    private const int KeptBytesLimit = 256 * 1024;

    /// <summary>The most bytes <see cref="PutNumber(Span{byte}, int, long)"/>, <see cref="PutNumber(Span{byte}, int, double)"/> or <see cref="PutMilliseconds"/> writes.</summary>
    public const int MaxNumberBytes = 32;

    /// <summary>The most bytes <see cref="PutTimestamp"/> writes.</summary>
    public const int MaxTimestampBytes = 40;

    // 10^0 to 10^19: CountDigits' correction.
    private static readonly ulong[] PowersOfTen = [.. Enumerable.Range(0, 20).Select(static n => n == 0 ? 1UL : checked((ulong)Math.Pow(10, n)))];

    // "00" to "99": digits are written two at a time.
    private static ReadOnlySpan<byte> DigitPairs => "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    // The same set as a table indexed by the character (1 = plain), for texts shorter than a vector.
    private static readonly byte[] PlainTable = PlainTableOf(PlainCharacters());

    // Whether eight characters at a time can be checked with vector instructions: the set must be the one they test,
    // space to '~' without '"' and '\' (what the encoder's set is; checked, not assumed).
    private static readonly bool VectorPlain = Vector128.IsHardwareAccelerated && PlainCharacters() == StandardPlainCharacters();

    [ThreadStatic]
    private static TelemetryLineWriter? idle;

    private readonly byte[] lastMillisecondsText = new byte[24];
    private readonly byte[] lastSecondText = new byte[21];
    private long lastSecond = -1;
    private byte[] buffer = new byte[FirstBytes];
    private long lastMilliseconds;
    private int lastMillisecondsLength;
    private int used;
    private Utf8JsonWriter? json;

    private TelemetryLineWriter()
    {
    }

    public int Length => used;

    public ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(0, used);

    /// <summary>Takes this thread's writer (a new one when it is already taken), empty.</summary>
    public static TelemetryLineWriter Rent()
    {
        var writer = idle ?? new TelemetryLineWriter();
        idle = null;
        return writer;
    }

    /// <summary>Empties the writer and keeps it for this thread's next lines.</summary>
    public void Return()
    {
        used = 0;
        if (buffer.Length > KeptBytesLimit)
        {
            buffer = new byte[FirstBytes];
        }

        idle = this;
    }

    /// <summary>Drops everything written after <paramref name="length"/> (a part that failed half-way).</summary>
    public void Truncate(int length) => used = Math.Min(used, length);

    /// <summary>Appends bytes as they are: constant JSON (property names, punctuation) encoded beforehand.</summary>
    public void Raw(ReadOnlySpan<byte> bytes) => used += Put(Reserve(bytes.Length), 0, bytes);

    /// <summary>Appends <paramref name="value"/> as a JSON string, quotes included, as <see cref="Utf8JsonWriter.WriteStringValue(string)"/> writes it.</summary>
    public void String(string value)
    {
        var written = PutPlain(Reserve(value.Length + 2), 0, value, comma: false);
        if (written >= 0)
        {
            used += written;
        }
        else
        {
            Escaped(value);
        }
    }

    /// <summary>
    /// Appends <see cref="DisplayText.Escape"/> of <paramref name="value"/> as a JSON string (what every log line does with
    /// request text); returns the escaped text's length.
    /// </summary>
    public int DisplayString(string value) => DisplayItem(value, comma: false);

    /// <summary>
    /// Appends a comma when <paramref name="comma"/>, then what <see cref="DisplayString"/> appends (an array item);
    /// returns the escaped text's length.
    /// </summary>
    public int DisplayItem(string value, bool comma)
    {
        // Printable ASCII has nothing DisplayText escapes: the text is its own escape.
        var written = PutPlain(Reserve(value.Length + 3), 0, value, comma);
        if (written >= 0)
        {
            used += written;
            return value.Length;
        }

        if (comma)
        {
            Raw(","u8);
        }

        var escaped = DisplayText.Escape(value);
        Escaped(escaped);
        return escaped.Length;
    }

    /// <summary>Appends <paramref name="value"/> as <see cref="Utf8JsonWriter.WriteNumberValue(long)"/> writes it.</summary>
    public void Number(long value) => used += PutNumber(Reserve(MaxNumberBytes), 0, value);

    /// <summary>Appends a finite <paramref name="value"/> in the shortest form that reads back the same, as <see cref="Utf8JsonWriter.WriteNumberValue(double)"/> does.</summary>
    public void Number(double value) => used += PutNumber(Reserve(MaxNumberBytes), 0, value);

    /// <summary>Appends what <see cref="PutMilliseconds"/> writes.</summary>
    public void Milliseconds(double milliseconds) => used += PutMilliseconds(Reserve(MaxNumberBytes), 0, milliseconds);

    /// <summary>Appends <paramref name="utc"/> as a JSON string in the round-trip ("O") format, as <c>ToString("O")</c> writes it.</summary>
    public void Timestamp(DateTime utc) => used += PutTimestamp(Reserve(MaxTimestampBytes), 0, utc);

    /// <summary>
    /// For a text <see cref="PutPlain"/> refused: keeps the first <paramref name="written"/> bytes of the span
    /// <see cref="GetSpan"/> gave, appends <paramref name="value"/> as <see cref="DisplayString"/> (when
    /// <paramref name="display"/>) or <see cref="String"/> does, and returns free space of at least
    /// <paramref name="bytes"/> after it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Span<byte> Spill(int written, string value, bool display, int bytes)
    {
        Advance(written);
        if (display)
        {
            _ = DisplayString(value);
        }
        else
        {
            String(value);
        }

        return Reserve(bytes);
    }

    /// <summary>
    /// Writes <paramref name="text"/> at <paramref name="at"/> in <paramref name="span"/> (from <see cref="GetSpan"/>) when it
    /// is plain and returns the position after it; else keeps the span's first <paramref name="at"/> bytes, appends the
    /// text as <see cref="Spill"/> does, points <paramref name="span"/> at fresh space of <paramref name="bytes"/> after it
    /// and returns 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PutText(ref Span<byte> span, int at, string text, bool display, int bytes)
    {
        var end = PutPlain(span, at, text, comma: false);
        if (end >= 0)
        {
            return end;
        }

        span = Spill(at, text, display, bytes);
        return 0;
    }

    /// <summary>
    /// Copies <paramref name="bytes"/> to <paramref name="span"/> at <paramref name="position"/>; returns the position after them.
    /// </summary>
    /// <remarks>
    /// The <c>Put</c> methods write a whole line through one span and position (no field read or written per part): the
    /// caller takes room for all of it with <see cref="GetSpan"/> and keeps what went in with <see cref="Advance"/>.
    /// Growing the buffer (by any method here) makes the span stale.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Put(Span<byte> span, int position, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[position..]);
        return position + bytes.Length;
    }

    /// <summary>
    /// Writes <paramref name="value"/> quoted (after a comma when <paramref name="comma"/>) at <paramref name="position"/>
    /// when every character is plain, the bytes <see cref="String"/> and <see cref="DisplayItem"/> write for it; returns
    /// the position after it, or -1 (and the span's bytes from <paramref name="position"/> are undefined) when one is not.
    /// The span needs room for the text, its quotes and the comma.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // One call per text; inlined, it used up its callers' inlining budget.
    public static int PutPlain(Span<byte> span, int position, string value, bool comma)
    {
        var length = value.Length;
        var start = position + (comma ? 1 : 0);
        var text = span.Slice(start + 1, length);
        var closing = start + length + 1;
        _ = span[closing];
        if (VectorPlain && length >= Vector128<ushort>.Count)
        {
            // Eight characters at a time, checked and narrowed to bytes; the last block overlaps the one before it.
            ref var source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value.AsSpan()));
            ref var destination = ref MemoryMarshal.GetReference(text);
            var last = length - Vector128<ushort>.Count;
            for (var i = 0; ; i += Vector128<ushort>.Count)
            {
                i = Math.Min(i, last);
                var chars = Vector128.LoadUnsafe(ref source, (nuint)i);
                if (!IsPlain(chars))
                {
                    return -1;
                }

                Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, i), Vector128.Narrow(chars, chars).AsUInt64().ToScalar());
                if (i == last)
                {
                    break;
                }
            }
        }
        else
        {
            var table = PlainTable;
            for (var i = 0; i < text.Length; i++)
            {
                var c = value[i];
                if (c >= (uint)table.Length || table[c] == 0)
                {
                    return -1;
                }

                text[i] = (byte)c;
            }
        }

        if (comma)
        {
            span[position] = (byte)',';
        }

        span[start] = (byte)'"';
        span[closing] = (byte)'"';
        return closing + 1;
    }

    /// <summary>
    /// Copies JSON array items exactly as <paramref name="items"/> spells them (<c>"a","b"</c>, from
    /// <see cref="ReadResourceIds.Items"/>) when every byte is a quote or a character that <see cref="PutPlain"/> would
    /// copy as it is, so the bytes are the ones the items one by one would give; returns the position after them, or -1
    /// (nothing written) when a byte is not.
    /// </summary>
    public static int PutPlainItems(Span<byte> span, int position, ReadOnlySpan<byte> items)
    {
        if (VectorPlain)
        {
            // The plain set is space to '~' without '"' and '\': with the quotes, everything in that range but '\'.
            if (items.IndexOfAnyExceptInRange((byte)' ', (byte)'~') >= 0 || items.Contains((byte)'\\'))
            {
                return -1;
            }
        }
        else
        {
            var table = PlainTable;
            foreach (var b in items)
            {
                if (b != (byte)'"' && (b >= table.Length || table[b] == 0))
                {
                    return -1;
                }
            }
        }

        return Put(span, position, items);
    }

    /// <summary>Writes <paramref name="value"/> as <see cref="Utf8JsonWriter.WriteNumberValue(long)"/> writes it; returns the position after it (the span needs <see cref="MaxNumberBytes"/>).</summary>
    public static int PutNumber(Span<byte> span, int position, long value)
    {
        if (value < 0)
        {
            _ = Utf8Formatter.TryFormat(value, span[position..], out var written);
            return position + written;
        }

        var digits = CountDigits((ulong)value);
        Digits(span.Slice(position, digits), (ulong)value);
        return position + digits;
    }

    /// <summary>Writes a finite <paramref name="value"/> as <see cref="Number(double)"/> does; returns the position after it (the span needs <see cref="MaxNumberBytes"/>).</summary>
    public static int PutNumber(Span<byte> span, int position, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "JSON has no number for a non-finite value.");
        }

        if (!value.TryFormat(span[position..], out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A number did not fit.");
        }

        return position + written;
    }

    /// <summary>
    /// Writes <c>Math.Round(<paramref name="milliseconds"/>, 3)</c> as <see cref="Number(double)"/> would write it (the
    /// shortest text that reads back the same), formatted from the integer count of microseconds; returns the position
    /// after it (the span needs <see cref="MaxNumberBytes"/>).
    /// </summary>
    /// <remarks>
    /// <c>Math.Round(x, 3)</c> is the double nearest to <c>k / 1000</c> for the integer <c>k = Math.Round(x * 1000)</c>;
    /// below 10^9 ms two such values are far more than a double's precision apart, so <c>k</c>'s digits with the point
    /// three from the right and the trailing zeros dropped are that shortest text. Anything else goes to
    /// <see cref="Number(double)"/>.
    /// </remarks>
    public int PutMilliseconds(Span<byte> span, int position, double milliseconds)
    {
        // Both lines of an invocation carry the same duration: the second copies the first's text.
        if (BitConverter.DoubleToInt64Bits(milliseconds) == lastMilliseconds && lastMillisecondsLength > 0)
        {
            return Put(span, position, lastMillisecondsText.AsSpan(0, lastMillisecondsLength));
        }

        var end = WriteMilliseconds(span, position, milliseconds);
        if (end - position <= lastMillisecondsText.Length)
        {
            span[position..end].CopyTo(lastMillisecondsText);
            lastMilliseconds = BitConverter.DoubleToInt64Bits(milliseconds);
            lastMillisecondsLength = end - position;
        }

        return end;
    }

    private static int WriteMilliseconds(Span<byte> span, int position, double milliseconds)
    {
        // Math.Round(x, 3) is Math.Round(x * 1000) / 1000 (the tests hold it to Math.Round's own result).
        var scaled = Math.Round(milliseconds * 1000);
        if (!(scaled >= 0 && scaled < 1e12) || double.IsNegative(scaled))
        {
            return PutNumber(span, position, Math.Round(milliseconds, 3));
        }

        var thousandths = (long)scaled;
        var whole = thousandths / 1000;
        var fraction = (int)(thousandths - (whole * 1000));
        position = PutNumber(span, position, whole);
        if (fraction != 0)
        {
            span[position++] = (byte)'.';
            span[position++] = (byte)('0' + (fraction / 100));
            fraction %= 100;
            if (fraction != 0)
            {
                span[position++] = (byte)('0' + (fraction / 10));
                fraction %= 10;
                if (fraction != 0)
                {
                    span[position++] = (byte)('0' + fraction);
                }
            }
        }

        return position;
    }

    /// <summary>Writes <paramref name="utc"/> as <see cref="Timestamp"/> does; returns the position after it (the span needs <see cref="MaxTimestampBytes"/>).</summary>
    public int PutTimestamp(Span<byte> span, int position, DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Utc)
        {
            // "yyyy-MM-ddTHH:mm:ss.fffffffZ", quoted: what "O" writes for a UTC time. Up to the second it is the same
            // for every line of the same second: kept from the line before.
            var quoted = span.Slice(position, 30);
            var second = utc.Ticks / TimeSpan.TicksPerSecond;
            if (second != lastSecond)
            {
                FormatSecond(utc, second);
            }

            // 21 bytes, a constant the JIT copies in two moves.
            Unsafe.CopyBlockUnaligned(ref quoted[0], ref lastSecondText[0], 21);
            Digits(quoted.Slice(21, 7), (ulong)(utc.Ticks % TimeSpan.TicksPerSecond));
            quoted[28] = (byte)'Z';
            quoted[29] = (byte)'"';
            return position + 30;
        }

        span[position] = (byte)'"';
        if (!utc.TryFormat(span[(position + 1)..], out var written, "O", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("The timestamp did not fit.");
        }

        span[position + written + 1] = (byte)'"';
        return position + written + 2;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > buffer.Length - used)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        _ = Reserve(Math.Max(sizeHint, 1));
        return buffer.AsMemory(used);
    }

    public Span<byte> GetSpan(int sizeHint = 0) => Reserve(Math.Max(sizeHint, 1));

    /// <summary>Keeps <c>"yyyy-MM-ddTHH:mm:ss.</c> of <paramref name="utc"/> (quote first) for the lines of its second.</summary>
    private void FormatSecond(DateTime utc, long second)
    {
        var text = lastSecondText.AsSpan();
        utc.Deconstruct(out var year, out var month, out var day);
        var ofDay = (int)(second % (TimeSpan.TicksPerDay / TimeSpan.TicksPerSecond));
        text[0] = (byte)'"';
        Digits(text.Slice(1, 4), (ulong)year);
        text[5] = (byte)'-';
        Digits(text.Slice(6, 2), (ulong)month);
        text[8] = (byte)'-';
        Digits(text.Slice(9, 2), (ulong)day);
        text[11] = (byte)'T';
        Digits(text.Slice(12, 2), (ulong)(ofDay / 3600));
        text[14] = (byte)':';
        Digits(text.Slice(15, 2), (ulong)(ofDay / 60 % 60));
        text[17] = (byte)':';
        Digits(text.Slice(18, 2), (ulong)(ofDay % 60));
        text[20] = (byte)'.';
        lastSecond = second;
    }

    /// <summary>Writes <paramref name="value"/> as exactly <c>span.Length</c> decimal digits, zero-padded, two at a time.</summary>
    private static void Digits(Span<byte> span, ulong value)
    {
        // Each pair index is below 200 and each write inside the span: no bounds checks in the loop.
        ref var pairs = ref MemoryMarshal.GetReference(DigitPairs);
        ref var first = ref MemoryMarshal.GetReference(span);
        var i = span.Length;
        for (; i >= 2; i -= 2)
        {
            var quotient = value / 100;
            var pair = (nuint)(value - (quotient * 100)) * 2;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref first, i - 2), Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, pair)));
            value = quotient;
        }

        if (i == 1)
        {
            first = (byte)('0' + (value % 10));
        }
    }

    /// <summary>The count of decimal digits of <paramref name="value"/> (1 for zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountDigits(ulong value)
    {
        // log10 from log2 (1233 / 4096 ≈ log10 2), one too low from each power of ten on (zero counts as one).
        var digits = ((BitOperations.Log2(value) + 1) * 1233) >> 12;
        return (int)digits + ((value | 1) >= PowersOfTen[(int)digits] ? 1 : 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPlain(Vector128<ushort> chars)
    {
        var outside = Vector128.GreaterThan(chars - Vector128.Create((ushort)' '), Vector128.Create((ushort)('~' - ' ')));
        var special = Vector128.Equals(chars, Vector128.Create((ushort)'"')) | Vector128.Equals(chars, Vector128.Create((ushort)'\\'));
        return (outside | special) == Vector128<ushort>.Zero;
    }

    private void Escaped(string value)
    {
        json ??= new Utf8JsonWriter(this, ReplyWriter.WriterOptions);
        json.Reset();
        json.WriteStringValue(value);
        json.Flush();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int bytes) => buffer.Length - used >= bytes ? buffer.AsSpan(used) : Grow(bytes);

    private Span<byte> Grow(int bytes)
    {
        var larger = new byte[Math.Max(buffer.Length * 2, used + bytes)];
        buffer.AsSpan(0, used).CopyTo(larger);
        buffer = larger;
        return buffer.AsSpan(used);
    }

    private static byte[] PlainTableOf(string plain)
    {
        var table = new byte[128];
        foreach (var c in plain)
        {
            table[c] = 1;
        }

        return table;
    }

    private static string StandardPlainCharacters()
    {
        var plain = new StringBuilder();
        for (var c = ' '; c <= '~'; c++)
        {
            if (c is not '"' and not '\\')
            {
                _ = plain.Append(c);
            }
        }

        return plain.ToString();
    }

    private static string PlainCharacters()
    {
        var encoder = ReplyWriter.WriterOptions.Encoder!;
        var plain = new StringBuilder();
        Span<byte> one = stackalloc byte[1];
        for (var c = ' '; c <= '~'; c++)
        {
            one[0] = (byte)c;
            if (c is not '"' and not '\\' && encoder.FindFirstCharacterToEncodeUtf8(one) < 0)
            {
                _ = plain.Append(c);
            }
        }

        return plain.ToString();
    }
}
