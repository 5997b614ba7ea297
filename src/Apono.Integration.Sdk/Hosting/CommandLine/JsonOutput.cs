using System.Text.Json;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary>Writes JSON to stdout: compact as produced (one line), or re-indented for people.</summary>
internal static class JsonOutput
{
    public static async Task WriteAsync(Stream output, ReadOnlyMemory<byte> json, bool indented)
    {
        if (indented)
        {
            await WriteIndentedAsync(output, json).ConfigureAwait(false);
            return;
        }

        await output.WriteAsync(json).ConfigureAwait(false);
        await output.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    public static async Task WriteIndentedAsync(Stream output, ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var writer = new Utf8JsonWriter(output, ReplyWriter.WriterOptions with { Indented = true, SkipValidation = false });
        await using (writer.ConfigureAwait(false))
        {
            document.WriteTo(writer);
        }

        await output.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }
}
