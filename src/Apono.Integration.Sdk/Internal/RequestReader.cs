using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Reads a request envelope into a typed request, with a field-level message for every problem: the body's
/// checks (size, encoding, syntax), the envelope's structure and the dispatch to the event's reader.</summary>
/// <remarks>
/// Two steps over the body, neither of which builds a document of it: <see cref="EnvelopeScanner"/> checks the
/// syntax of the whole body and notes where each field the SDK reads starts (skipping everything else, at any depth,
/// without allocating); then each field the event uses is read from its position, and only
/// <c>custom_parameters</c>, within its limits, is materialized as JSON for the author's code.
/// </remarks>
internal static class RequestReader
{
    internal const string DuplicateField = "The request body is not valid JSON: a property name appears twice in the same object.";

    public static AponoRequest Read(ReadOnlyMemory<byte> body, AponoFunctionOptions options)
    {
        if (body.Length > options.MaxRequestBytes)
        {
            throw Invalid(TooLarge(body.Length, options.MaxRequestBytes));
        }

        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        if (IsBlank(body.Span))
        {
            throw Invalid("The request body is empty; expected a JSON object such as {\"event_type\":\"get-status\",\"params\":{}}.");
        }

        // Utf8JsonReader checks UTF-8 only when a string is decoded, which would surface later as an
        // InvalidOperationException (in the SDK or in the author's code); reject the body up front instead.
        if (!Utf8.IsValid(body.Span))
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"The request body is not valid JSON: it is not valid UTF-8 (byte offset {FirstInvalidUtf8(body.Span)})."));
        }

        // Room for where each resource id starts, so the ids are read from the scan's positions rather than by a
        // second reader over the array; an array longer than the limit (refused anyway) or than this is not noted.
        var items = ArrayPool<int>.Shared.Rent(2 * Math.Min(Math.Min(options.MaxResourcesPerRequest, MaxNotedItems), (body.Length / 2) + 1));
        try
        {
            EnvelopeLayout layout;
            try
            {
                layout = EnvelopeScanner.Scan(body.Span, options, items);
            }
            catch (JsonException ex)
            {
                throw Invalid($"The request body is not valid JSON: {JsonSyntaxText.Describe(ex)}");
            }
            catch (InvalidOperationException)
            {
                // Comparing an escaped property name decodes it; one holding an unpaired surrogate escape throws.
                throw Invalid(UnpairedName);
            }

            return Build(body, layout, options);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(items);
        }
    }

    /// <summary>The most resource ids whose positions the scan notes (8,192 ints from the pool).</summary>
    private const int MaxNotedItems = 4096;

    /// <summary>The message for a body over <see cref="AponoFunctionOptions.MaxRequestBytes"/>; the local command line uses it too.</summary>
    internal static string TooLarge(long length, int max) =>
        string.Create(CultureInfo.InvariantCulture, $"The request body is {length} bytes; at most {max} are accepted.");

    /// <summary>Shows connector input in a message: bounded in length, control and format characters escaped.</summary>
    internal static string Printable(string text, int max) => InputText.Printable(text, max);

    internal const string UnpairedName = "The request body is not valid JSON: a property name contains an unpaired surrogate escape (\\uD800-\\uDFFF).";

    internal static InvalidRequestException Invalid(string message) => new(message);

    internal static InvalidRequestException Unpaired(string field) =>
        Invalid($"{field} contains an unpaired surrogate escape (\\uD800-\\uDFFF); expected valid Unicode text.");

    /// <summary>The envelope's structure (object, event_type, params); the event's own fields are read by its row of <see cref="EventTable"/>.</summary>
    private static AponoRequest Build(ReadOnlyMemory<byte> body, EnvelopeLayout layout, AponoFunctionOptions options)
    {
        if (layout.Root != JsonTokenType.StartObject)
        {
            throw Invalid($"The request must be a JSON object with event_type and params, but is a JSON {Describe(layout.Root)}.");
        }

        if (layout.EventType.IsMissing)
        {
            throw Invalid($"event_type is required; expected one of: {EventTable.NameList}.");
        }

        if (layout.EventType.Kind != JsonTokenType.String)
        {
            throw Invalid($"event_type must be a string, but is a JSON {Describe(layout.EventType.Kind)}.");
        }

        var descriptor = EventNameReader.Read(body.Span, layout.EventType);
        if (layout.Params.IsMissing)
        {
            if (descriptor.ParamsOptional)
            {
                return descriptor.Read(default, CustomParameters.Empty);
            }

            throw Invalid($"params is required for {descriptor.Name} and must be a JSON object.");
        }

        if (layout.Params.Kind != JsonTokenType.StartObject)
        {
            throw Invalid($"params must be a JSON object, but is a JSON {Describe(layout.Params.Kind)}.");
        }

        var custom = CustomParametersReader.Read(body, layout.CustomParameters, layout.CustomShape, options);
        return descriptor.Read(new FieldReader(body, layout, descriptor.Name, options), custom);
    }

    /// <summary>A reader positioned on the value that starts at <paramref name="start"/> (already checked by the scan).</summary>
    internal static Utf8JsonReader At(ReadOnlySpan<byte> body, int start)
    {
        var reader = new Utf8JsonReader(body[start..]);
        reader.Read();
        return reader;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        while (offset < body.Length && Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    internal static string Describe(JsonTokenType kind) => JsonSyntaxText.Describe(kind);
}
