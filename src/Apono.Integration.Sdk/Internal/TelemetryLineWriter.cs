using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
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

    // The same set as a table indexed by the character (1 = plain), for texts shorter than a vector.
    private static readonly byte[] PlainTable = PlainTableOf(PlainCharacters());

    // Whether eight characters at a time can be checked with vector instructions: the set must be the one they test,
    // space to '~' without '"' and '\' (what the encoder's set is; checked, not assumed).
    private static readonly bool VectorPlain = Vector128.IsHardwareAccelerated && PlainCharacters() == StandardPlainCharacters();

    [ThreadStatic]
    private static TelemetryLineWriter? idle;

    private byte[] buffer = new byte[FirstBytes];
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        used += bytes.Length;
    }

    /// <summary>Appends <paramref name="value"/> as a JSON string, quotes included, as <see cref="Utf8JsonWriter.WriteStringValue(string)"/> writes it.</summary>
    public void String(string value)
    {
        if (!TryPlain(value))
        {
            Escaped(value);
        }
    }

    /// <summary>
    /// Appends <see cref="DisplayText.Escape"/> of <paramref name="value"/> as a JSON string (what every log line does with
    /// request text); returns the escaped text's length.
    /// </summary>
    public int DisplayString(string value)
    {
        // Printable ASCII has nothing DisplayText escapes: the text is its own escape.
        if (TryPlain(value))
        {
            return value.Length;
        }

        var escaped = DisplayText.Escape(value);
        Escaped(escaped);
        return escaped.Length;
    }

    public void Number(long value)
    {
        var span = Reserve(20);
        if (!Utf8Formatter.TryFormat(value, span, out var written))
        {
            throw new InvalidOperationException("A number did not fit.");
        }

        used += written;
    }

    /// <summary>Appends a finite <paramref name="value"/> in the shortest form that reads back the same, as <see cref="Utf8JsonWriter.WriteNumberValue(double)"/> does.</summary>
    public void Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "JSON has no number for a non-finite value.");
        }

        var span = Reserve(32);
        if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A number did not fit.");
        }

        used += written;
    }

    /// <summary>
    /// Appends <c>Math.Round(<paramref name="milliseconds"/>, 3)</c> as <see cref="Number(double)"/> would write it (the
    /// shortest text that reads back the same), formatted from the integer count of microseconds.
    /// </summary>
    /// <remarks>
    /// <c>Math.Round(x, 3)</c> is the double nearest to <c>k / 1000</c> for the integer <c>k = Math.Round(x * 1000)</c>;
    /// below 10^9 ms two such values are far more than a double's precision apart, so <c>k</c>'s digits with the point
    /// three from the right and the trailing zeros dropped are that shortest text. Anything else goes to
    /// <see cref="Number(double)"/>.
    /// </remarks>
    public void Milliseconds(double milliseconds)
    {
        var rounded = Math.Round(milliseconds, 3);
        if (!(rounded >= 0 && rounded < 1e9) || double.IsNegative(rounded))
        {
            Number(rounded);
            return;
        }

        var thousandths = (long)Math.Round(milliseconds * 1000);
        var whole = thousandths / 1000;
        var fraction = (int)(thousandths - (whole * 1000));
        var span = Reserve(16);
        _ = Utf8Formatter.TryFormat(whole, span, out var written);
        if (fraction != 0)
        {
            span[written++] = (byte)'.';
            span[written++] = (byte)('0' + (fraction / 100));
            fraction %= 100;
            if (fraction != 0)
            {
                span[written++] = (byte)('0' + (fraction / 10));
                fraction %= 10;
                if (fraction != 0)
                {
                    span[written++] = (byte)('0' + fraction);
                }
            }
        }

        used += written;
    }

    /// <summary>Appends <paramref name="utc"/> as a JSON string in the round-trip ("O") format, as <c>ToString("O")</c> writes it.</summary>
    public void Timestamp(DateTime utc)
    {
        var span = Reserve(40);
        span[0] = (byte)'"';
        if (!utc.TryFormat(span[1..], out var written, "O", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("The timestamp did not fit.");
        }

        span[written + 1] = (byte)'"';
        used += written + 2;
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

    /// <summary>Writes <paramref name="value"/> quoted when every character is plain; else writes nothing and returns <see langword="false"/>.</summary>
    private bool TryPlain(string value)
    {
        var length = value.Length;
        var span = Reserve(length + 2);
        if (VectorPlain && length >= Vector128<ushort>.Count)
        {
            // Eight characters at a time, checked and narrowed to bytes; the last block overlaps the one before it.
            ref var source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value.AsSpan()));
            ref var destination = ref MemoryMarshal.GetReference(span[1..]);
            var last = length - Vector128<ushort>.Count;
            for (var i = 0; ; i += Vector128<ushort>.Count)
            {
                i = Math.Min(i, last);
                var chars = Vector128.LoadUnsafe(ref source, (nuint)i);
                if (!IsPlain(chars))
                {
                    return false;
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
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c >= (uint)table.Length || table[c] == 0)
                {
                    return false;
                }

                span[i + 1] = (byte)c;
            }
        }

        span[0] = (byte)'"';
        span[length + 1] = (byte)'"';
        used += length + 2;
        return true;
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
