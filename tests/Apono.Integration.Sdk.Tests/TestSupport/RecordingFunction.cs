using System.Collections.Concurrent;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Tests.TestSupport;

/// <summary>
/// Implements every event with a deterministic reply that depends on the request, and records every request it
/// was handed, so tests can tell whether the author's code ran. <see cref="Behavior"/> replaces the reply.
/// </summary>
internal sealed class RecordingFunction : AponoIntegrationFunction
{
    public ConcurrentQueue<AponoRequest> Calls { get; } = new();

    /// <summary>
    /// Gets or sets code that runs instead of the default reply (it gets the author method's token); return
    /// <see langword="null"/> to keep the default, <see cref="NullMarker"/> to make the method return <see langword="null"/>.
    /// </summary>
    public Func<AponoRequest, InvocationContext, CancellationToken, Task<object?>>? Behavior { get; set; }

    /// <summary>Gets or sets extra service registrations, applied when the runtime is built.</summary>
    public Action<IServiceCollection>? ServicesHook { get; set; }

    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        ServicesHook?.Invoke(services);

    protected internal override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Run(request, context, () => new ListResourcesReply(
            [
                new AponoResource("db-1", "Orders database") { Metadata = new Dictionary<string, string> { ["environment"] = "prod", ["region"] = "us-east-1" } },
                new AponoResource("db-ü-東京", "Base de données 東京 ✓"),
            ],
            [new AponoPermission("admin", "Admin"), new AponoPermission("reader", "Reader")]), cancellationToken);

    protected internal override Task<ListResourceTagsReply> ListResourceTagsAsync(ListResourceTagsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Run(request, context, () => new ListResourceTagsReply(
            [
                new ResourceTags("db-1", new Dictionary<string, string> { ["owner"] = "team-a", ["type"] = request.ResourceType ?? "(none)" }),
                new ResourceTags("db-ü-東京", new Dictionary<string, string>()),
            ]), cancellationToken);

    protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        RunWithoutReply(request, context, cancellationToken);

    protected internal override Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        RunWithoutReply(request, context, cancellationToken);

    protected internal override Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Run(request, context, () => new CredentialsReply(new SecretString("created-for-" + request.Username)), cancellationToken);

    protected internal override Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Run(request, context, () => new CredentialsReply(new SecretString("reset-for-" + request.Username)), cancellationToken);

    protected internal override Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        RunWithoutReply(request, context, cancellationToken);

    protected internal override Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Run(request, context, () => StatusReply.Active, cancellationToken);

    /// <summary>For the events without a reply: a behaviour answering <see cref="NullMarker"/> makes the method return a null task.</summary>
    private Task RunWithoutReply(AponoRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        Calls.Enqueue(request);
        if (Behavior is not { } behavior)
        {
            return Task.CompletedTask;
        }

        var run = behavior(request, context, cancellationToken);
        return run.IsCompletedSuccessfully && run.Result is NullMarker ? null! : run;
    }

    private async Task<T> Run<T>(AponoRequest request, InvocationContext context, Func<T> defaultReply, CancellationToken cancellationToken)
    {
        Calls.Enqueue(request);
        if (Behavior is { } behavior)
        {
            switch (await behavior(request, context, cancellationToken))
            {
                case NullMarker:
                    return default!;
                case { } replaced:
                    return (T)replaced;
            }
        }

        return defaultReply();
    }
}
