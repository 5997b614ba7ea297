using System.Text;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Tests.Performance;

/// <summary>
/// Pins the exact answers of the paths the performance work rewrote (field names built lazily, pairwise duplicate
/// check for short lists, lazy DI scope, lazy secret scrubbing, pooled reply buffer, cancellation set-up).
/// </summary>
/// <remarks>
/// Its largest cases write 6 MB replies whose pooled chunks stay in the shared array pool; they run alone so that
/// they never overlap a test that measures the process's heap (RuntimeLoopLoadTests).
/// </remarks>
[Collection(HotPathCollection.Name)]
public sealed class HotPathBehaviourTests
{
    private static readonly InvocationMetadata Metadata = new("req-1", null);

    [Fact]
    public async Task InvokeAsync_ResourceItemNotString_NamesTheIndexedField()
    {
        var result = await InvokeAsync(new HotPathFunction(), Grant("""["a",5]"""));

        AssertFailure(result, "InvalidRequest", "params.resources[1] must be a string for grant-access, but is a JSON number.");
    }

    [Fact]
    public async Task InvokeAsync_ResourceItemEmpty_NamesTheIndexedField()
    {
        var result = await InvokeAsync(new HotPathFunction(), Grant("""["a",""]"""));

        AssertFailure(result, "InvalidRequest", "params.resources[1] must not be empty for grant-access.");
    }

