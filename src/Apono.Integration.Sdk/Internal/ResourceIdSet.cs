using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// The resource ids of one request seen so far, as indexes into the array being filled, to refuse a repeated id: an
/// open-addressing table from the pool, hashed first with a cheap fixed hash and, once the probes show that the ids
/// collide far more than chance allows (input crafted against that hash), rebuilt on the per-process randomized string
/// hash, so crafted ids cost at most a bounded number of extra probes, never quadratic time.
/// </summary>
/// <remarks>
/// The same two-step scheme as .NET's own <c>Dictionary&lt;string, TValue&gt;</c> (a non-randomized string hash
/// until 100 collisions, then the randomized one). The fixed hash reads the id's UTF-8 8 bytes at a time; a
/// random-looking list of 1,000 ids makes about 0.6 extra probes per id, and the table is rebuilt past
/// 8 per id (+ 64).
/// </remarks>
internal struct ResourceIdSet : IDisposable
{
    private readonly string[] ids;
    private readonly int[] table;
    private readonly int size;
    private readonly int shift;
    private readonly int probeLimit;
    private int probes;

    /// <summary>Rents a table for up to <paramref name="count"/> ids, which are stored in <paramref name="ids"/> as they are added.</summary>
    public ResourceIdSet(string[] ids, int count)
    {
        this.ids = ids;
        size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, 2) * 2);
        shift = ShiftFor(size);
        table = ArrayPool<int>.Shared.Rent(size);
        table.AsSpan(0, size).Clear();
        probeLimit = (8 * count) + 64;
    }

    /// <summary>Gets whether the set was rebuilt on the randomized hash (its ids collided on the fixed one).</summary>
    public readonly bool IsRandomized => probes < 0;

    /// <summary>Adds <paramref name="id"/>, about to be stored at <paramref name="index"/>.</summary>
    /// <returns><see langword="false"/> if an equal id is already in the set.</returns>
    public bool Add(string id, int index)
    {
        if (probes < 0)
        {
            return Insert(id, index, RandomizedSlot(id));
        }

        // The fixed hash reads UTF-8, which the reader's fast path has at hand (an id without escapes, as in the body).
        var length = Encoding.UTF8.GetByteCount(id);
        var rented = length > 256 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[256];
        try
        {
            return Add(id, utf8[..Encoding.UTF8.GetBytes(id, utf8)], index);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Adds <paramref name="id"/>, whose UTF-8 is <paramref name="utf8"/>, about to be stored at <paramref name="index"/>.</summary>
    /// <returns><see langword="false"/> if an equal id is already in the set.</returns>
    public bool Add(string id, ReadOnlySpan<byte> utf8, int index)
    {
        if (probes < 0)
        {
            return Insert(id, index, RandomizedSlot(id));
        }

        var slot = Probe(id, SlotOf(FixedHash(utf8), shift), counted: true);
        if (slot == OverLimit)
        {
            Randomize(index);
            return Insert(id, index, RandomizedSlot(id));
        }

        return Store(slot, index);
    }

    /// <summary>
    /// The fixed hash of an id's UTF-8: two lanes of 8-byte words (a short id is read as two overlapping words),
    /// multiply-mixed; not randomized (see the type's remarks for what bounds crafted collisions).
    /// </summary>
    internal static ulong FixedHash(ReadOnlySpan<byte> utf8)
    {
        var n = utf8.Length;
        var a = 0x9E3779B97F4A7C15UL ^ (ulong)n;
        var b = 0xC2B2AE3D27D4EB4FUL;
        if (n > 16)
        {
            for (var i = 0; i + 16 < n; i += 16)
            {
                a = MixA(a ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8[i..]));
                b = MixB(b ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8[(i + 8)..]));
            }

            // The last 16 bytes, overlapping the block before when the length is not a multiple of 16.
            a ^= BinaryPrimitives.ReadUInt64LittleEndian(utf8[(n - 16)..]);
            b ^= BinaryPrimitives.ReadUInt64LittleEndian(utf8[(n - 8)..]);
        }
        else if (n >= 8)
        {
            a ^= BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            b ^= BinaryPrimitives.ReadUInt64LittleEndian(utf8[(n - 8)..]);
        }
        else if (n >= 4)
        {
            a ^= BinaryPrimitives.ReadUInt32LittleEndian(utf8);
            b ^= BinaryPrimitives.ReadUInt32LittleEndian(utf8[(n - 4)..]);
        }
        else if (n > 0)
        {
            a ^= utf8[0] | ((ulong)utf8[n / 2] << 8) | ((ulong)utf8[n - 1] << 16);
        }

        return MixA(a) ^ MixB(b);
    }

    /// <summary>The slot <see cref="FixedHash"/> gives an id in a table of <paramref name="size"/> slots (a power of two).</summary>
    internal static int FixedSlot(ReadOnlySpan<byte> utf8, int size) => SlotOf(FixedHash(utf8), ShiftFor(size));

    public readonly void Dispose()
    {
        if (table is not null)
        {
            ArrayPool<int>.Shared.Return(table);
        }
    }

    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MixA(ulong value)
    {
        value *= 0xD6E8FEB86659FD93UL;
        return value ^ (value >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MixB(ulong value)
    {
        value *= 0xFF51AFD7ED558CCDUL;
        return value ^ (value >> 29);
    }

    private readonly int RandomizedSlot(string id) => id.GetHashCode() & (size - 1);

    /// <summary>What <see cref="Probe"/> returns when an equal id is already in the set.</summary>
    private const int Found = -1;

    /// <summary>What a counted <see cref="Probe"/> returns once the probes pass the limit (the table is then rebuilt).</summary>
    private const int OverLimit = -2;

    private static int ShiftFor(int size) => 64 - BitOperations.Log2((uint)size);

    private static int SlotOf(ulong hash, int shift) => (int)((hash * Golden) >> shift);

    private bool Insert(string id, int index, int slot) => Store(Probe(id, slot, counted: false), index);

    private readonly bool Store(int slot, int index)
    {
        if (slot == Found)
        {
            return false;
        }

        table[slot] = index + 1;
        return true;
    }

    /// <summary>
    /// Walks from <paramref name="slot"/> to the first empty slot and returns it, or <see cref="Found"/> when an equal
    /// id is on the way; <paramref name="counted"/> (the fixed hash) counts the steps and gives up with
    /// <see cref="OverLimit"/> past the limit.
    /// </summary>
    private int Probe(string id, int slot, bool counted)
    {
        while (table[slot] != 0)
        {
            if (string.Equals(ids[table[slot] - 1], id, StringComparison.Ordinal))
            {
                return Found;
            }

            if (counted && ++probes > probeLimit)
            {
                return OverLimit;
            }

            slot = (slot + 1) & (size - 1);
        }

        return slot;
    }

    /// <summary>Rebuilds the table of the first <paramref name="count"/> ids (all distinct) on the randomized hash.</summary>
    private void Randomize(int count)
    {
        probes = -1;
        table.AsSpan(0, size).Clear();
        for (var i = 0; i < count; i++)
        {
            _ = Insert(ids[i], i, RandomizedSlot(ids[i]));
        }
    }
}
