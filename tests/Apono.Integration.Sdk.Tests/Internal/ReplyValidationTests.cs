using System.Text;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.Internal;

/// <summary>A reply that breaks the contract becomes an InvalidReply error naming the offender, never a reply Apono would mishandle.</summary>
public sealed class ReplyValidationTests
{
    private const string ListResources = """{"event_type":"list-resources","params":{"resource_type":"db"}}""";
    private const string ListTags = """{"event_type":"list-resources-tags","params":{}}""";
    private const string Grant = """{"event_type":"grant-access","params":{"grant_id":"g","username":"u@example.com","resource_type":"db","resources":["r"],"permission":"p"}}""";
    private const string Create = """{"event_type":"create-credentials","params":{"username":"u@example.com","resource_type":"db","resources":["r"]}}""";
    private const string Reset = """{"event_type":"reset-credentials","params":{"username":"u@example.com","resource_type":"db","resources":["r"]}}""";
    private const string Status = """{"event_type":"get-status"}""";

    private static readonly AponoPermission[] Permissions = [new("read", "Read")];

    public static TheoryData<string, string, object?, string> InvalidReplies() => new()
    {
        { "wrong type", ListResources, new ListResourcesReply([new AponoResource("db-1", "One") { Type = "table" }], Permissions),
            "list-resources reply: resource 'db-1' has type 'table', but the request's resource_type is 'db'; Apono accepts only the requested type." },
        { "duplicate resource ids", ListResources, new ListResourcesReply([new AponoResource("db-1", "One"), new AponoResource("db-2", "Two"), new AponoResource("db-1", "Again")], Permissions),
            "list-resources reply: resource id 'db-1' appears more than once; ids must be unique." },
        { "empty resource id", ListResources, new ListResourcesReply([new AponoResource("db-1", "One"), new AponoResource("", "Nameless")], Permissions),
            "list-resources reply: resources[1] has an empty id." },
        { "null resource", ListResources, new ListResourcesReply([null!], Permissions),
            "list-resources reply: resources[0] is null." },
        { "empty resource name", ListResources, new ListResourcesReply([new AponoResource("db-1", "  ")], Permissions),
            "list-resources reply: resource 'db-1' has an empty name." },
        { "duplicate permission ids", ListResources, new ListResourcesReply([], [new AponoPermission("read", "Read"), new AponoPermission("read", "Reader")]),
            "list-resources reply: permission id 'read' appears more than once." },
        { "empty permission id", ListResources, new ListResourcesReply([], [new AponoPermission("", "Read")]),
            "list-resources reply: permissions[0] has an empty id." },
        { "empty permission name", ListResources, new ListResourcesReply([], [new AponoPermission("read", "")]),
            "list-resources reply: permission 'read' has an empty name." },
        { "null metadata value", ListResources, new ListResourcesReply([new AponoResource("db-1", "One") { Metadata = new Dictionary<string, string> { ["env"] = null! } }], Permissions),
            "list-resources reply: resource 'db-1' has metadata with an empty key or a null value; metadata maps strings to strings." },
        { "empty metadata key", ListResources, new ListResourcesReply([new AponoResource("db-1", "One") { Metadata = new Dictionary<string, string> { [""] = "x" } }], Permissions),
            "list-resources reply: resource 'db-1' has metadata with an empty key or a null value; metadata maps strings to strings." },
        { "null list reply", ListResources, null, "The handler of list-resources returned null instead of a reply." },
        { "null grant reply", Grant, null, "The handler of grant-access returned null instead of a reply." },
        { "null credentials reply", Create, null, "The handler of create-credentials returned null instead of a reply." },
        { "null status reply", Status, null, "The handler of get-status returned null instead of a reply." },
        { "null tags reply", ListTags, null, "The handler of list-resources-tags returned null instead of a reply." },
        { "tags duplicates", ListTags, new ListResourceTagsReply([new ResourceTags("db-1", new Dictionary<string, string>()), new ResourceTags("db-1", new Dictionary<string, string>())]),
            "list-resources-tags reply: resource id 'db-1' appears more than once." },
        { "tags empty id", ListTags, new ListResourceTagsReply([new ResourceTags("", new Dictionary<string, string>())]),
            "list-resources-tags reply: tags[0] has an empty resource_id." },
        { "tags null entry", ListTags, new ListResourceTagsReply([null!]),
            "list-resources-tags reply: tags[0] is null." },
        { "tags null list", ListTags, new ListResourceTagsReply(null!),
            "list-resources-tags reply: tags is null." },
        { "tags null value", ListTags, new ListResourceTagsReply([new ResourceTags("db-1", new Dictionary<string, string> { ["k"] = null! })]),
            "list-resources-tags reply: resource 'db-1' has a tag with an empty key or a null value; tags map strings to strings." },
        { "empty status", Status, new StatusReply(" "), "get-status reply has an empty status." },
        { "null status", Status, new StatusReply(null!), "get-status reply has an empty status." },
        { "resource id with control characters", ListResources, new ListResourcesReply([new AponoResource("a\nb", "x"), new AponoResource("a\nb", "y")], Permissions),
            "list-resources reply: resource id 'a\\u000Ab' appears more than once; ids must be unique." },
    };

