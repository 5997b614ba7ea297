using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Apono.Integration.Sdk.Tests.Properties;

/// <summary>FsCheck generators: arbitrary JSON values and mutated request envelopes.</summary>
internal static class JsonGenerators
{
    private static readonly string[] Fields = ["event_type", "params", "grant_id", "username", "resource_type", "resources", "permission", "custom_parameters"];

    public static Gen<string> Text { get; } = Gen.OneOf(
        Gen.Elements("", "a", "grant-access", "get-status", "list-resources", "Grant-Access", "ü東京", "\u0000", "\ud83d\ude00", "x@example.com", "a b"),
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty));

    public static Gen<JsonNode?> Value { get; } = Gen.Sized(size => ValueOfSize(Math.Min(size, 12)));

    private static Gen<JsonNode?> ValueOfSize(int size)
    {
        var scalar = Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValue.Create(b)),
            ArbMap.Default.GeneratorFor<int>().Select(i => (JsonNode?)JsonValue.Create(i)),
            ArbMap.Default.GeneratorFor<NormalFloat>().Select(d => (JsonNode?)JsonValue.Create(d.Item)),
            Text.Select(s => (JsonNode?)JsonValue.Create(s)));
        if (size <= 0)
        {
            return scalar;
        }

        var child = ValueOfSize(size / 2);
        var array = Gen.ListOf(child).Resize(4).Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]));
        var obj = Gen.ListOf(Gen.Zip(Gen.OneOf(Gen.Elements(Fields), Text), child)).Resize(5).Select(pairs =>
        {
            var o = new JsonObject();
            foreach (var (key, value) in pairs)
            {
                o[key] = value?.DeepClone();
            }

            return (JsonNode?)o;
        });
        return Gen.Frequency((3, scalar), (2, array), (3, obj));
    }

    /// <summary>A valid envelope for a random event.</summary>
    public static Gen<JsonObject> ValidEnvelope { get; } = Gen.Elements(Sdk.Contracts.AponoEventType.All.ToArray()).Select(eventType =>
    {
        var parameters = new JsonObject
        {
            ["grant_id"] = "g-1",
            ["username"] = "jane@example.com",
            ["resource_type"] = "db",
            ["resources"] = new JsonArray("r1", "r2"),
            ["permission"] = "read",
            ["custom_parameters"] = new JsonObject { ["k"] = "v", ["n"] = 1 },
        };
        return new JsonObject { ["event_type"] = eventType, ["params"] = parameters };
    });

    /// <summary>A valid envelope after a few random mutations, as UTF-8 bytes.</summary>
    public static Gen<byte[]> MutatedEnvelope { get; } =
        from envelope in ValidEnvelope
        from mutations in Gen.ListOf(Mutation).Resize(4)
        from bytes in ApplyAll(envelope, [.. mutations])
        select bytes;

    private static Gen<Func<JsonObject, JsonObject>> Mutation { get; } = Gen.OneOf(
        // Drop a field from the envelope or from params.
        Gen.Elements(Fields).Select<string, Func<JsonObject, JsonObject>>(field => e =>
        {
            e.Remove(field);
            (e["params"] as JsonObject)?.Remove(field);
            return e;
        }),
        // Give a field a value of another type.
        Gen.Zip(Gen.Elements(Fields), Value).Select<(string, JsonNode?), Func<JsonObject, JsonObject>>(t => e =>
        {
            var (field, value) = t;
            if (e["params"] is JsonObject p && field is not ("event_type" or "params"))
            {
                p[field] = value?.DeepClone();
            }
            else
            {
                e[field] = value?.DeepClone();
            }

            return e;
        }),
        // Add an unknown field.
        Gen.Zip(Text, Value).Select<(string, JsonNode?), Func<JsonObject, JsonObject>>(t => e =>
        {
            if (!Fields.Contains(t.Item1))
            {
                e[t.Item1] = t.Item2?.DeepClone();
            }

            return e;
        }));

    private static Gen<byte[]> ApplyAll(JsonObject envelope, Func<JsonObject, JsonObject>[] mutations)
    {
        foreach (var mutation in mutations)
        {
            envelope = mutation(envelope);
        }

        var bytes = Encoding.UTF8.GetBytes(envelope.ToJsonString());
        return Gen.Frequency(
            (4, Gen.Constant(bytes)),
            // Duplicate a field (text level: JsonObject cannot hold duplicates).
            (1, Gen.Elements(Fields).Select(field => Encoding.UTF8.GetBytes(
                Encoding.UTF8.GetString(bytes).Replace("{\"" + field, "{\"" + field + "\":1,\"" + field, StringComparison.Ordinal)))),
            // Truncate.
            (1, Gen.Choose(0, bytes.Length).Select(n => bytes[..n])),
            // Overwrite random bytes with random bytes.
            (2, Gen.ListOf(Gen.Zip(Gen.Choose(0, bytes.Length - 1), Gen.Choose(0, 255))).Resize(6).Select(edits =>
            {
                var copy = (byte[])bytes.Clone();
                foreach (var (index, value) in edits)
                {
                    copy[index] = (byte)value;
                }

                return copy;
            })));
    }
}
