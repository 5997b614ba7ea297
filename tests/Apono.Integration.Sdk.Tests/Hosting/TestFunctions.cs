using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Tests.Hosting;

/// <summary>
/// QuickStart's behaviour for all eight events, plus misbehaviour chosen by the event: a <c>behaviour</c> custom
/// parameter on grant-access (<c>throw</c>, <c>throw-apono</c>, <c>hang</c>, <c>wait</c>), and
/// <c>resource_type: "huge"</c> on list-resources for a 7 MB reply.
/// </summary>
internal sealed class ScriptedFunction : AponoIntegrationFunction
{
    public const string Canary = "canary-exception-4b1f0e";

    public const string SecretCanary = "canary-secret-9d2c71";

    /// <summary>Gets the context of the last get-status invocation.</summary>
    public InvocationContext? LastStatusContext { get; private set; }

    /// <summary>Fires when a <c>hang</c> or <c>wait</c> handler has started.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Releases every <c>hang</c> handler (it ignores its token), so tests leave nothing running.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected internal override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        if (request.ResourceType == "huge")
        {
            // 70,000 resources of ~100 bytes: about 7 MB of reply JSON.
            var filler = new string('x', 64);
            return Task.FromResult(new ListResourcesReply(
                Enumerable.Range(0, 70_000).Select(i => new AponoResource($"r{i}", filler)),
                [new AponoPermission("reader", "Reader")]));
        }

        return Task.FromResult(new ListResourcesReply(
            [
                new AponoResource("resource1", "Resource 1") { Metadata = new Dictionary<string, string> { ["key1"] = "value1" } },
                new AponoResource("resource2", "Resource 2") { Metadata = new Dictionary<string, string> { ["key2"] = "value2" } },
            ],
            [new AponoPermission("admin", "Admin"), new AponoPermission("reader", "Reader")]));
    }

    protected internal override async Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var password = request.CustomParameters.GetString("password");
        if (context.Logger.IsEnabled(LogLevel.Information))
        {
            context.Logger.LogInformation("Granting {Permission} to {Username} with password {Password}", request.Permission, request.Username, password);
        }

        switch (request.CustomParameters.GetString("behaviour"))
        {
            case "throw":
                throw new InvalidOperationException($"connection failed: Host=db;Password={password};{Canary}");
            case "throw-apono":
                throw new TransientException($"The database refused password {password}; try again.");
            case "hang":
                Started.TrySetResult();
                await Release.Task; // ignores the token on purpose
                break;
            case "wait":
                Started.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                break;
        }

    }

    protected internal override Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected internal override Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var secret = new SecretString(request.CustomParameters.GetString("issue") == "canary-please" ? SecretCanary : "created-credentials-secret");
        if (context.Logger.IsEnabled(LogLevel.Information))
        {
            // The SDK learns the secret only from the reply, so it cannot scrub it before then: SecretString's ToString does.
            context.Logger.LogInformation("Created credentials {Secret} for {Username}", secret, request.Username);
        }

        return Task.FromResult(new CredentialsReply(secret));
    }

    protected internal override Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialsReply(new SecretString("reset-credentials-secret")));

    protected internal override Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected internal override Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        LastStatusContext = context;
        return Task.FromResult(StatusReply.Active);
    }

    protected internal override Task<ListResourceTagsReply> ListResourceTagsAsync(ListResourceTagsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ListResourceTagsReply([new ResourceTags("resource1", new Dictionary<string, string> { ["env"] = "prod" })]));
}

/// <summary>Answers list-resources echoing its resource type, and records which DI scopes and threads served it.</summary>
internal sealed class EchoFunction : AponoIntegrationFunction
{
    private int inFlight;

    /// <summary>Gets or sets a gate every invocation passes before answering, for tests that need N at once.</summary>
    public Func<Task>? Gate { get; set; }

    public int MaxInFlight { get; private set; }

    public HashSet<Guid> ScopeIds { get; } = [];

    public HashSet<Guid> SingletonIds { get; } = [];

    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SingletonMarker>();
        services.AddScoped<ScopedMarker>();
    }

    protected internal override async Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref inFlight);
        lock (ScopeIds)
        {
            MaxInFlight = Math.Max(MaxInFlight, now);
            ScopeIds.Add(context.Services.GetRequiredService<ScopedMarker>().Id);
            SingletonIds.Add(context.Services.GetRequiredService<SingletonMarker>().Id);
        }

        try
        {
            if (Gate is { } gate)
            {
                await gate();
            }

            return new ListResourcesReply([new AponoResource(context.RequestId, "R")], [new AponoPermission("p", "P")]);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private sealed class SingletonMarker
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    private sealed class ScopedMarker
    {
        public Guid Id { get; } = Guid.NewGuid();
    }
}
