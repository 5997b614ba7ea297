using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Which author surface answers an event, and so which handler interface a declared type needs for it.</summary>
internal enum HandlerKind
{
    /// <summary>A function-level event (<c>get-status</c>, <c>list-resources-tags</c>): answered by the function, never routed by type.</summary>
    Function,

    /// <summary><c>list-resources</c>: every declared type's <see cref="ResourceTypes.IResourceTypeHandler"/>.</summary>
    List,

    /// <summary><c>grant-access</c>, <c>revoke-access</c>: <see cref="ResourceTypes.IAccessHandler"/>.</summary>
    Access,

    /// <summary>The three credentials events: <see cref="ResourceTypes.ICredentialsHandler"/>.</summary>
    Credentials,
}

/// <summary>Reads one event's typed request from the fields the envelope scan located.</summary>
internal delegate AponoRequest ReadRequest(in FieldReader fields, CustomParameters customParameters);

/// <summary>Calls the author's method for one event and writes its reply (checked) to <paramref name="writer"/>.</summary>
internal delegate ValueTask AnswerRequest(InvocationPipeline pipeline, AponoRequest request, InvocationContext context, Utf8JsonWriter writer, CancellationToken cancellationToken);

/// <summary>The values a sample request is made of; <see cref="SampleValues.Default"/> is what <c>events</c> prints.</summary>
internal sealed record SampleValues(string GrantId, string Username, string ResourceType, string Resource, string Permission, CustomParameters Parameters)
{
    public static SampleValues Default { get; } = new(
        "3f0a1c9e-7b7e-4a43-9c43-0d3c1b2a9f10",
        "jane.doe@example.com",
        "custom-app",
        "resource1",
        "reader",
        CustomParameters.FromStrings([new("param1", "value1"), new("param2", "value2")]));
}

/// <summary>One Apono event: everything the SDK needs to read, route, answer and sample it.</summary>
internal sealed class EventDescriptor
{
    /// <summary>Gets the wire name (<c>event_type</c>), one of the <see cref="AponoEventType"/> constants (interned).</summary>
    public required string Name { get; init; }

    /// <summary>Gets <see cref="Name"/> as UTF-8, to match the envelope's bytes without decoding them.</summary>
    public byte[] Utf8Name => field ??= Encoding.UTF8.GetBytes(Name);

    /// <summary>Gets the typed request the event is read into.</summary>
    public required Type RequestType { get; init; }

    /// <summary>Gets which author surface answers it.</summary>
    public required HandlerKind Handler { get; init; }

    /// <summary>Gets a value indicating whether the event carries a <c>resource_type</c> it is routed on.</summary>
    public bool IsPerType => Handler != HandlerKind.Function;

    /// <summary>Gets whether the event may come without <c>params</c> (only <c>get-status</c>).</summary>
    public bool ParamsOptional { get; init; }

    /// <summary>Gets the reader of the event's fields.</summary>
    public required ReadRequest Read { get; init; }

    /// <summary>Gets the call of the author's method and the writer of its reply.</summary>
    public required AnswerRequest Answer { get; init; }

    /// <summary>Gets a realistic request of the event, made of the given values.</summary>
    public required Func<SampleValues, AponoRequest> Sample { get; init; }
}

