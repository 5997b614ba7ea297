using System.Globalization;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary>
/// Reads <c>--params-file</c>: the custom parameters of a configured integration, as a JSON object (values kept as
/// written, strings or not) or as <c>KEY=VALUE</c> lines (values are strings; blank lines and lines starting with
/// <c>#</c> are ignored). A file whose first non-blank character is <c>{</c> is JSON; anything else is read as lines.
/// </summary>
internal static class ParamsFile
{
    /// <summary>The most bytes read from the file: far more than any integration's custom parameters.</summary>
    private const int MaxBytes = 1024 * 1024;

    /// <summary>Reads the file.</summary>
    /// <returns>The parameters, or <see langword="null"/> with <paramref name="problem"/> saying why the file was refused.</returns>
    public static Dictionary<string, JsonElement>? Read(string path, out string? problem)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problem = $"--params-file: '{path}' does not exist.";
                return null;
            }

            if (info.Length > MaxBytes)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"--params-file: '{path}' is {info.Length:N0} bytes; custom parameters fit in {MaxBytes:N0}.");
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"--params-file: '{path}' cannot be read ({ex.GetType().Name}).";
            return null;
        }

        return Parse(bytes, path, out problem);
    }

    public static Dictionary<string, JsonElement>? Parse(ReadOnlySpan<byte> bytes, string path, out string? problem)
    {
        var text = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        var first = text.TrimStart(" \t\r\n"u8);
        return first.Length > 0 && first[0] == (byte)'{' ? ParseJson(text, path, out problem) : ParseLines(text, path, out problem);
    }

    private static Dictionary<string, JsonElement>? ParseJson(ReadOnlySpan<byte> text, string path, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(text.ToArray());
            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!values.TryAdd(property.Name, property.Value.Clone()))
                {
                    problem = $"--params-file: '{path}' is a JSON object that names '{RequestReader.Printable(property.Name, 64)}' twice.";
                    return null;
                }
            }

            problem = null;
            return values;
        }
        catch (JsonException ex)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"--params-file: '{path}' starts like a JSON object but is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}); expected a JSON object or KEY=VALUE lines.");
            return null;
        }
    }

    private static Dictionary<string, JsonElement>? ParseLines(ReadOnlySpan<byte> text, string path, out string? problem)
    {
        string content;
        try
        {
            content = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(text);
        }
        catch (DecoderFallbackException)
        {
            problem = $"--params-file: '{path}' is not UTF-8 text; expected a JSON object or KEY=VALUE lines.";
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in content.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var split = line.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0 || line[..split].Trim().Length == 0)
            {
                problem = string.Create(CultureInfo.InvariantCulture,
                    $"--params-file: '{path}' is neither a JSON object nor KEY=VALUE lines: line {number} has no KEY= before its value.");
                return null;
            }

            values[line[..split].Trim()] = JsonSerializer.SerializeToElement(line[(split + 1)..], AponoJsonContext.Default.String);
        }

        problem = null;
        return values;
    }
}
