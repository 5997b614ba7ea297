using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Names a JSON value's kind and a syntax error in words, for the reader's messages (no parser text, no input echoed).</summary>
internal static class JsonSyntaxText
{
    public static string Describe(JsonTokenType kind) => kind switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => "value",
    };

    public static string Describe(JsonException ex)
    {
        var message = ex.Message;
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return "it is nested deeper than the allowed depth.";
        }

        if (message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || ex.InnerException is DecoderFallbackException)
        {
            return "it is not valid UTF-8" + Position(ex);
        }

        // "'x' is invalid after a single JSON value. Expected end of data." also mentions "end of data": test it first.
        if (message.Contains("after a single JSON value", StringComparison.Ordinal))
        {
            return "there is more text after the JSON value" + Position(ex);
        }

        if (message.Contains("end of data", StringComparison.OrdinalIgnoreCase)
            || message.Contains("incomplete", StringComparison.OrdinalIgnoreCase)
            || message.Contains("Expected depth to be zero", StringComparison.Ordinal))
        {
            return "it ends before the JSON value is complete" + Position(ex);
        }

        return "unexpected character or token" + Position(ex);
    }

    private static string Position(JsonException ex) =>
        ex.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {ex.BytePositionInLine + 1}).")
            : ".";
}
