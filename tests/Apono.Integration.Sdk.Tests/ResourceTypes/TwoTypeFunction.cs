using System.Collections.Concurrent;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Tests.ResourceTypes;

/// <summary>
/// Declares two resource types: <c>database</c> (list, grant/revoke, credentials) and <c>schema</c> (list only), each
/// served by its own DI-built handler that records what reached it.
/// </summary>
internal sealed class TwoTypeFunction : AponoIntegrationFunction
{
    public CallLog Log { get; } = new();

    /// <summary>Gets or sets the listing the database handler answers (its permissions are checked against the declaration).</summary>
    public IReadOnlyList<AponoPermission> DatabaseListing { get; set; } = [new("read", "Read"), new("write", "Read and write")];

    protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) => resourceTypes
        .Add<DatabaseHandler>("database", type => type
            .WithPermission("read", "Read")
            .WithPermission("write", "Read and write"))
        .Add<SchemaHandler>("schema", type => type.WithPermission("usage", "Usage"));

    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(Log);
        services.AddSingleton(this);
        services.AddScoped<ScopedDependency>();
    }
}

/// <summary>What one handler call saw.</summary>
internal sealed record HandlerCall(string Handler, string EventType, object HandlerInstance, ScopedDependency Injected, ScopedDependency ResolvedFromContext, InvocationContext Context, CancellationToken Token);

internal sealed class CallLog
{
    public ConcurrentQueue<HandlerCall> Calls { get; } = new();

    /// <summary>Gets or sets what a handler awaits before it answers (the token it was given); none by default.</summary>
    public Func<CancellationToken, Task>? Wait { get; set; }

    public async Task RecordAsync(string handler, string eventType, object instance, ScopedDependency injected, InvocationContext context, CancellationToken cancellationToken)
    {
        Calls.Enqueue(new HandlerCall(handler, eventType, instance, injected, context.Services.GetRequiredService<ScopedDependency>(), context, cancellationToken));
        Assert.False(injected.Disposed);
        if (Wait is { } wait)
        {
            await wait(cancellationToken);
        }
    }
}

/// <summary>A scoped service: one per invocation, disposed when it ends.</summary>
internal sealed class ScopedDependency : IDisposable
{
    private static int created;

    public int Number { get; } = Interlocked.Increment(ref created);

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}

internal sealed class DatabaseHandler(CallLog log, ScopedDependency dependency, TwoTypeFunction function) : IAccessHandler, ICredentialsHandler
{
    public async Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        await log.RecordAsync("database", request.EventType, this, dependency, context, cancellationToken);
        return new ListResourcesReply([new AponoResource("db-1", "Orders database")], function.DatabaseListing);
    }

    public Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        log.RecordAsync("database", request.EventType, this, dependency, context, cancellationToken);

    public Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        log.RecordAsync("database", request.EventType, this, dependency, context, cancellationToken);

    public async Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        await log.RecordAsync("database", request.EventType, this, dependency, context, cancellationToken);
        return new CredentialsReply(new SecretString("created-secret"));
    }

    public async Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        await log.RecordAsync("database", request.EventType, this, dependency, context, cancellationToken);
        return new CredentialsReply(new SecretString("reset-secret"));
    }

    public Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        log.RecordAsync("database", request.EventType, this, dependency, context, cancellationToken);
}

internal sealed class SchemaHandler(CallLog log, ScopedDependency dependency) : IResourceTypeHandler
{
    public async Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        await log.RecordAsync("schema", request.EventType, this, dependency, context, cancellationToken);
        return new ListResourcesReply([new AponoResource("public", "public schema")], [new AponoPermission("usage", "Usage")]);
    }
}

/// <summary>Builds envelopes as the connector sends them.</summary>
internal static class Envelopes
{
    public static string List(string resourceType) =>
        $$$"""{"event_type":"list-resources","params":{"resource_type":"{{{resourceType}}}"}}""";

    public static string Access(string eventType, string resourceType, string permission) =>
        $$$"""{"event_type":"{{{eventType}}}","params":{"grant_id":"g-1","username":"jane@example.com","resource_type":"{{{resourceType}}}","resources":["db-1"],"permission":"{{{permission}}}"}}""";

    public static string Credentials(string eventType, string resourceType) =>
        $$$"""{"event_type":"{{{eventType}}}","params":{"username":"jane@example.com","resource_type":"{{{resourceType}}}","resources":["db-1"]}}""";
}