    [Fact]
    public async Task InvokeAsync_GrantIdEmpty_NamesTheField()
    {
        var body = """{"event_type":"grant-access","params":{"grant_id":"","username":"u@example.com","resource_type":"t","resources":[],"permission":"p"}}""";

        var result = await InvokeAsync(new HotPathFunction(), body);

        AssertFailure(result, "InvalidRequest", "params.grant_id must not be empty for grant-access.");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public async Task InvokeAsync_DuplicateResourceInRequest_NamesTheId(int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"\"r{i}\"").Append("\"r1\"");

        var result = await InvokeAsync(new HotPathFunction(), Grant("[" + string.Join(',', ids) + "]"));

        AssertFailure(result, "InvalidRequest", "params.resources lists 'r1' more than once.");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public async Task InvokeAsync_DistinctResources_ReachTheAuthorInOrder(int count)
    {
        var function = new HotPathFunction();
        var ids = Enumerable.Range(0, count).Select(i => $"r{i}").ToArray();

        var result = await InvokeAsync(function, Grant("[" + string.Join(',', ids.Select(i => $"\"{i}\"")) + "]"));

        Assert.True(result.IsSuccess);
        Assert.Equal("""{"status":"ok"}""", Encoding.UTF8.GetString(result.Body.Span));
        Assert.Equal(ids, function.LastResources);
    }

    [Fact]
    public async Task InvokeAsync_AuthorMessageQuotesCustomParameters_OnlyTheSecretOneIsScrubbed()
    {
        var function = new HotPathFunction { Failure = new InvalidRequestException("cannot reach db.internal.example.com with s3cr3t-pass") };
        var body = """{"event_type":"grant-access","params":{"grant_id":"g","username":"u@example.com","resource_type":"t","resources":[],"permission":"p","custom_parameters":{"host":"db.internal.example.com","password":"s3cr3t-pass"}}}""";

        var result = await InvokeAsync(function, body);

        AssertFailure(result, "InvalidRequest", "cannot reach db.internal.example.com with ***");
    }

    [Fact]
    public async Task InvokeAsync_ScopedService_ResolvedPerInvocationAndDisposedAfter()
    {
        var function = new HotPathFunction { UseScopedService = true };

        var first = await InvokeAsync(function, Grant("[]"));
        var firstService = function.LastService!;
        var second = await InvokeAsync(function, Grant("[]"));

        Assert.True(first.IsSuccess);
        Assert.True(second.IsSuccess);
        Assert.NotSame(firstService, function.LastService);
        Assert.True(firstService.Disposed);
        Assert.True(function.LastService!.Disposed);
    }

    [Fact]
    public async Task InvokeAsync_DeadlineAlreadyPassed_AnswersTimeout()
    {
        await using var function = new HotPathFunction { WaitForCancellation = true };
        var pipeline = Pipeline(function);

        var result = await pipeline.InvokeAsync(Encoding.UTF8.GetBytes(Grant("[]")), new InvocationMetadata("req-2", DateTimeOffset.UtcNow.AddSeconds(-1)));

        AssertFailure(result, "Timeout", "grant-access did not finish in time: the SDK stopped waiting 500 ms before the invocation deadline. Raise the function's timeout or make the work faster.");
    }

    [Fact]
    public async Task InvokeAsync_HostCancels_AnswersShuttingDown()
    {
        await using var function = new HotPathFunction { WaitForCancellation = true };
        var pipeline = Pipeline(function);
        using var shutdown = new CancellationTokenSource();
        await shutdown.CancelAsync();

        var result = await pipeline.InvokeAsync(Encoding.UTF8.GetBytes(Grant("[]")), new InvocationMetadata("req-3", DateTimeOffset.UtcNow.AddMinutes(5)), shutdown.Token);

        AssertFailure(result, "Timeout", "grant-access was cancelled because the function is shutting down; retry the request.");
    }

    [Fact]
    public async Task InvokeAsync_ListWithMetadata_WritesExactJson()
    {
        var function = new HotPathFunction
        {
            Resources =
            [
                new AponoResource("db-1", "Orders") { Metadata = new Dictionary<string, string> { ["env"] = "prod", ["team"] = "a" } },
                new AponoResource("db-2", "Billing \"EU\"") { Metadata = new SortedDictionary<string, string> { ["région"] = "eu-west-1" } },
                new AponoResource("db-3", "Plain"),
            ],
        };

        var result = await InvokeAsync(function, """{"event_type":"list-resources","params":{"resource_type":"postgres"}}""");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(
            """{"resources":[{"id":"db-1","name":"Orders","type":"postgres","metadata":{"env":"prod","team":"a"}},{"id":"db-2","name":"Billing \"EU\"","type":"postgres","metadata":{"région":"eu-west-1"}},{"id":"db-3","name":"Plain","type":"postgres","metadata":{}}],"permissions":[{"id":"read","name":"Read"}]}""",
            Encoding.UTF8.GetString(result.Body.Span));
    }

    [Fact]
    public async Task InvokeAsync_ListWithDuplicateId_AnswersInvalidReply()
    {
        var function = new HotPathFunction { Resources = [new AponoResource("db-1", "A"), new AponoResource("db-1", "B")] };

        var result = await InvokeAsync(function, """{"event_type":"list-resources","params":{"resource_type":"postgres"}}""");

        AssertFailure(result, "InvalidReply", "list-resources reply: resource id 'db-1' appears more than once; ids must be unique.");
    }

    [Fact]
    public async Task InvokeAsync_ListOverLambdaLimit_AnswersResponseTooLarge()
    {
        var name = new string('n', 1000);
        var function = new HotPathFunction { Resources = [.. Enumerable.Range(0, 7000).Select(i => new AponoResource($"r{i}", name))] };

        var result = await InvokeAsync(function, """{"event_type":"list-resources","params":{"resource_type":"t"}}""");

        Assert.False(result.IsSuccess);
        Assert.Equal("ResponseTooLarge", result.ErrorType);
        Assert.StartsWith("The list-resources reply exceeds 6,291,456 bytes after ", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ReplyJustUnderLimit_IsReturnedWhole()
    {
        // One resource whose reply is a few bytes under Lambda's limit: the pooled buffer spans many segments.
        var name = new string('x', AponoFunctionOptions.LambdaReplyLimitBytes - 200);
        var function = new HotPathFunction { Resources = [new AponoResource("big", name)] };

        var result = await InvokeAsync(function, """{"event_type":"list-resources","params":{"resource_type":"t"}}""");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var text = Encoding.UTF8.GetString(result.Body.Span);
        Assert.Equal("{\"resources\":[{\"id\":\"big\",\"name\":\"" + name + "\",\"type\":\"t\",\"metadata\":{}}],\"permissions\":[{\"id\":\"read\",\"name\":\"Read\"}]}", text);
    }

    private static string Grant(string resources) =>
        """{"event_type":"grant-access","params":{"grant_id":"g","username":"u@example.com","resource_type":"t","resources":""" + resources + ""","permission":"p"}}""";

    private static void AssertFailure(InvocationResult result, string errorType, string message)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(errorType, result.ErrorType);
        Assert.Equal(message, result.ErrorMessage);
    }

    private static InvocationPipeline Pipeline(AponoIntegrationFunction function) =>
        FunctionRuntime.Create(function, new FunctionHostSettings
        {
            Environment = new Dictionary<string, string?>(),
            LogOutput = Stream.Null,
        }).Pipeline;

    private static async Task<InvocationResult> InvokeAsync(HotPathFunction function, string body) =>
        await Pipeline(function).InvokeAsync(Encoding.UTF8.GetBytes(body), Metadata);

    private sealed class ScopedService : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class HotPathFunction : AponoIntegrationFunction
    {
        public Exception? Failure { get; init; }

        public bool UseScopedService { get; init; }

        public bool WaitForCancellation { get; init; }

        public AponoResource[] Resources { get; init; } = [];

        public IReadOnlyList<string>? LastResources { get; private set; }

        public ScopedService? LastService { get; private set; }

        protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
            services.AddScoped<ScopedService>();

        protected internal override async Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            if (UseScopedService)
            {
                LastService = context.Services.GetRequiredService<ScopedService>();
                Assert.Same(LastService, context.Services.GetRequiredService<ScopedService>());
            }

            if (WaitForCancellation)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            LastResources = request.Resources;
        }

        protected internal override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply(Resources, [new AponoPermission("read", "Read")]));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HotPathCollection
{
    public const string Name = "Hot path (not in parallel)";
}
