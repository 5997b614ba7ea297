using System.Buffers;

namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// A contiguous <see cref="IBufferWriter{T}"/> on <see cref="ArrayPool{T}.Shared"/> arrays for one JSON line (an audit
/// record, a metrics document): nothing is left for the GC but the writer itself. Dispose returns the array.
/// </summary>
internal sealed class PooledLineBuffer(int firstBytes) : IBufferWriter<byte>, IDisposable
{
    private byte[] array = ArrayPool<byte>.Shared.Rent(firstBytes);
    private int used;

    public ReadOnlySpan<byte> WrittenSpan => array.AsSpan(0, used);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > array.Length - used)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return array.AsMemory(used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return array.AsSpan(used);
    }

    public void Dispose()
    {
        var rented = array;
        array = [];
        used = 0;
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (array.Length - used >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(array.Length * 2, used + needed));
        array.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(array);
        array = larger;
    }
}
