using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Reads a request envelope into a typed request, with a field-level message for every problem.</summary>
/// <remarks>
/// Two steps over the body, neither of which builds a document of it: <see cref="EnvelopeScanner"/> checks the
/// syntax of the whole body and notes where each field the SDK reads starts (skipping everything else, at any depth,
/// without allocating); then each field the event uses is read from its position, and only
/// <c>custom_parameters</c>, within its limits, is materialized as JSON for the author's code.
/// </remarks>
internal static class RequestReader
{
    internal const string DuplicateField = "The request body is not valid JSON: a property name appears twice in the same object.";

    private static readonly string ExpectedEvents = string.Join(", ", AponoEventType.All);

    private static readonly byte[][] KnownUtf8 = [.. AponoEventType.All.Select(static e => Encoding.UTF8.GetBytes(e))];

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

        EnvelopeLayout layout;
        try
        {
            layout = EnvelopeScanner.Scan(body.Span, options);
        }
        catch (JsonException ex)
        {
            throw Invalid($"The request body is not valid JSON: {Describe(ex)}");
        }
        catch (InvalidOperationException)
        {
            // Comparing an escaped property name decodes it; one holding an unpaired surrogate escape throws.
            throw Invalid(UnpairedName);
        }

        return Build(body, layout, options);
    }

    /// <summary>The message for a body over <see cref="AponoFunctionOptions.MaxRequestBytes"/>; the local command line uses it too.</summary>
    internal static string TooLarge(long length, int max) =>
        string.Create(CultureInfo.InvariantCulture, $"The request body is {length} bytes; at most {max} are accepted.");

    /// <summary>Shows connector input in a message: bounded in length, control and format characters escaped.</summary>
    internal static string Printable(string text, int max) => InputText.Printable(text, max);

    internal const string UnpairedName = "The request body is not valid JSON: a property name contains an unpaired surrogate escape (\\uD800-\\uDFFF).";

    internal static InvalidRequestException Invalid(string message) => new(message);

    internal static InvalidRequestException Unpaired(string field) =>
        Invalid($"{field} contains an unpaired surrogate escape (\\uD800-\\uDFFF); expected valid Unicode text.");

    private static AponoRequest Build(ReadOnlyMemory<byte> body, EnvelopeLayout layout, AponoFunctionOptions options)
    {
        if (layout.Root != JsonTokenType.StartObject)
        {
            throw Invalid($"The request must be a JSON object with event_type and params, but is a JSON {Describe(layout.Root)}.");
        }

        if (layout.EventType.IsMissing)
        {
            throw Invalid($"event_type is required; expected one of: {ExpectedEvents}.");
        }

        if (layout.EventType.Kind != JsonTokenType.String)
        {
            throw Invalid($"event_type must be a string, but is a JSON {Describe(layout.EventType.Kind)}.");
        }

        var eventType = Canonical(body.Span, layout.EventType.Start);
        if (layout.Params.IsMissing)
        {
            if (ReferenceEquals(eventType, AponoEventType.GetStatus))
            {
                return new GetStatusRequest();
            }

            throw Invalid($"params is required for {eventType} and must be a JSON object.");
        }

        if (layout.Params.Kind != JsonTokenType.StartObject)
        {
            throw Invalid($"params must be a JSON object, but is a JSON {Describe(layout.Params.Kind)}.");
        }

        var custom = CustomParametersReader.Read(body, layout.CustomParameters, layout.CustomShape, options);
        var reader = new FieldReader(body, layout, eventType, options);
        return eventType switch
        {
            AponoEventType.ListResources => new ListResourcesRequest
            {
                ResourceType = reader.RequiredId(layout.ResourceType, "resource_type"),
                CustomParameters = custom,
            },
            AponoEventType.ListResourceTags => new ListResourceTagsRequest
            {
                ResourceType = reader.OptionalId(layout.ResourceType, "resource_type"),
                CustomParameters = custom,
            },
            AponoEventType.GrantAccess => new GrantAccessRequest
            {
                GrantId = reader.RequiredId(layout.GrantId, "grant_id"),
                Username = reader.Username(),
                ResourceType = reader.RequiredId(layout.ResourceType, "resource_type"),
                Resources = reader.Resources(),
                Permission = reader.RequiredId(layout.Permission, "permission"),
                CustomParameters = custom,
            },
            AponoEventType.RevokeAccess => new RevokeAccessRequest
            {
                GrantId = reader.RequiredId(layout.GrantId, "grant_id"),
                Username = reader.Username(),
                ResourceType = reader.RequiredId(layout.ResourceType, "resource_type"),
                Resources = reader.Resources(),
                Permission = reader.RequiredId(layout.Permission, "permission"),
                CustomParameters = custom,
            },
            AponoEventType.CreateCredentials => new CreateCredentialsRequest
            {
                Username = reader.Username(),
                ResourceType = reader.RequiredId(layout.ResourceType, "resource_type"),
                Resources = reader.Resources(),
                GrantId = reader.OptionalId(layout.GrantId, "grant_id"),
                Permission = reader.OptionalId(layout.Permission, "permission"),
                CustomParameters = custom,
            },
            AponoEventType.ResetCredentials => new ResetCredentialsRequest
            {
                Username = reader.Username(),
                ResourceType = reader.RequiredId(layout.ResourceType, "resource_type"),
                Resources = reader.Resources(),
                GrantId = reader.OptionalId(layout.GrantId, "grant_id"),
                Permission = reader.OptionalId(layout.Permission, "permission"),
                CustomParameters = custom,
            },
            AponoEventType.DeleteCredentials => new DeleteCredentialsRequest
            {
                Username = reader.Username(),
                ResourceType = reader.RequiredId(layout.ResourceType, "resource_type"),
                Resources = reader.Resources(),
                GrantId = reader.OptionalId(layout.GrantId, "grant_id"),
                Permission = reader.OptionalId(layout.Permission, "permission"),
                CustomParameters = custom,
            },
            _ => new GetStatusRequest { CustomParameters = custom },
        };
    }

    /// <summary>A reader positioned on the value that starts at <paramref name="start"/> (already checked by the scan).</summary>
    internal static Utf8JsonReader At(ReadOnlySpan<byte> body, int start)
    {
        var reader = new Utf8JsonReader(body[start..]);
        reader.Read();
        return reader;
    }

    /// <summary>Returns the interned event type constant, so the router can compare by reference.</summary>
    private static string Canonical(ReadOnlySpan<byte> body, int start)
    {
        var reader = At(body, start);
        for (var i = 0; i < KnownUtf8.Length; i++)
        {
            if (reader.ValueTextEquals(KnownUtf8[i]))
            {
                return AponoEventType.All[i];
            }
        }

        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Unpaired("event_type");
        }

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

    internal static string Describe(JsonTokenType kind) => kind switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => "value",
    };

    private static string Describe(JsonException ex)
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
