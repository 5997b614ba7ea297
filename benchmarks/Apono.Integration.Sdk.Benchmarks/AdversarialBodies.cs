using System.Globalization;
using System.Text;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>
/// Request bodies that are valid by the contract's size (at most 6,291,456 bytes) but built to cost a JSON reader as
/// much memory as possible: tiny keys, deep arrays, flat numbers, one long string, escape-heavy strings, many long ids.
/// Each is filled up to just under the limit. <c>benchmarks/adversarial/run.sh</c> measures the QuickStart on each;
/// <c>tests/QuickStart.Tests</c> links this file and pins each body's answer under a 96 MB GC heap limit.
/// </summary>
public static class AdversarialBodies
{
    /// <summary>Lambda's request limit, which every body stays under.</summary>
    public const int Limit = 6_291_456;

    private const string Grant = "{\"event_type\":\"grant-access\",\"params\":{\"grant_id\":\"g-1\",\"username\":\"jane@example.com\",\"resource_type\":\"custom-app\",\"resources\":[\"resource1\"],\"permission\":\"reader\",";

    private const string Revoke = "{\"event_type\":\"revoke-access\",\"params\":{\"grant_id\":\"g-1\",\"username\":\"jane@example.com\",\"resource_type\":\"custom-app\",\"permission\":\"reader\",";

    /// <summary>Gets the names of the bodies, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "tiny-keys-in-params",
        "tiny-keys-in-custom-parameters",
        "deep-arrays-in-unknown-field",
        "deep-arrays-in-custom-parameters",
        "deeper-than-allowed",
        "flat-numbers-in-unknown-field",
        "flat-numbers-as-resources",
        "flat-numbers-in-custom-parameters",
        "one-long-string-as-grant-id",
        "one-long-string-in-unknown-field",
        "escape-heavy-grant-id",
        "escape-heavy-unknown-field",
        "escape-heavy-custom-parameter",
        "1000-ids-of-2048-chars",
    ];

    /// <summary>Builds one body by name.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The UTF-8 body, at most <see cref="Limit"/> bytes.</returns>
    public static byte[] Build(string name) => name switch
    {
        // Unknown keys in params: every one is skipped without allocating (they may even repeat).
        "tiny-keys-in-params" => Fill(Grant + "\"x\":0", ",\"\":0", "}}"),
        "tiny-keys-in-custom-parameters" => Fill(Grant + "\"custom_parameters\":{\"a\":0", ",\"\":0", "}}}"),
        "deep-arrays-in-unknown-field" => Fill(Grant + "\"x\":[" + Nested(60), "," + Nested(60), "]}}"),
        "deep-arrays-in-custom-parameters" => Fill(Grant + "\"custom_parameters\":{\"a\":[" + Nested(12), "," + Nested(12), "]}}}"),
        "deeper-than-allowed" => Fill(Grant + "\"x\":", "[", "}}"),
        "flat-numbers-in-unknown-field" => Fill(Grant + "\"x\":[0", ",0", "]}}"),
        "flat-numbers-as-resources" => Fill(Revoke + "\"resources\":[0", ",0", "]}}"),
        "flat-numbers-in-custom-parameters" => Fill(Grant + "\"custom_parameters\":{\"n\":[0", ",0", "]}}}"),
        "one-long-string-as-grant-id" => Fill("{\"event_type\":\"grant-access\",\"params\":{\"grant_id\":\"", "g", "\"}}"),
        "one-long-string-in-unknown-field" => Fill(Grant + "\"x\":\"", "x", "\"}}"),
        "escape-heavy-grant-id" => Fill("{\"event_type\":\"grant-access\",\"params\":{\"grant_id\":\"", "\\u0067\\n", "\"}}"),
        "escape-heavy-unknown-field" => Fill(Grant + "\"x\":\"", "\\u0078\\\"", "\"}}"),
        "escape-heavy-custom-parameter" => Fill(Grant + "\"custom_parameters\":{\"pem\":\"", "\\u0041\\n", "\"}}}"),
        "1000-ids-of-2048-chars" => ManyLongIds(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an adversarial body."),
    };

    /// <summary>Repeats <paramref name="unit"/> between the prefix and the suffix as often as fits under the limit.</summary>
    private static byte[] Fill(string prefix, string unit, string suffix)
    {
        var count = (Limit - prefix.Length - suffix.Length) / unit.Length;
        var builder = new StringBuilder(Limit);
        builder.Append(prefix);
        for (var i = 0; i < count; i++)
        {
            builder.Append(unit);
        }

        // "deeper-than-allowed" is all openers: it never closes, and is refused for its depth long before its end.
        builder.Append(suffix);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>1,000 distinct resource ids of 2,048 characters each (the limits' maximum), in a revoke.</summary>
    private static byte[] ManyLongIds()
    {
        var builder = new StringBuilder(Limit);
        builder.Append(Revoke).Append("\"resources\":[");
        for (var i = 0; i < 1_000; i++)
        {
            var id = i.ToString("D4", CultureInfo.InvariantCulture);
            builder.Append(i == 0 ? "\"" : ",\"").Append(id).Append('r', 2_048 - id.Length).Append('"');
        }

        builder.Append("]}}");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
