using System.Text;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.ResourceTypes;

public sealed class ResourceTypeRoutingTests
{
    [Fact]
    public async Task InvokeAsync_TwoDeclaredTypes_EachListingReachesItsOwnHandler()
    {
        var function = new TwoTypeFunction();
        await using var harness = PipelineHarness.Create(function);

        var database = await harness.InvokeAsync(Envelopes.List("database"));
        var schema = await harness.InvokeAsync(Envelopes.List("schema"));

        Assert.True(database.IsSuccess, database.ErrorMessage);
        Assert.Equal(
            """{"resources":[{"id":"db-1","name":"Orders database","type":"database","metadata":{}}],"permissions":[{"id":"read","name":"Read"},{"id":"write","name":"Read and write"}]}""",
            Encoding.UTF8.GetString(database.Body.Span));
        Assert.True(schema.IsSuccess, schema.ErrorMessage);
        Assert.Equal(
            """{"resources":[{"id":"public","name":"public schema","type":"schema","metadata":{}}],"permissions":[{"id":"usage","name":"Usage"}]}""",
            Encoding.UTF8.GetString(schema.Body.Span));
        Assert.Equal(
            [("database", "list-resources", "database"), ("schema", "list-resources", "schema")],
            function.Log.Calls.Select(c => (c.Handler, c.EventType, c.Context.DeclaredResourceType!.Name)));
        Assert.IsType<DatabaseHandler>(function.Log.Calls.First().HandlerInstance);
        Assert.IsType<SchemaHandler>(function.Log.Calls.Last().HandlerInstance);
    }

