using System.Buffers;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Writes a typed request as the envelope the connector sends: <c>{"event_type": ..., "params": {...}}</c>.</summary>
/// <remarks>Used by the local command line, the conformance run and the test host, so they all speak the wire format.</remarks>
internal static class EnvelopeWriter
{
    public static byte[] Write(AponoRequest request, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ReplyWriter.WriterOptions with { Indented = indented, SkipValidation = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("event_type"u8, request.EventType);
            writer.WriteStartObject("params"u8);
            switch (request)
            {
                case ListResourcesRequest r:
                    writer.WriteString("resource_type"u8, r.ResourceType);
                    break;
                case ListResourceTagsRequest r:
                    WriteOptional(writer, "resource_type", r.ResourceType);
                    break;
                case AccessRequest r:
                    writer.WriteString("grant_id"u8, r.GrantId);
                    writer.WriteString("username"u8, r.Username);
                    writer.WriteString("resource_type"u8, r.ResourceType);
                    WriteResources(writer, r.Resources);
                    writer.WriteString("permission"u8, r.Permission);
                    break;
                case CredentialsRequest r:
                    WriteOptional(writer, "grant_id", r.GrantId);
                    writer.WriteString("username"u8, r.Username);
                    writer.WriteString("resource_type"u8, r.ResourceType);
                    WriteResources(writer, r.Resources);
                    WriteOptional(writer, "permission", r.Permission);
                    break;
                default:
                    break;
            }

            writer.WriteStartObject("custom_parameters"u8);
            foreach (var key in request.CustomParameters.Keys.Order(StringComparer.Ordinal))
            {
                if (request.CustomParameters.TryGetValue(key, out var value))
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteResources(Utf8JsonWriter writer, IReadOnlyList<string> resources)
    {
        writer.WriteStartArray("resources"u8);
        foreach (var id in resources)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
