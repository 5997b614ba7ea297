using System.Buffers;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Apono.Integration.Sdk.Tests.Properties;

/// <summary>Typed request → envelope JSON → RequestReader gives the same fields; reply → ReplyWriter → parsed JSON gives the same reply.</summary>
public sealed class RoundTripPropertyTests
{
    private const int Iterations = PipelinePropertyTests.Iterations;

    /// <summary>Any valid text, control characters included: custom parameters and reply names accept it.</summary>
    private static readonly Gen<string> Text = ArbMap.Default.GeneratorFor<NonEmptyString>()
        .Select(s => s.Get.Length > 100 ? s.Get[..100] : s.Get)
        .Where(s => !s.Any(char.IsSurrogate));

    /// <summary>Text an id field accepts: the reader refuses control, format and line-separator characters there.</summary>
    private static readonly Gen<string> Id = Text.Select(s =>
    {
        var kept = new string(s.Where((c, i) => InputText.Classify(s, i, out _, out _) == RefusedCharacter.None).ToArray());
        return kept.Length == 0 ? "x" : kept;
    });

    private static readonly Gen<string> Username = Id.Select(s => new string(s.Where(c => !char.IsWhiteSpace(c)).ToArray()) + "@example.com");

    private static readonly Gen<string[]> Resources = Gen.ListOf(Id).Select(ids => ids.Distinct(StringComparer.Ordinal).Take(50).ToArray());

