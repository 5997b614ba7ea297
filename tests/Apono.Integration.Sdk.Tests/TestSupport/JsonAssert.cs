using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Sdk;

namespace Apono.Integration.Sdk.Tests.TestSupport;

/// <summary>
/// Compares JSON semantically: objects ignore property order, arrays keep theirs, numbers compare by value.
/// A failure lists every differing JSON path with the expected and the actual value.
/// </summary>
internal static class JsonAssert
{
    public static void Equivalent(string expectedJson, string actualJson)
    {
        var differences = Differences(expectedJson, actualJson);
        if (differences.Count > 0)
        {
            var message = new StringBuilder();
            message.Append(CultureInfo.InvariantCulture, $"JSON differs at {differences.Count} path(s):").AppendLine();
            foreach (var difference in differences)
            {
                message.Append("  ").AppendLine(difference);
            }

            message.AppendLine("Actual JSON:").AppendLine(actualJson);
            throw new XunitException(message.ToString());
        }
    }

    public static void Equivalent(string expectedJson, ReadOnlyMemory<byte> actualJson) =>
        Equivalent(expectedJson, Encoding.UTF8.GetString(actualJson.Span));

    public static IReadOnlyList<string> Differences(string expectedJson, string actualJson)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        using var actual = JsonDocument.Parse(actualJson);
        var differences = new List<string>();
        Compare("$", expected.RootElement, actual.RootElement, differences);
        return differences;
    }

    private static void Compare(string path, JsonElement expected, JsonElement actual, List<string> differences)
    {
        if (Kind(expected) != Kind(actual))
        {
            differences.Add($"{path}: expected {Show(expected)} but was {Show(actual)}");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var actualProperties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in actual.EnumerateObject())
                {
                    actualProperties[property.Name] = property.Value;
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in expected.EnumerateObject())
                {
                    seen.Add(property.Name);
                    var childPath = PropertyPath(path, property.Name);
                    if (actualProperties.TryGetValue(property.Name, out var actualValue))
                    {
                        Compare(childPath, property.Value, actualValue, differences);
                    }
                    else
                    {
                        differences.Add($"{childPath}: expected {Show(property.Value)} but was missing");
                    }
                }

                foreach (var (name, value) in actualProperties)
                {
                    if (!seen.Contains(name))
                    {
                        differences.Add($"{PropertyPath(path, name)}: expected no property but was {Show(value)}");
                    }
                }

                break;
            case JsonValueKind.Array:
                var expectedItems = expected.EnumerateArray().ToArray();
                var actualItems = actual.EnumerateArray().ToArray();
                for (var i = 0; i < Math.Max(expectedItems.Length, actualItems.Length); i++)
                {
                    var childPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
                    if (i >= actualItems.Length)
                    {
                        differences.Add($"{childPath}: expected {Show(expectedItems[i])} but was missing (array has {actualItems.Length} items)");
                    }
                    else if (i >= expectedItems.Length)
                    {
                        differences.Add($"{childPath}: expected no item (array has {expectedItems.Length} items) but was {Show(actualItems[i])}");
                    }
                    else
                    {
                        Compare(childPath, expectedItems[i], actualItems[i], differences);
                    }
                }

                break;
            case JsonValueKind.String:
                if (!string.Equals(expected.GetString(), actual.GetString(), StringComparison.Ordinal))
                {
                    differences.Add($"{path}: expected {Show(expected)} but was {Show(actual)}");
                }

                break;
            case JsonValueKind.Number:
                if (!NumbersEqual(expected, actual))
                {
                    differences.Add($"{path}: expected {Show(expected)} but was {Show(actual)}");
                }

                break;
            default:
                // true/false are distinct kinds here, and null equals null.
                break;
        }
    }

    private static bool NumbersEqual(JsonElement expected, JsonElement actual)
    {
        if (expected.TryGetDecimal(out var a) && actual.TryGetDecimal(out var b))
        {
            return a == b;
        }

        return expected.GetDouble().Equals(actual.GetDouble());
    }

    private static JsonValueKind Kind(JsonElement element) => element.ValueKind;

    private static string PropertyPath(string path, string name) =>
        name.All(c => char.IsLetterOrDigit(c) || c == '_') && name.Length > 0 ? $"{path}.{name}" : $"{path}[{JsonSerializer.Serialize(name)}]";

    private static string Show(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length > 200 ? string.Concat(text.AsSpan(0, 200), "…") : text;
    }
}