    [Theory]
    [MemberData(nameof(InvalidReplies))]
    public async Task InvokeAsync_ReplyBreaksContract_AnswersInvalidReplyNamingTheOffender(string name, string request, object? reply, string message)
    {
        _ = name;
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(reply ?? NullMarker.Instance) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(request);

        Assert.False(result.IsSuccess);
        Assert.Equal(("InvalidReply", message), (result.ErrorType, result.ErrorMessage));
    }

    [Fact]
    public void CredentialsReply_WithoutSecret_CannotBeBuilt()
    {
        Assert.Throws<ArgumentNullException>(() => new CredentialsReply(null!));
        Assert.Throws<ArgumentException>(() => new CredentialsReply(new SecretString(string.Empty)));
    }

    [Fact]
    public async Task InvokeAsync_ResourceWithMatchingOrMissingType_EchoesTheRequestType()
    {
        await using var function = new RecordingFunction
        {
            Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new ListResourcesReply(
                [new AponoResource("a", "A") { Type = "db" }, new AponoResource("b", "B")], Permissions)),
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(ListResources);

        JsonAssert.Equivalent("""
            {"resources":[{"id":"a","name":"A","type":"db","metadata":{}},{"id":"b","name":"B","type":"db","metadata":{}}],
             "permissions":[{"id":"read","name":"Read"}]}
            """, result.Body);
    }

    [Fact]
    public async Task InvokeAsync_StreamedResources_AreWrittenInOrderAndValidated()
    {
        static async IAsyncEnumerable<AponoResource> Stream(int count, bool duplicateLast)
        {
            for (var i = 0; i < count; i++)
            {
                await Task.Yield();
                yield return new AponoResource(duplicateLast && i == count - 1 ? "r0" : $"r{i}", $"Resource {i}");
            }
        }

        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new ListResourcesReply(Stream(3, false), Permissions)) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(ListResources);

        JsonAssert.Equivalent("""
            {"resources":[{"id":"r0","name":"Resource 0","type":"db","metadata":{}},{"id":"r1","name":"Resource 1","type":"db","metadata":{}},{"id":"r2","name":"Resource 2","type":"db","metadata":{}}],
             "permissions":[{"id":"read","name":"Read"}]}
            """, result.Body);

        function.Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new ListResourcesReply(Stream(3, true), Permissions));
        var duplicate = await harness.InvokeAsync(ListResources);
        Assert.Equal(("InvalidReply", "list-resources reply: resource id 'r0' appears more than once; ids must be unique."), (duplicate.ErrorType, duplicate.ErrorMessage));
    }

    [Fact]
    public async Task InvokeAsync_EmptyListReply_IsValid()
    {
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new ListResourcesReply([], [])) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(ListResources);

        Assert.Equal("""{"resources":[],"permissions":[]}""", Encoding.UTF8.GetString(result.Body.Span));
    }

    [Fact]
    public async Task InvokeAsync_CustomStatus_IsWritten()
    {
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new StatusReply("degraded")) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Status);

        Assert.Equal("""{"status":"degraded"}""", Encoding.UTF8.GetString(result.Body.Span));
    }

    [Fact]
    public async Task InvokeAsync_ResetCredentials_WritesTheSecret()
    {
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new CredentialsReply(new SecretString("pa\"ss\\wörd"))) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Reset);

        JsonAssert.Equivalent("""{"status":"ok","secret":"pa\"ss\\wörd"}""", result.Body);
    }
}
