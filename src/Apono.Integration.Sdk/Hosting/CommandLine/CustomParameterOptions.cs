using System.CommandLine;
using System.Text.Json;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary>
/// <c>--param key=value</c> (repeatable) and <c>--params-file</c>, shared by <c>invoke</c>, <c>events</c> and <c>check</c>.
/// A <c>--param</c> wins over the same key in the file; the file replaces the envelope's own custom parameters.
/// </summary>
internal sealed class CustomParameterOptions
{
    public CustomParameterOptions(string paramDescription)
    {
        Param = new Option<string[]>("--param") { Description = paramDescription + " Format: key=value. Wins over the same key in --params-file.", HelpName = "key=value" };
        Param.Validators.Add(static result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"--param '{token.Value}' must look like key=value.");
                }
            }
        });
        File = new Option<string?>("--params-file")
        {
            Description = "Reads the custom parameters from a file: a JSON object, or KEY=VALUE lines ('#' comments and blank lines ignored). They replace the envelope's custom_parameters.",
            HelpName = "file",
        };
    }

    public Option<string[]> Param { get; }

    public Option<string?> File { get; }

    /// <summary>Reads the file (if given) and the flags.</summary>
    /// <returns>The file's parameters (<see langword="null"/> without a file) and the flags', or the problem that refuses the file.</returns>
    public (Dictionary<string, JsonElement>? FromFile, Dictionary<string, JsonElement> FromFlags, string? Problem) Read(ParseResult parsed)
    {
        Dictionary<string, JsonElement>? fromFile = null;
        if (parsed.GetValue(File) is { } path)
        {
            fromFile = ParamsFile.Read(path, out var problem);
            if (fromFile is null)
            {
                return (null, [], problem);
            }
        }

        var fromFlags = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var value in parsed.GetValue(Param) ?? [])
        {
            var split = value.IndexOf('=', StringComparison.Ordinal);
            fromFlags[value[..split]] = JsonSerializer.SerializeToElement(value[(split + 1)..], AponoJsonContext.Default.String);
        }

        return (fromFile, fromFlags, null);
    }

    /// <summary>The file's parameters with the flags on top: what <c>check</c> sends with every event.</summary>
    public static Dictionary<string, JsonElement> Merge(Dictionary<string, JsonElement>? fromFile, Dictionary<string, JsonElement> fromFlags)
    {
        var merged = new Dictionary<string, JsonElement>(fromFile ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in fromFlags)
        {
            merged[key] = value;
        }

        return merged;
    }
}
