using System.Buffers;

namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// Where a reply is written before it is sent: chunks rented from <see cref="ArrayPool{T}"/>, never copied while
/// the reply grows, then copied once into an array of the exact size. A reply therefore allocates its own size
/// (a growing single array allocates about twice that and copies it at every doubling), and a large reply peaks
/// at about twice its size instead of three times.
/// </summary>
internal sealed class PooledReplyBuffer : IBufferWriter<byte>, IDisposable
{
    private const int FirstChunkBytes = 4096;
    private const int MaxChunkBytes = 1024 * 1024;

    private List<(byte[] Array, int Length)>? filled;
    private byte[] current = ArrayPool<byte>.Shared.Rent(FirstChunkBytes);
    private int used;
    private long filledBytes;

    /// <summary>Gets the number of bytes written so far.</summary>
    public long WrittenCount => filledBytes + used;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > current.Length - used)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return current.AsMemory(used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return current.AsSpan(used);
    }

    /// <summary>Copies the reply into one array of exactly <see cref="WrittenCount"/> bytes.</summary>
    public byte[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<byte>(checked((int)WrittenCount));
        var offset = 0;
        if (filled is not null)
        {
            foreach (var (array, length) in filled)
            {
                array.AsSpan(0, length).CopyTo(result.AsSpan(offset));
                offset += length;
            }
        }

        current.AsSpan(0, used).CopyTo(result.AsSpan(offset));
        return result;
    }

    public void Dispose()
    {
        if (filled is not null)
        {
            foreach (var (array, length) in filled)
            {
                Return(array, length);
            }

            filled = null;
        }

        if (current.Length > 0)
        {
            Return(current, used);
            current = [];
            used = 0;
        }
    }

    /// <summary>A reply may hold an issued secret: the written part is wiped before the array goes back to the shared pool.</summary>
    private static void Return(byte[] array, int length)
    {
        array.AsSpan(0, length).Clear();
        ArrayPool<byte>.Shared.Return(array);
    }

    private void Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(current.Length == 0, this);
        sizeHint = Math.Max(sizeHint, 1);
        if (current.Length - used >= sizeHint)
        {
            return;
        }

        // The written part of the chunk is kept as it is; the next chunk doubles, up to 1 MiB (or the hint).
        if (used > 0)
        {
            (filled ??= []).Add((current, used));
            filledBytes += used;
        }
        else
        {
            ArrayPool<byte>.Shared.Return(current);
        }

        current = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, Math.Min(current.Length * 2, MaxChunkBytes)));
        used = 0;
    }
}
