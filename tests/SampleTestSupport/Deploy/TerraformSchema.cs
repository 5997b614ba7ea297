using System.Text.Json;

namespace SampleTestSupport.Deploy;

/// <summary>
/// Checks Terraform files against a resource schema transcribed from a provider's documentation
/// (<c>apono_resource_integration.schema.json</c>): required attributes present, no unknown or computed attributes,
/// nested attributes written as <c>name = { ... }</c> (the provider's nested attributes, not blocks), values of the
/// documented kind, and every <c>map(string)</c> value a string. Values given as variables are checked through the
/// variable's declared <c>type</c> (and, for a minimum list length, its <c>validation</c>).
/// </summary>
public sealed class TerraformSchema
{
    private static readonly string[] StringFunctions = ["jsonencode(", "tostring(", "format(", "join(", "lower(", "upper(", "trimspace(", "replace("];
    private static readonly string[] StringResourceAttributes = ["function_name", "arn", "invoke_arn", "name", "id"];

    private readonly JsonElement attributes;
    private readonly HashSet<string> metaArguments;
    private readonly HashSet<string> metaBlocks;

    private TerraformSchema(JsonElement root)
    {
        Resource = root.GetProperty("resource").GetString()!;
        attributes = root.GetProperty("attributes").Clone();
        metaArguments = root.GetProperty("meta_arguments").EnumerateArray().Select(static e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
        metaBlocks = root.GetProperty("meta_blocks").EnumerateArray().Select(static e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Gets the resource type the schema describes, e.g. <c>apono_resource_integration</c>.</summary>
    public string Resource { get; }

    public static TerraformSchema Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new TerraformSchema(document.RootElement);
    }

    /// <summary>Checks every block of <see cref="Resource"/> in a parsed file; returns one line per violation (empty when it conforms).</summary>
    public IReadOnlyList<string> Check(HclBody file)
    {
        var violations = new List<string>();
        foreach (var block in file.Blocks.Where(b => b.Type == "resource" && b.Labels.Count == 2 && b.Labels[0] == Resource))
        {
            CheckObject(file, $"{Resource}.{block.Labels[1]}", attributes, block.Body, violations, topLevel: true);
        }

        return violations;
    }

    private void CheckObject(HclBody file, string path, JsonElement schema, HclBody body, List<string> violations, bool topLevel)
    {
        foreach (var (name, value) in body.Attributes)
        {
            if (topLevel && metaArguments.Contains(name))
            {
                continue;
            }

            if (!schema.TryGetProperty(name, out var attribute))
            {
                violations.Add($"{path}: unknown attribute {name}");
                continue;
            }

            if (attribute.TryGetProperty("computed", out var computed) && computed.GetBoolean())
            {
                violations.Add($"{path}: {name} is computed by the provider and cannot be set");
                continue;
            }

            CheckValue(file, $"{path}.{name}", attribute, value, violations);
        }

        foreach (var block in body.Blocks)
        {
            if (!(topLevel && metaBlocks.Contains(block.Type)))
            {
                violations.Add(schema.TryGetProperty(block.Type, out _)
                    ? $"{path}: {block.Type} is a nested attribute; write {block.Type} = {{ ... }}, not a block"
                    : $"{path}: unknown block {block.Type}");
            }
        }

        foreach (var attribute in schema.EnumerateObject())
        {
            if (IsRequired(attribute.Value) && !body.Attributes.ContainsKey(attribute.Name) && !body.Blocks.Exists(b => b.Type == attribute.Name))
            {
                violations.Add($"{path}: missing required attribute {attribute.Name}");
            }
        }
    }

    private void CheckValue(HclBody file, string path, JsonElement attribute, HclValue value, List<string> violations)
    {
        switch (attribute.GetProperty("kind").GetString())
        {
            case "string":
                if (!IsString(file, value.Raw))
                {
                    violations.Add($"{path} must be a string, not {value.Raw}");
                }
                else if (attribute.TryGetProperty("max_length", out var max) && value.Literal is { } literal && literal.Length > max.GetInt32())
                {
                    violations.Add($"{path} is {literal.Length} characters; at most {max.GetInt32()}");
                }

                break;
            case "list(string)":
                CheckStringList(file, path, attribute, value, violations);
                break;
            case "map(string)":
                if (value.Map is null)
                {
                    violations.Add($"{path} must be an object literal {{ key = \"string\" }} so its values can be checked, not {value.Raw}");
                    break;
                }

                foreach (var (key, item) in value.Map.Attributes)
                {
                    if (key.StartsWith('(') && !IsString(file, key[1..^1]))
                    {
                        violations.Add($"{path}: key {key} must be a string");
                    }

                    if (!IsString(file, item.Raw))
                    {
                        violations.Add($"{path}[{key}] must be a string (nested values as one jsonencode(...)), not {item.Raw}");
                    }
                }

                break;
            case "object":
                CheckNestedObject(file, path, attribute, value, violations);
                break;
            default:
                violations.Add($"{path}: the schema file has an unknown kind");
                break;
        }
    }

    private void CheckNestedObject(HclBody file, string path, JsonElement attribute, HclValue value, List<string> violations)
    {
        var nested = attribute.GetProperty("attributes");
        if (value.Map is { } map)
        {
            CheckObject(file, path, nested, map, violations, topLevel: false);
            if (attribute.TryGetProperty("one_of", out var oneOf) && oneOf.EnumerateArray().Count(o => map.Attributes.ContainsKey(o.GetString()!)) > 1)
            {
                violations.Add($"{path}: set only one of {string.Join(", ", oneOf.EnumerateArray().Select(static o => o.GetString()))}");
            }

            return;
        }

        if (VariableType(file, value.Raw) is not { } type || !type.StartsWith("object(", StringComparison.Ordinal))
        {
            violations.Add($"{path} must be an object literal or a variable of an object(...) type, not {value.Raw}");
            return;
        }

        var fields = SimpleHcl.ParseValue(type["object(".Length..^1]).Map!;
        foreach (var (name, fieldType) in fields.Attributes)
        {
            if (!nested.TryGetProperty(name, out _))
            {
                violations.Add($"{path}: the type of {value.Raw} has unknown attribute {name}");
            }
        }

        foreach (var field in nested.EnumerateObject().Where(static f => IsRequired(f.Value)))
        {
            if (!fields.Attributes.TryGetValue(field.Name, out var fieldType))
            {
                violations.Add($"{path}: the type of {value.Raw} lacks required attribute {field.Name}");
            }
            else if (fieldType.Raw.StartsWith("optional(", StringComparison.Ordinal))
            {
                violations.Add($"{path}: the type of {value.Raw} makes required attribute {field.Name} optional");
            }
        }
    }

    private static void CheckStringList(HclBody file, string path, JsonElement attribute, HclValue value, List<string> violations)
    {
        var minItems = attribute.TryGetProperty("min_items", out var min) ? min.GetInt32() : 0;
        var raw = value.Raw;
        if (raw.StartsWith('[') && raw.EndsWith(']'))
        {
            var items = SplitTopLevel(raw[1..^1]);
            if (items.Count < minItems)
            {
                violations.Add($"{path} needs at least {minItems} value(s)");
            }

            foreach (var item in items.Where(item => !IsString(file, item)))
            {
                violations.Add($"{path}: {item} must be a string");
            }

            return;
        }

        if (VariableName(raw) is not { } name || Variable(file, name) is not { } variable)
        {
            violations.Add($"{path} must be a list literal or a variable of type list(string), not {raw}");
            return;
        }

        if (variable.Attributes.TryGetValue("type", out var type) && type.Raw == "list(string)")
        {
            if (minItems > 0 && !variable.Blocks.Exists(b => b.Type == "validation" && b.Body.Attributes.TryGetValue("condition", out var condition)
                                                             && condition.Raw.Contains($"length(var.{name})", StringComparison.Ordinal)))
            {
                violations.Add($"{path}: variable {name} needs a validation of length(var.{name}) (at least {minItems} value(s))");
            }
        }
        else
        {
            violations.Add($"{path}: variable {name} must have type = list(string)");
        }
    }

    private static bool IsRequired(JsonElement attribute) => attribute.TryGetProperty("required", out var required) && required.GetBoolean();

    /// <summary>Whether an expression is statically a string.</summary>
    private static bool IsString(HclBody file, string raw)
    {
        raw = raw.Trim();
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"')
        {
            return true;
        }

        if (Array.Exists(StringFunctions, f => raw.StartsWith(f, StringComparison.Ordinal)) && raw.EndsWith(')'))
        {
            return true;
        }

        if (VariableType(file, raw) is { } type)
        {
            return type == "string";
        }

        if (raw.StartsWith("local.", StringComparison.Ordinal))
        {
            var name = raw["local.".Length..];
            return file.Blocks.Where(static b => b.Type == "locals").Select(b => b.Body.Attributes.GetValueOrDefault(name)).FirstOrDefault(v => v is not null) is { } local
                   && IsString(file, local.Raw);
        }

        // A managed resource's string attribute: <type>.<name>.<attribute>, the resource declared in the file.
        var parts = raw.Split('.');
        return parts.Length == 3
               && file.Blocks.Exists(b => b.Type == "resource" && b.Labels.Count == 2 && b.Labels[0] == parts[0] && b.Labels[1] == parts[1])
               && Array.IndexOf(StringResourceAttributes, parts[2]) >= 0;
    }

    /// <summary>The declared type of <c>var.name</c> or of the field <c>var.name.field</c> of an object variable.</summary>
    private static string? VariableType(HclBody file, string raw)
    {
        var parts = raw.Split('.');
        if (parts.Length is < 2 or > 3 || parts[0] != "var" || Variable(file, parts[1]) is not { } variable
            || !variable.Attributes.TryGetValue("type", out var type))
        {
            return null;
        }

        if (parts.Length == 2)
        {
            return type.Raw;
        }

        return type.Raw.StartsWith("object(", StringComparison.Ordinal)
               && SimpleHcl.ParseValue(type.Raw["object(".Length..^1]).Map!.Attributes.TryGetValue(parts[2], out var field)
            ? field.Raw
            : null;
    }

    private static string? VariableName(string raw) =>
        raw.StartsWith("var.", StringComparison.Ordinal) && raw.IndexOf('.', 4) < 0 ? raw[4..] : null;

    private static HclBody? Variable(HclBody file, string name) =>
        file.Blocks.FirstOrDefault(b => b.Type == "variable" && b.Labels.Count == 1 && b.Labels[0] == name)?.Body;

    private static List<string> SplitTopLevel(string text)
    {
        var items = new List<string>();
        var depth = 0;
        var inString = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && (i == 0 || text[i - 1] != '\\'))
            {
                inString = !inString;
            }
            else if (!inString)
            {
                depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
                if (c == ',' && depth == 0)
                {
                    items.Add(text[start..i].Trim());
                    start = i + 1;
                }
            }
        }

        items.Add(text[start..].Trim());
        return items.Where(static item => item.Length > 0).ToList();
    }
}