/// <summary>
/// The eight events, one row each, in the order of the contract. Every place that lists events uses it: the request
/// reader (which events exist and how each is read), the pipeline (how each is answered), the sample envelopes, the
/// capability table and <see cref="AponoEventType.All"/>.
/// </summary>
internal static class EventTable
{
    public static IReadOnlyList<EventDescriptor> All { get; } =
    [
        new()
        {
            Name = AponoEventType.ListResources,
            RequestType = typeof(ListResourcesRequest),
            Handler = HandlerKind.List,
            Read = static (in FieldReader f, CustomParameters custom) => new ListResourcesRequest { ResourceType = f.ResourceType(), CustomParameters = custom },
            Answer = static async (pipeline, request, context, writer, token) =>
            {
                var r = (ListResourcesRequest)request;
                var reply = await (pipeline.Function.ListResourcesAsync(r, context, token) ?? throw InvocationPipeline.NullReply(r)).ConfigureAwait(false)
                    ?? throw InvocationPipeline.NullReply(r);
                await ReplyWriter.WriteListResourcesAsync(writer, reply, r.ResourceType, context.DeclaredResourceType, token).ConfigureAwait(false);
            },
            Sample = static v => new ListResourcesRequest { ResourceType = v.ResourceType, CustomParameters = v.Parameters },
        },
        new()
        {
            Name = AponoEventType.ListResourceTags,
            RequestType = typeof(ListResourceTagsRequest),
            Handler = HandlerKind.Function,
            Read = static (in FieldReader f, CustomParameters custom) => new ListResourceTagsRequest { ResourceType = f.OptionalResourceType(), CustomParameters = custom },
            Answer = static async (pipeline, request, context, writer, token) =>
            {
                var r = (ListResourceTagsRequest)request;
                var reply = await (pipeline.Function.ListResourceTagsAsync(r, context, token) ?? throw InvocationPipeline.NullReply(r)).ConfigureAwait(false)
                    ?? throw InvocationPipeline.NullReply(r);
                ReplyWriter.WriteTags(writer, reply);
            },
            Sample = static v => new ListResourceTagsRequest { ResourceType = v.ResourceType, CustomParameters = v.Parameters },
        },
        new()
        {
            Name = AponoEventType.GrantAccess,
            RequestType = typeof(GrantAccessRequest),
            Handler = HandlerKind.Access,
            Read = static (in FieldReader f, CustomParameters custom) => new GrantAccessRequest
            {
                GrantId = f.GrantId(), Username = f.Username(), ResourceType = f.ResourceType(), Resources = f.Resources(), Permission = f.Permission(), CustomParameters = custom,
            },
            Answer = static async (pipeline, request, context, writer, token) =>
            {
                var r = (GrantAccessRequest)request;
                await (pipeline.Function.GrantAccessAsync(r, context, token) ?? throw InvocationPipeline.NullReply(r)).ConfigureAwait(false);
                ReplyWriter.WriteOk(writer);
            },
            Sample = static v => new GrantAccessRequest
            {
                GrantId = v.GrantId, Username = v.Username, ResourceType = v.ResourceType, Resources = [v.Resource], Permission = v.Permission, CustomParameters = v.Parameters,
            },
        },
        new()
        {
            Name = AponoEventType.RevokeAccess,
            RequestType = typeof(RevokeAccessRequest),
            Handler = HandlerKind.Access,
            Read = static (in FieldReader f, CustomParameters custom) => new RevokeAccessRequest
            {
                GrantId = f.GrantId(), Username = f.Username(), ResourceType = f.ResourceType(), Resources = f.Resources(), Permission = f.Permission(), CustomParameters = custom,
            },
            Answer = static async (pipeline, request, context, writer, token) =>
            {
                var r = (RevokeAccessRequest)request;
                await (pipeline.Function.RevokeAccessAsync(r, context, token) ?? throw InvocationPipeline.NullReply(r)).ConfigureAwait(false);
                ReplyWriter.WriteOk(writer);
            },
            Sample = static v => new RevokeAccessRequest
            {
                GrantId = v.GrantId, Username = v.Username, ResourceType = v.ResourceType, Resources = [v.Resource], Permission = v.Permission, CustomParameters = v.Parameters,
            },
        },
        new()
        {
            Name = AponoEventType.CreateCredentials,
            RequestType = typeof(CreateCredentialsRequest),
            Handler = HandlerKind.Credentials,
            Read = static (in FieldReader f, CustomParameters custom) => new CreateCredentialsRequest
            {
                Username = f.Username(), ResourceType = f.ResourceType(), Resources = f.Resources(), GrantId = f.OptionalGrantId(), Permission = f.OptionalPermission(), CustomParameters = custom,
            },
            Answer = static async (pipeline, request, context, writer, token) =>
            {
                var r = (CreateCredentialsRequest)request;
                var reply = await (pipeline.Function.CreateCredentialsAsync(r, context, token) ?? throw InvocationPipeline.NullReply(r)).ConfigureAwait(false)
                    ?? throw InvocationPipeline.NullReply(r);
                pipeline.Remember(context, reply.Secret);
                ReplyWriter.WriteCredentials(writer, reply, r.EventType);
            },
            Sample = static v => new CreateCredentialsRequest
            {
                GrantId = v.GrantId, Username = v.Username, ResourceType = v.ResourceType, Resources = [v.Resource], Permission = v.Permission, CustomParameters = v.Parameters,
            },
        },
        new()
        {
            Name = AponoEventType.ResetCredentials,
            RequestType = typeof(ResetCredentialsRequest),
            Handler = HandlerKind.Credentials,
            Read = static (in FieldReader f, CustomParameters custom) => new ResetCredentialsRequest
            {
                Username = f.Username(), ResourceType = f.ResourceType(), Resources = f.Resources(), GrantId = f.OptionalGrantId(), Permission = f.OptionalPermission(), CustomParameters = custom,
            },
            Answer = static async (pipeline, request, context, writer, token) =>
            {
                var r = (ResetCredentialsRequest)request;
                var reply = await (pipeline.Function.ResetCredentialsAsync(r, context, token) ?? throw InvocationPipeline.NullReply(r)).ConfigureAwait(false)
                    ?? throw InvocationPipeline.NullReply(r);
                pipeline.Remember(context, reply.Secret);
                ReplyWriter.WriteCredentials(writer, reply, r.EventType);
            },
            Sample = static v => new ResetCredentialsRequest
            {
                GrantId = v.GrantId, Username = v.Username, ResourceType = v.ResourceType, Resources = [v.Resource], Permission = v.Permission, CustomParameters = v.Parameters,
            },
        },
        new()
        {
            Name = AponoEventType.DeleteCredentials,
            RequestType = typeof(DeleteCredentialsRequest),
            Handler = HandlerKind.Credentials,
            Read = static (in FieldReader f, CustomParameters custom) => new DeleteCredentialsRequest
            {
                Username = f.Username(), ResourceType = f.ResourceType(), Resources = f.Resources(), GrantId = f.OptionalGrantId(), Permission = f.OptionalPermission(), CustomParameters = custom,
            },
            Answer = static async (pipeline, request, context, writer, token) =>
            {
                var r = (DeleteCredentialsRequest)request;
                await (pipeline.Function.DeleteCredentialsAsync(r, context, token) ?? throw InvocationPipeline.NullReply(r)).ConfigureAwait(false);
                ReplyWriter.WriteOk(writer);
            },
            Sample = static v => new DeleteCredentialsRequest
            {
                GrantId = v.GrantId, Username = v.Username, ResourceType = v.ResourceType, Resources = [v.Resource], Permission = v.Permission, CustomParameters = v.Parameters,
            },
        },
        new()
        {
            Name = AponoEventType.GetStatus,
            RequestType = typeof(GetStatusRequest),
            Handler = HandlerKind.Function,
            ParamsOptional = true,
            Read = static (in FieldReader f, CustomParameters custom) => new GetStatusRequest { CustomParameters = custom },
            Answer = static async (pipeline, request, context, writer, token) =>
            {
                var r = (GetStatusRequest)request;
                var reply = await (pipeline.Function.GetStatusAsync(r, context, token) ?? throw InvocationPipeline.NullReply(r)).ConfigureAwait(false)
                    ?? throw InvocationPipeline.NullReply(r);
                ReplyWriter.WriteStatus(writer, reply);
            },
            Sample = static v => new GetStatusRequest { CustomParameters = v.Parameters },
        },
    ];

    /// <summary>Gets the wire names, in the table's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(static e => e.Name)];

    /// <summary>Gets the rows of the per-type events, in the table's order.</summary>
    public static IReadOnlyList<EventDescriptor> PerType { get; } = [.. All.Where(static e => e.IsPerType)];

    /// <summary>The wire names joined by <c>", "</c>, for messages.</summary>
    public static string NameList { get; } = string.Join(", ", Names);

    /// <summary>Finds an event's row by its exact wire name, or returns <see langword="null"/>.</summary>
    public static EventDescriptor? Find(string eventType)
    {
        foreach (var row in All)
        {
            if (string.Equals(row.Name, eventType, StringComparison.Ordinal))
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>The request's <c>resource_type</c>, or <see langword="null"/> for an event without one.</summary>
    public static string? ResourceTypeOf(AponoRequest request) => request switch
    {
        ListResourcesRequest r => r.ResourceType,
        AccessRequest r => r.ResourceType,
        CredentialsRequest r => r.ResourceType,
        ListResourceTagsRequest r => r.ResourceType,
        _ => null,
    };
}
