using System.Globalization;
using System.Text;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tests.Internal;

/// <summary>
/// The duplicate check of long <c>params.resources</c> lists: a fixed hash first, the randomized string hash once ids
/// collide more than chance allows. Ids crafted against the fixed hash are made here and sent as an attacker would.
/// </summary>
public sealed class ResourceIdSetTests
{
    /// <summary>A table for 1,000 ids has 2,048 slots.</summary>
    private const int TableSize = 2048;

    /// <summary>1,000 distinct ids that all land in slot 0 of the fixed hash: each would probe past all before it.</summary>
    private static readonly Lazy<string[]> Colliding = new(() => CollidingIds(1_000));

    private static string[] CollidingIds(int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; ids.Count < count; i++)
        {
            var id = "c" + i.ToString(CultureInfo.InvariantCulture);
            if (ResourceIdSet.FixedSlot(Encoding.UTF8.GetBytes(id), TableSize) == 0)
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    private static string GrantWith(IEnumerable<string> ids) =>
        "{\"event_type\":\"grant-access\",\"params\":{\"grant_id\":\"g-1\",\"username\":\"jane@example.com\",\"resource_type\":\"t\",\"resources\":[" +
        string.Join(',', ids.Select(static id => "\"" + id + "\"")) + "],\"permission\":\"reader\"}}";

    private static AponoRequest Read(string json) => RequestReader.Read(Encoding.UTF8.GetBytes(json), new AponoFunctionOptions());

    /// <summary>Adds every id (each must be new), then runs <paramref name="check"/> on the filled set.</summary>
    private static void Filled(string[] ids, Action<ResourceIdSet> check)
    {
        var stored = new string[ids.Length];
        var set = new ResourceIdSet(stored, ids.Length);
        try
        {
            for (var i = 0; i < ids.Length; i++)
            {
                Assert.True(set.Add(ids[i], Encoding.UTF8.GetBytes(ids[i]), i));
                stored[i] = ids[i];
            }

            check(set);
        }
        finally
        {
            set.Dispose();
        }
    }

    [Fact]
    public void CraftedIds_AllInOneSlotOfTheFixedHash_SwitchTheSetToTheRandomizedHash()
    {
        var ids = Colliding.Value;

        Filled(ids, set =>
        {
            Assert.True(set.IsRandomized);

            // Still a set after the switch: every id already in it is found again, by either entry point.
            Assert.False(set.Add(ids[0], Encoding.UTF8.GetBytes(ids[0]), ids.Length));
            Assert.False(set.Add(ids[^1], ids.Length));
        });
    }

    [Fact]
    public void OrdinaryIds_StayOnTheFixedHash()
    {
        var ids = Enumerable.Range(0, 1_000).Select(static i => "db-" + i.ToString("D6", CultureInfo.InvariantCulture)).ToArray();

        Filled(ids, set =>
        {
            Assert.False(set.IsRandomized);
            Assert.False(set.Add("db-000417", Encoding.UTF8.GetBytes("db-000417"), ids.Length));
        });
    }

    [Fact]
    public void Read_ThousandCraftedIds_AreAcceptedInOrder()
    {
        var ids = Colliding.Value;

        var request = Assert.IsType<GrantAccessRequest>(Read(GrantWith(ids)));

        Assert.Equal(ids, request.Resources);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(998)]
    public void Read_CraftedIdsWithOneRepeated_IsRefusedWithTheCatalogMessage(int repeated)
    {
        // 999 crafted ids and a repeat of one of them as the last: the repeat is found before or after the switch.
        var ids = Colliding.Value[..999].Append(Colliding.Value[repeated]);

        var error = Assert.Throws<InvalidRequestException>(() => Read(GrantWith(ids)));

        Assert.Equal($"params.resources lists '{Colliding.Value[repeated]}' more than once.", error.Message);
    }

    [Theory]
    [InlineData("db-\u00fc\u6570", "db-\\u00fc\\u6570")]
    [InlineData("team-\U0001F468\u200D\U0001F469", "team-\\ud83d\\udc68\\u200d\\ud83d\\udc69")]
    [InlineData("a-quite-long-resource-id-over-sixteen-bytes", "a-quite-long-resource-id-over-sixteen-byte\\u0073")]
    public void Read_RawAndEscapedSpellingsOfOneIdInALongList_AreDuplicates(string raw, string escaped)
    {
        // The raw spelling is hashed from the body's bytes, the escaped one from the decoded string's UTF-8.
        var ids = Enumerable.Range(0, 30).Select(static i => "r" + i.ToString(CultureInfo.InvariantCulture)).Append(raw).Append(escaped);

        var error = Assert.Throws<InvalidRequestException>(() => Read(GrantWith(ids)));

        Assert.Equal($"params.resources lists '{raw}' more than once.", error.Message);
    }

    [Fact]
    public void TheTwoEntryPoints_HashEveryLengthAlike()
    {
        // Lengths 1..40 bytes cross every branch of the fixed hash (1-3, 4-7, 8-16, the 16-byte blocks and their tail).
        for (var length = 1; length <= 40; length++)
        {
            var id = string.Concat(Enumerable.Range(0, length).Select(static i => (char)('a' + (i * 7 % 26))));
            var stored = new string[20];
            var set = new ResourceIdSet(stored, 20);
            try
            {
                Assert.True(set.Add(id, Encoding.UTF8.GetBytes(id), 0));
                stored[0] = id;
                Assert.False(set.Add(id, 1));
                Assert.True(set.Add(id + "x", 1));
            }
            finally
            {
                set.Dispose();
            }
        }
    }

    [Fact]
    public void IsAsciiInRange_AgreesWithAByteByByteCheck_AtEveryLengthAndPosition()
    {
        byte[] probes = [0x00, 0x1F, 0x20, 0x21, 0x41, 0x7E, 0x7F, 0x80, 0xC3, 0xFF];
        foreach (var (low, high) in new[] { ((byte)' ', (byte)'~'), ((byte)'!', (byte)'~') })
        {
            for (var length = 0; length <= 40; length++)
            {
                for (var position = 0; position < Math.Max(length, 1); position++)
                {
                    foreach (var probe in probes)
                    {
                        var bytes = Enumerable.Repeat((byte)'m', length).ToArray();
                        if (length > 0)
                        {
                            bytes[position] = probe;
                        }

                        var expected = bytes.All(b => b >= low && b <= high);
                        Assert.True(expected == InputText.IsAsciiInRange(bytes, low, high), $"length {length}, byte 0x{probe:X2} at {position}, range 0x{low:X2}-0x{high:X2}");
                    }
                }
            }
        }
    }
}