    [Theory]
    [InlineData("grant-access")]
    [InlineData("revoke-access")]
    public async Task InvokeAsync_AccessOnDeclaredType_ReachesTheTypesHandlerWithTheRequestsTypeOnTheContext(string eventType)
    {
        var function = new TwoTypeFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelopes.Access(eventType, "database", "write"));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal("""{"status":"ok"}""", Encoding.UTF8.GetString(result.Body.Span));
        var call = Assert.Single(function.Log.Calls);
        Assert.Equal(("database", eventType, "database"), (call.Handler, call.EventType, call.Context.ResourceType));
        Assert.Same(harness.Runtime.Capabilities.ResourceTypes[0], call.Context.DeclaredResourceType);
    }

    [Theory]
    [InlineData("create-credentials", """{"status":"ok","secret":"created-secret"}""")]
    [InlineData("reset-credentials", """{"status":"ok","secret":"reset-secret"}""")]
    [InlineData("delete-credentials", """{"status":"ok"}""")]
    public async Task InvokeAsync_CredentialsOnDeclaredType_ReachTheCredentialsHandler(string eventType, string reply)
    {
        var function = new TwoTypeFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelopes.Credentials(eventType, "database"));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(reply, Encoding.UTF8.GetString(result.Body.Span));
        Assert.Equal(("database", eventType), function.Log.Calls.Select(c => (c.Handler, c.EventType)).Single());
    }

    [Theory]
    [InlineData("list-resources")]
    [InlineData("grant-access")]
    [InlineData("revoke-access")]
    [InlineData("create-credentials")]
    [InlineData("reset-credentials")]
    [InlineData("delete-credentials")]
    public async Task InvokeAsync_UndeclaredResourceType_IsRefusedNamingTheDeclaredTypesAndNoHandlerRuns(string eventType)
    {
        var function = new TwoTypeFunction();
        await using var harness = PipelineHarness.Create(function);
        var body = eventType switch
        {
            "list-resources" => Envelopes.List("tables"),
            "grant-access" or "revoke-access" => Envelopes.Access(eventType, "tables", "read"),
            _ => Envelopes.Credentials(eventType, "tables"),
        };

        var result = await harness.InvokeAsync(body);

        Assert.Equal(
            ("InvalidRequest", "resource_type 'tables' is not served by this integration; it declares: database, schema."),
            (result.ErrorType, result.ErrorMessage));
        Assert.Empty(function.Log.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ResourceTypeWithABidiControl_IsRefusedByTheReaderBeforeRouting()
    {
        await using var harness = PipelineHarness.Create(new TwoTypeFunction());

        var result = await harness.InvokeAsync("""{"event_type":"list-resources","params":{"resource_type":"data\u202Ebase"}}""");

        Assert.Equal("InvalidRequest", result.ErrorType);
        Assert.Equal("params.resource_type must not contain a bidirectional formatting character (U+202E at index 4).", result.ErrorMessage);
    }

    [Theory]
    [InlineData("grant-access")]
    [InlineData("revoke-access")]
    public async Task InvokeAsync_HandlerWithoutTheEvent_AnswersNotSupportedNamingEventAndType(string eventType)
    {
        var function = new TwoTypeFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelopes.Access(eventType, "schema", "usage"));

        Assert.Equal(
            ("NotSupported", $"This integration does not support {eventType} for resource type 'schema'."),
            (result.ErrorType, result.ErrorMessage));
        Assert.Empty(function.Log.Calls);
    }

    [Fact]
    public async Task InvokeAsync_CredentialsOnAListOnlyType_AnswersNotSupported()
    {
        await using var harness = PipelineHarness.Create(new TwoTypeFunction());

        var result = await harness.InvokeAsync(Envelopes.Credentials("create-credentials", "schema"));

        Assert.Equal(
            ("NotSupported", "This integration does not support create-credentials for resource type 'schema'."),
            (result.ErrorType, result.ErrorMessage));
    }

    [Theory]
    [InlineData("grant-access", "usage")]
    [InlineData("grant-access", "READ")]
    [InlineData("revoke-access", "admin")]
    public async Task InvokeAsync_UndeclaredPermission_IsRefusedNamingTheTypesPermissionsAndTheHandlerIsNotCalled(string eventType, string permission)
    {
        var function = new TwoTypeFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelopes.Access(eventType, "database", permission));

        Assert.Equal(
            ("InvalidRequest", $"permission '{permission}' is not declared for resource type 'database'; its permissions are: read, write."),
            (result.ErrorType, result.ErrorMessage));
        Assert.Empty(function.Log.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ListingNamesAnUndeclaredPermission_IsAnInvalidReply()
    {
        var function = new TwoTypeFunction { DatabaseListing = [new("read", "Read"), new("admin", "Administer")] };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelopes.List("database"));

        Assert.Equal(
            ("InvalidReply", "list-resources reply: permission 'admin' is not declared for resource type 'database'; its permissions are: read, write."),
            (result.ErrorType, result.ErrorMessage));
        Assert.Single(function.Log.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ListingWithASubsetOfTheDeclaredPermissions_IsAccepted()
    {
        var function = new TwoTypeFunction { DatabaseListing = [new("write", "Read and write")] };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelopes.List("database"));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.EndsWith("""
            "permissions":[{"id":"write","name":"Read and write"}]}
            """, Encoding.UTF8.GetString(result.Body.Span));
    }

    [Fact]
    public async Task InvokeAsync_FunctionLevelEvents_AreNotRoutedByType()
    {
        var function = new TwoTypeFunction();
        await using var harness = PipelineHarness.Create(function);

        var status = await harness.InvokeAsync("""{"event_type":"get-status","params":{}}""");
        var tags = await harness.InvokeAsync("""{"event_type":"list-resources-tags","params":{"resource_type":"tables"}}""");

        Assert.Equal("""{"status":"active"}""", Encoding.UTF8.GetString(status.Body.Span));
        Assert.Equal(("NotSupported", "This integration does not support list-resources-tags."), (tags.ErrorType, tags.ErrorMessage));
        Assert.Empty(function.Log.Calls);
    }

    [Fact]
    public async Task InvokeAsync_OverrideOfADeclaringFunction_InterceptsTheEventForEveryDeclaredTypeButNotUndeclaredOnes()
    {
        var function = new InterceptingFunction();
        await using var harness = PipelineHarness.Create(function);

        var schema = await harness.InvokeAsync(Envelopes.Access("grant-access", "schema", "usage"));
        var undeclared = await harness.InvokeAsync(Envelopes.Access("grant-access", "tables", "usage"));

        Assert.True(schema.IsSuccess, schema.ErrorMessage);
        Assert.Equal("InvalidRequest", undeclared.ErrorType);
        Assert.Equal(["schema"], function.Intercepted);
    }

    [Fact]
    public async Task InvokeAsync_HandlerReturnsANullTask_IsAnInvalidReply()
    {
        await using var harness = PipelineHarness.Create(new NullTaskFunction());

        var result = await harness.InvokeAsync(Envelopes.Access("grant-access", "database", "read"));

        Assert.Equal(("InvalidReply", "The handler of grant-access returned null instead of a reply."), (result.ErrorType, result.ErrorMessage));
    }

    [Fact]
    public async Task InvokeAsync_NothingDeclared_OverridesServeAnyTypeAndTheRestAnswersNotSupportedAsBefore()
    {
        var function = new UndeclaredFunction();
        await using var harness = PipelineHarness.Create(function);

        var list = await harness.InvokeAsync(Envelopes.List("anything-at-all"));
        var grant = await harness.InvokeAsync(Envelopes.Access("grant-access", "other-type", "any-permission"));
        var revoke = await harness.InvokeAsync(Envelopes.Access("revoke-access", "other-type", "any-permission"));

        Assert.Equal(
            """{"resources":[{"id":"r-1","name":"Resource","type":"anything-at-all","metadata":{}}],"permissions":[{"id":"p","name":"P"}]}""",
            Encoding.UTF8.GetString(list.Body.Span));
        Assert.Equal("""{"status":"ok"}""", Encoding.UTF8.GetString(grant.Body.Span));
        Assert.Equal(("NotSupported", "This integration does not support revoke-access."), (revoke.ErrorType, revoke.ErrorMessage));
        Assert.Equal([("anything-at-all", true), ("other-type", true)], function.Seen);
        Assert.False(harness.Runtime.Capabilities.DeclaresResourceTypes);
        Assert.Empty(harness.Runtime.Capabilities.ResourceTypes);
    }

    private sealed class InterceptingFunction : AponoIntegrationFunction
    {
        public List<string> Intercepted { get; } = [];

        protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) =>
            resourceTypes.Add<ListOnlyHandler>("schema", type => type.WithPermission("usage", "Usage"));

        protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            Intercepted.Add(context.DeclaredResourceType!.Name);
            return Task.CompletedTask;
        }
    }

    private sealed class NullTaskFunction : AponoIntegrationFunction
    {
        protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) =>
            resourceTypes.Add<NullTaskHandler>("database", type => type.WithPermission("read", "Read"));
    }

    private sealed class UndeclaredFunction : AponoIntegrationFunction
    {
        public List<(string? Type, bool NoDeclaration)> Seen { get; } = [];

        protected internal override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            Seen.Add((context.ResourceType, context.DeclaredResourceType is null));
            return Task.FromResult(new ListResourcesReply([new AponoResource("r-1", "Resource")], [new AponoPermission("p", "P")]));
        }

        protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            Seen.Add((context.ResourceType, context.DeclaredResourceType is null));
            return Task.CompletedTask;
        }
    }

    private sealed class ListOnlyHandler : IResourceTypeHandler
    {
        public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply([], [new AponoPermission("usage", "Usage")]));
    }

    private sealed class NullTaskHandler : IAccessHandler
    {
        public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply([], [new AponoPermission("read", "Read")]));

        public Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) => null!;

        public Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
