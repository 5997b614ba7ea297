using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;

namespace Apono.Integration.Sdk.Testing;

/// <summary>Reads reply JSON back into the SDK's reply types, so typed tests assert on what went over the wire.</summary>
internal static class ReplyReader
{
    public static ListResourcesReply ListResources(JsonElement root)
    {
        var resources = root.GetProperty("resources"u8).EnumerateArray().Select(static r => new AponoResource(r.GetProperty("id"u8).GetString()!, r.GetProperty("name"u8).GetString()!)
        {
            Type = Text(r, "type"),
            Metadata = r.TryGetProperty("metadata"u8, out var metadata) && metadata.ValueKind == JsonValueKind.Object ? Map(metadata) : new Dictionary<string, string>(0),
        }).ToArray();
        var permissions = root.GetProperty("permissions"u8).EnumerateArray()
            .Select(static p => new AponoPermission(p.GetProperty("id"u8).GetString()!, p.GetProperty("name"u8).GetString()!)).ToArray();
        return new ListResourcesReply(resources, permissions);
    }

    public static ListResourceTagsReply Tags(JsonElement root) =>
        new(root.GetProperty("tags"u8).EnumerateArray()
            .Select(static t => new ResourceTags(t.GetProperty("resource_id"u8).GetString()!, Map(t.GetProperty("tags"u8)))).ToArray());

    public static CredentialsReply Credentials(JsonElement root) =>
        new(new SecretString(Text(root, "secret") ?? throw new JsonException("The reply has no secret.")));

    public static StatusReply Status(JsonElement root) =>
        new(Text(root, "status") ?? throw new JsonException("The reply has no status."));

    private static Dictionary<string, string> Map(JsonElement element)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            map[property.Name] = property.Value.GetString() ?? string.Empty;
        }

        return map;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
