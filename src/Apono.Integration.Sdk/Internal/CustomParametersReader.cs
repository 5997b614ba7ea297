using System.Globalization;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;
using static Apono.Integration.Sdk.Internal.RequestReader;

namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// Checks <c>params.custom_parameters</c> against its limits (measured by the scan) and materializes only that
/// object, as one compact JSON document the author's code reads.
/// </summary>
internal static class CustomParametersReader
{
    private const string Field = "params.custom_parameters";

    /// <summary>Up to this many keys, a flat object without escapes is checked for repeated keys on the stack and kept as JSON.</summary>
    private const int DeferredKeys = 32;

    public static CustomParameters Read(ReadOnlyMemory<byte> body, LocatedValue value, CustomParametersShape shape, AponoFunctionOptions options)
    {
        if (value.IsMissing)
        {
            return CustomParameters.Empty;
        }

        if (value.Kind != JsonTokenType.StartObject)
        {
            throw Invalid($"{Field} must be a JSON object, but is a JSON {Describe(value.Kind)}.");
        }

        if (shape.Length > options.MaxCustomParameterBytes)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"{Field} is {shape.Length} bytes of JSON; at most {options.MaxCustomParameterBytes} are accepted (AponoFunctionOptions.MaxCustomParameterBytes)."));
        }

        if (shape.Keys > options.MaxCustomParameterCount)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"{Field} has {shape.Keys} keys; at most {options.MaxCustomParameterCount} are accepted (AponoFunctionOptions.MaxCustomParameterCount)."));
        }

        if (shape.Depth > options.MaxCustomParameterDepth)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"{Field} is nested {shape.Depth} levels deep; at most {options.MaxCustomParameterDepth} are accepted (AponoFunctionOptions.MaxCustomParameterDepth)."));
        }

        if (shape.Keys == 0)
        {
            return CustomParameters.Empty;
        }

        if (shape.Depth == 1 && !shape.HasEscapes && shape.Keys <= DeferredKeys)
        {
            // The usual case (a few text, number or boolean values): nothing in it can fail to decode, so once its keys
            // are known to be unique it is kept as its JSON and materialized when the author's code (or the scrubber)
            // first reads it.
            EnsureUniqueKeys(body.Span.Slice(value.Start, shape.Length), shape.Keys);
            return new CustomParameters(body.Slice(value.Start, shape.Length).ToArray(), shape.Keys);
        }

        var root = shape.Depth == 1 ? ParseFlat(body.Span, value.Start) : ParseNested(body, value.Start, shape.Length, options);
        var values = new Dictionary<string, JsonElement>(shape.Keys, StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                throw Invalid(UnpairedName);
            }

            // Only an escape can spell an unpaired surrogate; without one no string needs decoding here.
            if (shape.HasEscapes)
            {
                EnsureText(property.Value, $"{Field}.{Printable(name, 64)}");
            }

            if (!values.TryAdd(name, property.Value))
            {
                throw Invalid(DuplicateField);
            }
        }

        return new CustomParameters(values);
    }

    /// <summary>Refuses a repeated key in a flat object whose keys hold no escape (so raw bytes compare as text).</summary>
    private static void EnsureUniqueKeys(ReadOnlySpan<byte> json, int keys)
    {
        Span<int> starts = stackalloc int[keys];
        Span<int> lengths = stackalloc int[keys];
        var reader = At(json, 0);
        var n = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            for (var j = 0; j < n; j++)
            {
                if (name.SequenceEqual(json.Slice(starts[j], lengths[j])))
                {
                    throw Invalid(DuplicateField);
                }
            }

            // A name token starts at its opening quote.
            starts[n] = checked((int)reader.TokenStartIndex + 1);
            lengths[n] = name.Length;
            n++;
            reader.Read();
        }
    }

    /// <summary>
    /// A flat object (no value is an object or array, the usual case) is copied out of the body as one document of
    /// its own; its keys are checked for repeats as the dictionary is filled.
    /// </summary>
    private static JsonElement ParseFlat(ReadOnlySpan<byte> body, int start)
    {
        var reader = At(body, start);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>A nested object is parsed with the duplicate-key check for every object inside it, then copied out of the body.</summary>
    private static JsonElement ParseNested(ReadOnlyMemory<byte> body, int start, int length, AponoFunctionOptions options)
    {
        try
        {
            // Parsed from the body in place (its metadata pooled), then cloned into one small document that
            // outlives the invocation's body.
            using var document = JsonDocument.Parse(body.Slice(start, length), new JsonDocumentOptions
            {
                MaxDepth = options.MaxJsonDepth,
                AllowDuplicateProperties = false,
            });
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // The scan checked the syntax; what is left is the duplicate-key check.
            throw Invalid(DuplicateField);
        }
        catch (InvalidOperationException)
        {
            // The duplicate-key check decodes every key; one holding an unpaired surrogate escape throws.
            throw Invalid(UnpairedName);
        }
    }

    /// <summary>Checks that every string and key in a value can be read, so that the author's code never meets one that throws.</summary>
    private static void EnsureText(JsonElement element, string field)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        EnsureText(property.Value, field);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        EnsureText(item, field);
                    }

                    break;
            }
        }
        catch (InvalidOperationException)
        {
            throw Unpaired(field);
        }
    }
}
