using System.Buffers;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;

namespace Apono.Integration.Sdk.Tests.TestSupport;

/// <summary>Writes a typed request as the author sees it, in the wire's field names, for golden comparison.</summary>
internal static class RequestSnapshot
{
    public static string ToJson(AponoRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("event_type", request.EventType);
            switch (request)
            {
                case ListResourcesRequest r:
                    writer.WriteString("resource_type", r.ResourceType);
                    break;
                case ListResourceTagsRequest r:
                    WriteOptional(writer, "resource_type", r.ResourceType);
                    break;
                case AccessRequest r:
                    writer.WriteString("grant_id", r.GrantId);
                    writer.WriteString("username", r.Username);
                    writer.WriteString("resource_type", r.ResourceType);
                    WriteResources(writer, r.Resources);
                    writer.WriteString("permission", r.Permission);
                    break;
                case CredentialsRequest r:
                    WriteOptional(writer, "grant_id", r.GrantId);
                    writer.WriteString("username", r.Username);
                    writer.WriteString("resource_type", r.ResourceType);
                    WriteResources(writer, r.Resources);
                    WriteOptional(writer, "permission", r.Permission);
                    break;
            }

            writer.WriteStartObject("custom_parameters");
            foreach (var key in request.CustomParameters.Keys)
            {
                request.CustomParameters.TryGetValue(key, out var value);
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteResources(Utf8JsonWriter writer, IReadOnlyList<string> resources)
    {
        writer.WriteStartArray("resources");
        foreach (var id in resources)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
    }
}
