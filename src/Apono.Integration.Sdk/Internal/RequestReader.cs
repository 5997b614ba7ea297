using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Reads a request envelope into a typed request, with a field-level message for every problem.</summary>
internal static class RequestReader
{
    private static readonly string ExpectedEvents = string.Join(", ", AponoEventType.All);

    public static AponoRequest Read(ReadOnlyMemory<byte> body, AponoFunctionOptions options)
    {
        if (body.Length > options.MaxRequestBytes)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"The request body is {body.Length} bytes; at most {options.MaxRequestBytes} are accepted."));
        }

        var span = body.Span;
        if (span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        if (IsBlank(body.Span))
        {
            throw Invalid("The request body is empty; expected a JSON object such as {\"event_type\":\"get-status\",\"params\":{}}.");
        }

        // JsonDocument checks UTF-8 only when a string is read, which would surface later as an
        // InvalidOperationException (in the SDK or in the author's code); reject the body up front instead.
        if (!Utf8.IsValid(body.Span))
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"The request body is not valid JSON: it is not valid UTF-8 (byte offset {FirstInvalidUtf8(body.Span)})."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions
            {
                MaxDepth = options.MaxJsonDepth,
                AllowDuplicateProperties = false,
            });
        }
        catch (JsonException ex)
        {
            throw Invalid($"The request body is not valid JSON: {Describe(ex)}");
        }
        catch (InvalidOperationException)
        {
            // The duplicate-property check decodes every property name; one holding an unpaired surrogate escape throws.
            throw Invalid("The request body is not valid JSON: a property name contains an unpaired surrogate escape (\\uD800-\\uDFFF).");
        }

        using (document)
        {
            return Read(document.RootElement, options);
        }
    }

    private static AponoRequest Read(JsonElement root, AponoFunctionOptions options)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"The request must be a JSON object with event_type and params, but is a JSON {CustomParameters.Describe(root.ValueKind)}.");
        }

        if (!root.TryGetProperty("event_type"u8, out var eventTypeElement) || eventTypeElement.ValueKind == JsonValueKind.Null)
        {
            throw Invalid($"event_type is required; expected one of: {ExpectedEvents}.");
        }

        if (eventTypeElement.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"event_type must be a string, but is a JSON {CustomParameters.Describe(eventTypeElement.ValueKind)}.");
        }

        var eventType = Canonical(eventTypeElement);
        var hasParams = root.TryGetProperty("params"u8, out var parameters) && parameters.ValueKind != JsonValueKind.Null;
        if (!hasParams)
        {
            if (ReferenceEquals(eventType, AponoEventType.GetStatus))
            {
                return new GetStatusRequest();
            }

            throw Invalid($"params is required for {eventType} and must be a JSON object.");
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"params must be a JSON object, but is a JSON {CustomParameters.Describe(parameters.ValueKind)}.");
        }

        var reader = new FieldReader(parameters, eventType, options);
        var custom = reader.CustomParameters();
        return eventType switch
        {
            AponoEventType.ListResources => new ListResourcesRequest
            {
                ResourceType = reader.RequiredId("resource_type"),
                CustomParameters = custom,
            },
            AponoEventType.ListResourceTags => new ListResourceTagsRequest
            {
                ResourceType = reader.OptionalId("resource_type"),
                CustomParameters = custom,
            },
            AponoEventType.GrantAccess => new GrantAccessRequest
            {
                GrantId = reader.RequiredId("grant_id"),
                Username = reader.Username(),
                ResourceType = reader.RequiredId("resource_type"),
                Resources = reader.Resources(),
                Permission = reader.RequiredId("permission"),
                CustomParameters = custom,
            },
            AponoEventType.RevokeAccess => new RevokeAccessRequest
            {
                GrantId = reader.RequiredId("grant_id"),
                Username = reader.Username(),
                ResourceType = reader.RequiredId("resource_type"),
                Resources = reader.Resources(),
                Permission = reader.RequiredId("permission"),
                CustomParameters = custom,
            },
            AponoEventType.CreateCredentials => new CreateCredentialsRequest
            {
                Username = reader.Username(),
                ResourceType = reader.RequiredId("resource_type"),
                Resources = reader.Resources(),
                GrantId = reader.OptionalId("grant_id"),
                Permission = reader.OptionalId("permission"),
                CustomParameters = custom,
            },
            AponoEventType.ResetCredentials => new ResetCredentialsRequest
            {
                Username = reader.Username(),
                ResourceType = reader.RequiredId("resource_type"),
                Resources = reader.Resources(),
                GrantId = reader.OptionalId("grant_id"),
                Permission = reader.OptionalId("permission"),
                CustomParameters = custom,
            },
            AponoEventType.DeleteCredentials => new DeleteCredentialsRequest
            {
                Username = reader.Username(),
                ResourceType = reader.RequiredId("resource_type"),
                Resources = reader.Resources(),
                GrantId = reader.OptionalId("grant_id"),
                Permission = reader.OptionalId("permission"),
                CustomParameters = custom,
            },
            _ => new GetStatusRequest { CustomParameters = custom },
        };
    }

    /// <summary>Returns the interned event type constant, so the router can compare by reference.</summary>
    private static string Canonical(JsonElement element)
    {
        foreach (var known in AponoEventType.All)
        {
            if (element.ValueEquals(known))
            {
                return known;
            }
        }

        var text = GetText(element, "event_type");
        var shown = Printable(text, 64);
        foreach (var known in AponoEventType.All)
        {
            if (string.Equals(known, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid($"event_type '{shown}' is not an Apono event; event types are lower-case and exact: did you mean '{known}'?");
            }
        }

        throw Invalid($"event_type '{shown}' is not an Apono event; expected one of: {ExpectedEvents}.");
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

    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return "it is nested deeper than the allowed depth.";
        }

        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return "a property name appears twice in the same object" + Position(ex);
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

    /// <summary>Shows connector input in a message: bounded in length, control characters escaped.</summary>
    internal static string Printable(string text, int max)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= max)
            {
                builder.Append('…');
                break;
            }

            if (char.IsControl(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static InvalidRequestException Invalid(string message) => new(message);

    /// <summary>Up to this many resource ids are checked for duplicates pairwise; more use a hash set.</summary>
    private const int SmallList = 16;

    /// <summary>A field's name for messages (<c>params.grant_id</c>, <c>params.resources[3]</c>), built only when a message needs it.</summary>
    private readonly record struct Field(string Name, int Index = -1)
    {
        public override string ToString() =>
            Index < 0 ? "params." + Name : string.Create(CultureInfo.InvariantCulture, $"params.{Name}[{Index}]");
    }

    /// <summary>
    /// Reads a JSON string. JSON allows escapes of unpaired surrogates (<c>"\ud800"</c>), which .NET cannot turn
    /// into a string; it throws <see cref="InvalidOperationException"/>, which must become a clear request error.
    /// </summary>
    private static string GetText(JsonElement element, string field)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Unpaired(field);
        }
    }

    private static string GetText(JsonElement element, Field field)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Unpaired(field.ToString());
        }
    }

    private static string GetName(JsonProperty property, string field)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw Unpaired($"A key of {field}");
        }
    }

    /// <summary>Checks that every string and key in a custom parameter value can be read, so that the author's code never meets one that throws.</summary>
    private static void EnsureText(JsonElement element, string field)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = GetText(element, field);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = GetName(property, field);
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

    private static InvalidRequestException Unpaired(string field) =>
        Invalid($"{field} contains an unpaired surrogate escape (\\uD800-\\uDFFF); expected valid Unicode text.");

    private readonly struct FieldReader(JsonElement parameters, string eventType, AponoFunctionOptions options)
    {
        public string RequiredId(string name) =>
            OptionalId(name) ?? throw Invalid($"params.{name} is required for {eventType}.");

        public string? OptionalId(string name)
        {
            if (!parameters.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return Text(element, new Field(name), options.MaxIdLength);
        }

        public string Username()
        {
            var username = OptionalId("username") ?? throw Invalid($"params.username is required for {eventType}.");
            if (username.Length > options.MaxUsernameLength)
            {
                throw Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"params.username is {username.Length} characters long; at most {options.MaxUsernameLength} are accepted."));
            }

            for (var i = 0; i < username.Length; i++)
            {
                if (char.IsControl(username[i]) || char.IsWhiteSpace(username[i]))
                {
                    throw Invalid(string.Create(CultureInfo.InvariantCulture,
                        $"params.username contains a control or space character (U+{(int)username[i]:X4} at position {i}); expected an e-mail address."));
                }
            }

            return username;
        }

        public string[] Resources()
        {
            if (!parameters.TryGetProperty("resources"u8, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                throw Invalid($"params.resources is required for {eventType} (an array of resource ids, possibly empty).");
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                throw Invalid($"params.resources must be an array of strings for {eventType}, but is a JSON {Contracts.CustomParameters.Describe(element.ValueKind)}.");
            }

            var count = element.GetArrayLength();
            if (count > options.MaxResourcesPerRequest)
            {
                throw Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"params.resources has {count} items; at most {options.MaxResourcesPerRequest} are accepted in one request."));
            }

            if (count == 0)
            {
                return [];
            }

            var resources = new string[count];

            // A short list is checked for duplicates by comparing with the ids before it, without a set to allocate.
            var seen = count > SmallList ? new HashSet<string>(count, StringComparer.Ordinal) : null;
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                var id = Text(item, new Field("resources", index), options.MaxIdLength);
                if (seen is null ? Array.IndexOf(resources, id, 0, index) >= 0 : !seen.Add(id))
                {
                    throw Invalid($"params.resources lists '{Printable(id, 128)}' more than once.");
                }

                resources[index++] = id;
            }

            return resources;
        }

        public CustomParameters CustomParameters()
        {
            if (!parameters.TryGetProperty("custom_parameters"u8, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return Contracts.CustomParameters.Empty;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"params.custom_parameters must be a JSON object, but is a JSON {Contracts.CustomParameters.Describe(element.ValueKind)}.");
            }

            // One clone of the object outlives the pooled request document; its properties point into it.
            var clone = element.Clone();
            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in clone.EnumerateObject())
            {
                var name = GetName(property, "params.custom_parameters");
                EnsureText(property.Value, $"params.custom_parameters.{Printable(name, 64)}");
                values[name] = property.Value;
            }

            return new CustomParameters(values);
        }

        private string Text(JsonElement element, Field field, int maxLength)
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw Invalid($"{field} must be a string for {eventType}, but is a JSON {Contracts.CustomParameters.Describe(element.ValueKind)}.");
            }

            var text = GetText(element, field);
            if (text.Length == 0)
            {
                throw Invalid($"{field} must not be empty for {eventType}.");
            }

            if (text.Length > maxLength)
            {
                throw Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"{field} is {text.Length} characters long; at most {maxLength} are accepted."));
            }

            return text;
        }
    }
}
