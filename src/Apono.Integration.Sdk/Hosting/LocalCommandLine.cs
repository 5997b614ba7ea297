using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>The local command line: <c>invoke</c> reads one request envelope from stdin and prints the reply.</summary>
internal static class LocalCommandLine
{
    public const int Success = 0;
    public const int EventFailed = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(Func<AponoIntegrationFunction> createFunction, string[] args, Stream stdin, Stream stdout, Stream stderr, FunctionHostSettings settings)
    {
        if (args.Length != 1 || args[0] != "invoke")
        {
            await WriteAsync(stderr, "Usage: <function> invoke < event.json\n  Reads one Apono request envelope from stdin and prints the reply JSON (exit 0) or the error JSON (exit 1).\n").ConfigureAwait(false);
            return UsageError;
        }

        var function = createFunction();
        await using (function.ConfigureAwait(false))
        {
            var pipeline = function.EnsureRuntime(settings).Pipeline;
            using var buffer = new MemoryStream();
            await stdin.CopyToAsync(buffer).ConfigureAwait(false);
            var result = await pipeline.InvokeAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), InvocationMetadata.Local()).ConfigureAwait(false);
            await WriteIndentedAsync(stdout, result.Body).ConfigureAwait(false);
            return result.IsSuccess ? Success : EventFailed;
        }
    }

    internal static async Task WriteIndentedAsync(Stream output, ReadOnlyMemory<byte> json)
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

    private static async Task WriteAsync(Stream output, string text)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes(text)).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }
}
