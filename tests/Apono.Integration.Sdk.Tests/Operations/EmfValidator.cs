using System.Text.Json;

namespace Apono.Integration.Sdk.Tests.Operations;

/// <summary>
/// Checks a document against the CloudWatch Embedded Metric Format specification, written once from the spec: the
/// root is an object with an <c>_aws</c> metadata object; <c>_aws.Timestamp</c> is a non-negative integer of
/// milliseconds since the epoch; <c>_aws.CloudWatchMetrics</c> is an array of metric directives, each with a
/// <c>Namespace</c> string (1-255 characters), a <c>Dimensions</c> array of dimension sets (arrays of strings, at most
/// 30 per set, each naming a top-level member whose value is a string of 1-1,024 printable ASCII characters) and a
/// <c>Metrics</c> array of at most 100 metric definitions (a <c>Name</c> string naming a top-level member whose value
/// is a number or an array of at most 100 numbers; an optional <c>Unit</c> from the CloudWatch unit list; an optional
/// <c>StorageResolution</c> of 1 or 60).
/// </summary>
internal static class EmfValidator
{
    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits",
        "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };

    /// <summary>Returns every rule the document breaks; empty when it is valid.</summary>
    public static List<string> Problems(string json)
    {
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return ["not JSON"];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ["root is not an object"];
            }

            if (!root.TryGetProperty("_aws", out var aws) || aws.ValueKind != JsonValueKind.Object)
            {
                return ["_aws is missing or not an object"];
            }

            if (!aws.TryGetProperty("Timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.Number || !timestamp.TryGetInt64(out var ms) || ms < 0)
            {
                problems.Add("_aws.Timestamp is missing or not a non-negative integer");
            }

            if (!aws.TryGetProperty("CloudWatchMetrics", out var directives) || directives.ValueKind != JsonValueKind.Array)
            {
                problems.Add("_aws.CloudWatchMetrics is missing or not an array");
                return problems;
            }

            foreach (var directive in directives.EnumerateArray())
            {
                CheckDirective(root, directive, problems);
            }
        }

        return problems;
    }

    private static void CheckDirective(JsonElement root, JsonElement directive, List<string> problems)
    {
        if (directive.ValueKind != JsonValueKind.Object)
        {
            problems.Add("a metric directive is not an object");
            return;
        }

        if (!directive.TryGetProperty("Namespace", out var ns) || ns.ValueKind != JsonValueKind.String || ns.GetString() is not { Length: >= 1 and <= 255 })
        {
            problems.Add("Namespace is missing, not a string or not 1-255 characters");
        }

        if (!directive.TryGetProperty("Dimensions", out var sets) || sets.ValueKind != JsonValueKind.Array)
        {
            problems.Add("Dimensions is missing or not an array");
        }
        else
        {
            foreach (var set in sets.EnumerateArray())
            {
                if (set.ValueKind != JsonValueKind.Array)
                {
                    problems.Add("a dimension set is not an array");
                    continue;
                }

                if (set.GetArrayLength() > 30)
                {
                    problems.Add("a dimension set has more than 30 dimensions");
                }

                foreach (var name in set.EnumerateArray())
                {
                    if (name.ValueKind != JsonValueKind.String)
                    {
                        problems.Add("a dimension name is not a string");
                    }
                    else if (!root.TryGetProperty(name.GetString()!, out var value))
                    {
                        problems.Add($"dimension {name.GetString()} is not a member");
                    }
                    else if (value.ValueKind != JsonValueKind.String || !IsDimensionValue(value.GetString()!))
                    {
                        problems.Add($"dimension {name.GetString()} is not a string of 1-1,024 printable ASCII characters");
                    }
                }
            }
        }

        if (!directive.TryGetProperty("Metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array)
        {
            problems.Add("Metrics is missing or not an array");
            return;
        }

        if (metrics.GetArrayLength() > 100)
        {
            problems.Add("Metrics has more than 100 definitions");
        }

        foreach (var metric in metrics.EnumerateArray())
        {
            if (metric.ValueKind != JsonValueKind.Object || !metric.TryGetProperty("Name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: >= 1 and <= 1024 })
            {
                problems.Add("a metric definition has no Name string");
                continue;
            }

            if (metric.TryGetProperty("Unit", out var unit) && (unit.ValueKind != JsonValueKind.String || !Units.Contains(unit.GetString()!)))
            {
                problems.Add($"metric {name.GetString()} has an invalid Unit");
            }

            if (metric.TryGetProperty("StorageResolution", out var resolution) && (!resolution.TryGetInt32(out var r) || r is not (1 or 60)))
            {
                problems.Add($"metric {name.GetString()} has a StorageResolution other than 1 or 60");
            }

            if (!root.TryGetProperty(name.GetString()!, out var value))
            {
                problems.Add($"metric {name.GetString()} is not a member");
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                if (value.GetArrayLength() > 100 || value.EnumerateArray().Any(static v => v.ValueKind != JsonValueKind.Number))
                {
                    problems.Add($"metric {name.GetString()} is an array that is not of at most 100 numbers");
                }
            }
            else if (value.ValueKind != JsonValueKind.Number)
            {
                problems.Add($"metric {name.GetString()} is not a number");
            }
        }
    }

    private static bool IsDimensionValue(string value) =>
        value.Length is >= 1 and <= 1024 && !string.IsNullOrWhiteSpace(value) && value.All(static c => c is >= ' ' and <= '~');
}
