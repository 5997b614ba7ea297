using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>
/// The floor the SDK is measured against: what an author would write by hand with System.Text.Json and a
/// source-generated context. Parses the envelope, dispatches on event_type, builds the reply, serializes it.
/// No field-level validation, no reply validation, no DI, no logging.
/// </summary>
public static class BaselineHandler
{
    private static readonly BaselineJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static readonly BaselineOk Ok = new("ok");

    public static byte[] Handle(ReadOnlySpan<byte> body, BaselineResource[] resources)
    {
        var envelope = JsonSerializer.Deserialize(body, Context.BaselineEnvelope)
            ?? throw new InvalidOperationException("The request body is null.");
        var parameters = envelope.Params ?? throw new InvalidOperationException("params is required.");
        switch (envelope.EventType)
        {
            case "grant-access":
                if (parameters.GrantId is null || parameters.Username is null || parameters.ResourceType is null || parameters.Resources is null || parameters.Permission is null)
                {
                    throw new InvalidOperationException("A required field is missing.");
                }

                return JsonSerializer.SerializeToUtf8Bytes(Ok, Context.BaselineOk);
            case "list-resources":
                if (parameters.ResourceType is null)
                {
                    throw new InvalidOperationException("resource_type is required.");
                }

                return JsonSerializer.SerializeToUtf8Bytes(new BaselineListReply(resources, Workload.BaselinePermissions), Context.BaselineListReply);
            default:
                throw new InvalidOperationException("Unknown event.");
        }
    }

    /// <summary>P4's baseline: the same list serialized the way System.Text.Json does it (pooled buffer, one exact array).</summary>
    public static byte[] Serialize(BaselineResource[] resources) =>
        JsonSerializer.SerializeToUtf8Bytes(new BaselineListReply(resources, Workload.BaselinePermissions), Context.BaselineListReply);
}

public sealed record BaselineEnvelope(string? EventType, BaselineParams? Params);

public sealed record BaselineParams(
    string? GrantId,
    string? Username,
    string? ResourceType,
    string[]? Resources,
    string? Permission,
    Dictionary<string, JsonElement>? CustomParameters);

public sealed record BaselineOk(string Status);

public sealed record BaselineResource(string Id, string Name, string Type, Dictionary<string, string> Metadata);

public sealed record BaselinePermission(string Id, string Name);

public sealed record BaselineListReply(BaselineResource[] Resources, BaselinePermission[] Permissions);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BaselineEnvelope))]
[JsonSerializable(typeof(BaselineOk))]
[JsonSerializable(typeof(BaselineListReply))]
public sealed partial class BaselineJsonContext : JsonSerializerContext;
