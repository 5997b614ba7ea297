using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Writes replies straight to UTF-8 JSON and checks the contract rules in the same single pass.</summary>
internal static class ReplyWriter
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        // Replies go to Apono's connector as JSON, never into HTML: keep non-ASCII names readable and short.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    // maxReplyBytes: where to stop with ResponseTooLarge; Lambda's limit except in the benchmarks, which measure past it.
    // declared: the type's declaration when the function declares types; every permission of the reply must be one of its.
    public static async ValueTask WriteListResourcesAsync(Utf8JsonWriter writer, ListResourcesReply reply, string resourceType, AponoResourceTypeInfo? declared, CancellationToken cancellationToken, int maxReplyBytes = AponoFunctionOptions.LambdaReplyLimitBytes)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("resources"u8);

        // Every resource carries the request's type: escape and encode it once, not once per resource.
        var encodedType = JsonEncodedText.Encode(resourceType, WriterOptions.Encoder);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        if (reply.SyncResources is { } resources)
        {
            if (resources is IReadOnlyCollection<AponoResource> collection)
            {
                ids.EnsureCapacity(collection.Count);
            }

            foreach (var resource in resources)
            {
                WriteResource(writer, resource, resourceType, encodedType, ids, index++, maxReplyBytes);
            }
        }
        else
        {
            await foreach (var resource in reply.AsyncResources!.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                WriteResource(writer, resource, resourceType, encodedType, ids, index++, maxReplyBytes);
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("permissions"u8);
        var permissionIds = new HashSet<string>(reply.Permissions.Count, StringComparer.Ordinal);
        for (var i = 0; i < reply.Permissions.Count; i++)
        {
            var permission = reply.Permissions[i] ?? throw new InvalidReplyException(Format($"list-resources reply: permissions[{i}] is null."));
            if (string.IsNullOrEmpty(permission.Id))
            {
                throw new InvalidReplyException(Format($"list-resources reply: permissions[{i}] has an empty id."));
            }

            if (!permissionIds.Add(permission.Id))
            {
                throw new InvalidReplyException($"list-resources reply: permission id '{Shown(permission.Id)}' appears more than once.");
            }

            if (string.IsNullOrWhiteSpace(permission.Name))
            {
                throw new InvalidReplyException($"list-resources reply: permission '{Shown(permission.Id)}' has an empty name.");
            }

            if (declared is not null && !declared.DeclaresPermission(permission.Id))
            {
                throw new InvalidReplyException(
                    $"list-resources reply: permission '{Shown(permission.Id)}' is not declared for resource type '{declared.Name}'; its permissions are: {declared.PermissionList}.");
            }

            writer.WriteStartObject();
            writer.WriteString("id"u8, permission.Id);
            writer.WriteString("name"u8, permission.Name);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter writer, AponoResource? resource, string resourceType, JsonEncodedText encodedType, HashSet<string> ids, int index, int maxReplyBytes)
    {
        if (resource is null)
        {
            throw new InvalidReplyException(Format($"list-resources reply: resources[{index}] is null."));
        }

        if (string.IsNullOrEmpty(resource.Id))
        {
            throw new InvalidReplyException(Format($"list-resources reply: resources[{index}] has an empty id."));
        }

        if (!ids.Add(resource.Id))
        {
            throw new InvalidReplyException($"list-resources reply: resource id '{Shown(resource.Id)}' appears more than once; ids must be unique.");
        }

        if (string.IsNullOrWhiteSpace(resource.Name))
        {
            throw new InvalidReplyException($"list-resources reply: resource '{Shown(resource.Id)}' has an empty name.");
        }

        if (resource.Type is not null && !string.Equals(resource.Type, resourceType, StringComparison.Ordinal))
        {
            throw new InvalidReplyException(
                $"list-resources reply: resource '{Shown(resource.Id)}' has type '{Shown(resource.Type)}', but the request's resource_type is '{Shown(resourceType)}'; Apono accepts only the requested type.");
        }

        if (writer.BytesCommitted + writer.BytesPending > maxReplyBytes)
        {
            throw new ResponseTooLargeException(Format(
                $"The list-resources reply exceeds {AponoFunctionOptions.LambdaReplyLimitBytes:N0} bytes after {index:N0} resources, more than Lambda accepts; list fewer resources or shorter metadata."));
        }

        writer.WriteStartObject();
        writer.WriteString("id"u8, resource.Id);
        writer.WriteString("name"u8, resource.Name);
        writer.WriteString("type"u8, encodedType);
        writer.WriteStartObject("metadata"u8);
        if (resource.Metadata is Dictionary<string, string> dictionary)
        {
            // The usual case, enumerated with Dictionary's struct enumerator: no boxed enumerator per resource.
            foreach (var (key, value) in dictionary)
            {
                WriteMetadata(writer, resource, key, value);
            }
        }
        else if (resource.Metadata is { } metadata)
        {
            foreach (var (key, value) in metadata)
            {
                WriteMetadata(writer, resource, key, value);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, AponoResource resource, string key, string? value)
    {
        if (string.IsNullOrEmpty(key) || value is null)
        {
            throw new InvalidReplyException(
                $"list-resources reply: resource '{Shown(resource.Id)}' has metadata with an empty key or a null value; metadata maps strings to strings.");
        }

        writer.WriteString(key, value);
    }

    public static void WriteTags(Utf8JsonWriter writer, ListResourceTagsReply reply)
    {
        var tags = reply.Tags ?? throw new InvalidReplyException("list-resources-tags reply: tags is null.");
        var ids = new HashSet<string>(tags.Count, StringComparer.Ordinal);
        writer.WriteStartObject();
        writer.WriteStartArray("tags"u8);
        for (var i = 0; i < tags.Count; i++)
        {
            var item = tags[i] ?? throw new InvalidReplyException(Format($"list-resources-tags reply: tags[{i}] is null."));
            if (string.IsNullOrEmpty(item.ResourceId))
            {
                throw new InvalidReplyException(Format($"list-resources-tags reply: tags[{i}] has an empty resource_id."));
            }

            if (!ids.Add(item.ResourceId))
            {
                throw new InvalidReplyException($"list-resources-tags reply: resource id '{Shown(item.ResourceId)}' appears more than once.");
            }

            writer.WriteStartObject();
            writer.WriteString("resource_id"u8, item.ResourceId);
            writer.WriteStartObject("tags"u8);
            foreach (var (key, value) in item.Tags ?? AponoResource.EmptyMetadata)
            {
                if (string.IsNullOrEmpty(key) || value is null)
                {
                    throw new InvalidReplyException(
                        $"list-resources-tags reply: resource '{Shown(item.ResourceId)}' has a tag with an empty key or a null value; tags map strings to strings.");
                }

                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteOk(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("status"u8, "ok"u8);
        writer.WriteEndObject();
    }

    public static void WriteCredentials(Utf8JsonWriter writer, CredentialsReply reply, string eventType)
    {
        if (reply.Secret is null || reply.Secret.Length == 0)
        {
            throw new InvalidReplyException($"{eventType} reply has no secret; Apono needs the secret to hand the credentials to the user.");
        }

        writer.WriteStartObject();
        writer.WriteString("status"u8, "ok"u8);
        writer.WriteString("secret"u8, reply.Secret.Reveal());
        writer.WriteEndObject();
    }

    public static void WriteStatus(Utf8JsonWriter writer, StatusReply reply)
    {
        if (string.IsNullOrWhiteSpace(reply.Status))
        {
            throw new InvalidReplyException("get-status reply has an empty status.");
        }

        writer.WriteStartObject();
        writer.WriteString("status"u8, reply.Status);
        writer.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter writer, string errorType, string errorMessage)
    {
        writer.WriteStartObject();
        writer.WriteString("errorType"u8, errorType);
        writer.WriteString("errorMessage"u8, errorMessage);
        writer.WriteEndObject();
    }

    private static string Shown(string text) => RequestReader.Printable(text, 128);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