    private static readonly Gen<Dictionary<string, string>> Map = Gen.ListOf(Gen.Zip(Text, Text)).Resize(5)
        .Select(pairs => pairs.DistinctBy(p => p.Item1, StringComparer.Ordinal).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal));

    [Property(MaxTest = Iterations)]
    public Property AccessRequest_WrittenAndRead_KeepsEveryField() =>
        Prop.ForAll((
            from eventType in Gen.Elements(AponoEventType.GrantAccess, AponoEventType.RevokeAccess)
            from grantId in Id
            from username in Username
            from resourceType in Id
            from resources in Resources
            from permission in Id
            from custom in Map
            select (eventType, grantId, username, resourceType, resources, permission, custom)).ToArbitrary(), t =>
        {
            var request = Assert.IsAssignableFrom<AccessRequest>(Read(t.eventType, w =>
            {
                w.WriteString("grant_id", t.grantId);
                w.WriteString("username", t.username);
                w.WriteString("resource_type", t.resourceType);
                WriteArray(w, "resources", t.resources);
                w.WriteString("permission", t.permission);
                WriteMap(w, "custom_parameters", t.custom);
            }));
            return request.EventType == t.eventType && request.GrantId == t.grantId && request.Username == t.username
                && request.ResourceType == t.resourceType && request.Resources.SequenceEqual(t.resources)
                && request.Permission == t.permission && SameParameters(request.CustomParameters, t.custom);
        });

    [Property(MaxTest = Iterations)]
    public Property CredentialsRequest_WrittenAndRead_KeepsEveryField() =>
        Prop.ForAll((
            from eventType in Gen.Elements(AponoEventType.CreateCredentials, AponoEventType.ResetCredentials, AponoEventType.DeleteCredentials)
            from grantId in Gen.OneOf(Gen.Constant<string?>(null), Id.Select(s => (string?)s))
            from username in Username
            from resourceType in Id
            from resources in Resources
            from permission in Gen.OneOf(Gen.Constant<string?>(null), Id.Select(s => (string?)s))
            from custom in Map
            select (eventType, grantId, username, resourceType, resources, permission, custom)).ToArbitrary(), t =>
        {
            var request = Assert.IsAssignableFrom<CredentialsRequest>(Read(t.eventType, w =>
            {
                if (t.grantId is not null)
                {
                    w.WriteString("grant_id", t.grantId);
                }

                w.WriteString("username", t.username);
                w.WriteString("resource_type", t.resourceType);
                WriteArray(w, "resources", t.resources);
                if (t.permission is not null)
                {
                    w.WriteString("permission", t.permission);
                }

                WriteMap(w, "custom_parameters", t.custom);
            }));
            return request.EventType == t.eventType && request.GrantId == t.grantId && request.Username == t.username
                && request.ResourceType == t.resourceType && request.Resources.SequenceEqual(t.resources)
                && request.Permission == t.permission && SameParameters(request.CustomParameters, t.custom);
        });

    [Property(MaxTest = Iterations)]
    public Property ListRequests_WrittenAndRead_KeepEveryField() =>
        Prop.ForAll(Gen.Zip(Id, Map).ToArbitrary(), t =>
        {
            var list = Assert.IsType<ListResourcesRequest>(Read(AponoEventType.ListResources, w =>
            {
                w.WriteString("resource_type", t.Item1);
                WriteMap(w, "custom_parameters", t.Item2);
            }));
            var tags = Assert.IsType<ListResourceTagsRequest>(Read(AponoEventType.ListResourceTags, w => w.WriteString("resource_type", t.Item1)));
            var status = Assert.IsType<GetStatusRequest>(Read(AponoEventType.GetStatus, w => WriteMap(w, "custom_parameters", t.Item2)));
            return list.ResourceType == t.Item1 && SameParameters(list.CustomParameters, t.Item2)
                && tags.ResourceType == t.Item1 && SameParameters(status.CustomParameters, t.Item2);
        });

    [Property(MaxTest = Iterations)]
    public Property ListResourcesReply_Written_ParsesBackEqual() =>
        Prop.ForAll((
            from resourceType in Id
            from ids in Resources
            from names in Gen.ArrayOf(Text, ids.Length)
            from metadata in Map
            from permissionIds in Resources
            select (resourceType, ids, names, metadata, permissionIds)).ToArbitrary(), t =>
        {
            var resources = t.ids.Select((id, i) => new AponoResource(id, "n" + t.names[i]) { Metadata = t.metadata }).ToArray();
            var permissions = t.permissionIds.Select(id => new AponoPermission(id, "P " + id)).ToArray();
            using var json = Write(w => ReplyWriter.WriteListResourcesAsync(w, new ListResourcesReply(resources, permissions), t.resourceType, null, default).AsTask().GetAwaiter().GetResult());
            var writtenResources = json.RootElement.GetProperty("resources").EnumerateArray().ToArray();
            var writtenPermissions = json.RootElement.GetProperty("permissions").EnumerateArray().ToArray();
            return writtenResources.Length == resources.Length
                && writtenResources.Zip(resources).All(p =>
                    p.First.GetProperty("id").GetString() == p.Second.Id && p.First.GetProperty("name").GetString() == p.Second.Name
                    && p.First.GetProperty("type").GetString() == t.resourceType && SameMap(p.First.GetProperty("metadata"), t.metadata))
                && writtenPermissions.Length == permissions.Length
                && writtenPermissions.Zip(permissions).All(p => p.First.GetProperty("id").GetString() == p.Second.Id && p.First.GetProperty("name").GetString() == p.Second.Name);
        });

    [Property(MaxTest = Iterations)]
    public Property SmallReplies_Written_ParseBackEqual() =>
        Prop.ForAll((from text in Id from ids in Resources from tags in Map select (text, ids, tags)).ToArbitrary(), t =>
        {
            var (text, ids, tags) = t;
            using var credentials = Write(w => ReplyWriter.WriteCredentials(w, new CredentialsReply(new SecretString(text)), AponoEventType.CreateCredentials));
            using var status = Write(w => ReplyWriter.WriteStatus(w, new StatusReply("s" + text)));
            using var ok = Write(ReplyWriter.WriteOk);
            using var tagReply = Write(w => ReplyWriter.WriteTags(w, new ListResourceTagsReply([.. ids.Select(id => new ResourceTags(id, tags))])));
            var writtenTags = tagReply.RootElement.GetProperty("tags").EnumerateArray().ToArray();
            return credentials.RootElement.GetProperty("secret").GetString() == text && credentials.RootElement.GetProperty("status").GetString() == "ok"
                && status.RootElement.GetProperty("status").GetString() == "s" + text
                && ok.RootElement.GetProperty("status").GetString() == "ok"
                && writtenTags.Length == ids.Length
                && writtenTags.Zip(ids).All(p => p.First.GetProperty("resource_id").GetString() == p.Second && SameMap(p.First.GetProperty("tags"), tags));
        });

    private static AponoRequest Read(string eventType, Action<Utf8JsonWriter> writeParams)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event_type", eventType);
            writer.WriteStartObject("params");
            writeParams(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return RequestReader.Read(buffer.WrittenMemory.ToArray(), new AponoFunctionOptions());
    }

    private static JsonDocument Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ReplyWriter.WriterOptions))
        {
            write(writer);
        }

        return JsonDocument.Parse(buffer.WrittenMemory.ToArray());
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, string[] items)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, Dictionary<string, string> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static bool SameParameters(CustomParameters parameters, Dictionary<string, string> expected) =>
        parameters.Count == expected.Count && expected.All(p => parameters.GetString(p.Key) == p.Value);

    private static bool SameMap(JsonElement element, Dictionary<string, string> expected) =>
        element.EnumerateObject().Count() == expected.Count && expected.All(p => element.GetProperty(p.Key).GetString() == p.Value);
}
