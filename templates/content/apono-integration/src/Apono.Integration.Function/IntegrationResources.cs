using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Function;

/// <summary>
/// Lists what can be granted in the <see cref="IntegrationFunction.ResourceType"/> type, then grants and revokes it.
/// Replace the fixed list and the TODOs with calls to the system you manage access to.
/// </summary>
/// <remarks>
/// Built by DI for each invocation: take what it needs in its constructor (a typed <c>HttpClient</c>,
/// <c>IAponoSecrets</c>, ...) and register those in <see cref="IntegrationFunction"/>'s <c>ConfigureServices</c>. Pass
/// <c>cancellationToken</c> to every call: it fires before the Lambda deadline. Before a method runs the SDK has
/// checked that the request's <c>resource_type</c> is the declared type and that a grant's or revoke's
/// <c>permission</c> is one of its declared permissions.
/// </remarks>
internal sealed class IntegrationResources(IntegrationTargets targets) : IAccessHandler
{
    private static readonly AponoResource[] Resources =
    [
        new("resource-1", "First resource") { Metadata = new Dictionary<string, string> { ["environment"] = "prod" } },
        new("resource-2", "Second resource") { Metadata = new Dictionary<string, string> { ["environment"] = "staging" } },
    ];

    public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        // TODO: list from the selected target's system (target.BaseUrl), passing cancellationToken.
        _ = targets.Select(request.CustomParameters);
        // The permissions are the declared ones: a listing may only name those.
        return Task.FromResult(new ListResourcesReply(Resources, context.DeclaredResourceType!.Permissions));
    }

    public Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var target = targets.Select(request.CustomParameters);

        // Refuse a resource list-resources never offered: answering ok would tell Apono access was granted.
        foreach (var resource in request.Resources)
        {
            if (!Array.Exists(Resources, r => r.Id == resource))
            {
                throw new ResourceNotFoundException($"Resource '{resource}' does not exist.");
            }
        }

        // TODO: grant request.Permission on request.Resources to request.Username in target's system. Apono may
        // deliver the same grant (same GrantId) more than once: granting what is already granted must succeed.
        _ = target;
        return Task.CompletedTask;
    }

    public Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var target = targets.Select(request.CustomParameters);

        // TODO: revoke request.Permission on request.Resources from request.Username in target's system. Revoking
        // what is not granted (any more) must succeed.
        _ = target;
        return Task.CompletedTask;
    }
}
