using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace QuickStart;

/// <summary>
/// The Node sample's event functions for the <see cref="QuickStartFunction.ResourceType"/> type: three resources,
/// grants and revokes that succeed, and credentials with fixed secrets. Built by DI for each invocation.
/// </summary>
/// <remarks>
/// The SDK has already checked the request before a method runs: its <c>resource_type</c> is the declared type, and
/// a grant's or revoke's <c>permission</c> is one of the type's declared permissions.
/// </remarks>
public sealed partial class QuickStartResources : IAccessHandler, ICredentialsHandler
{
    private static readonly AponoResource[] Resources =
    [
        new("resource1", "Resource 1") { Metadata = new Dictionary<string, string> { ["key1"] = "value1" } },
        new("resource2", "Resource 2") { Metadata = new Dictionary<string, string> { ["key2"] = "value2" } },
        new("resource3", "Resource 3") { Metadata = new Dictionary<string, string> { ["key3"] = "value3" } },
    ];

    // The permissions are the declared ones (QuickStartFunction.ConfigureResourceTypes): one list, in one place.
    public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ListResourcesReply(Resources, context.DeclaredResourceType!.Permissions));

    public Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        // Unlike the Node sample, refuse a resource list-resources never offered: answering ok would tell Apono access exists.
        EnsureListed(request.Resources);
        // The Node sample prints param1 and param2; custom parameters may be secret, so only their presence is logged.
        var param1 = request.CustomParameters.GetString("param1");
        var param2 = request.CustomParameters.GetString("param2");
        LogGrant(context.Logger, request.Permission, request.Resources.Count, request.Username, param1 is not null, param2 is not null);
        return Task.CompletedTask;
    }

    // Revoking what does not exist (any more) succeeds: the access is gone either way.
    public Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    // The Node sample lists 'create-credentials' twice and its first case forgets the secret; this is the intended reply.
    public Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialsReply(new SecretString("created-credentials-secret")));

    public Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialsReply(new SecretString("reset-credentials-secret")));

    public Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    private static void EnsureListed(IReadOnlyList<string> resources)
    {
        foreach (var id in resources)
        {
            if (!Array.Exists(Resources, r => r.Id == id))
            {
                throw new ResourceNotFoundException($"Resource '{id}' does not exist.");
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Granting {Permission} on {ResourceCount} resources to {Username} (param1 set: {HasParam1}, param2 set: {HasParam2})")]
    private static partial void LogGrant(ILogger logger, string permission, int resourceCount, string username, bool hasParam1, bool hasParam2);
}
