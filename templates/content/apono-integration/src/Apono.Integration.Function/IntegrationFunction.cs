using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Function;

/// <summary>
/// The Apono integration: lists what can be granted, then grants and revokes it.
/// Replace the fixed lists and the TODOs with calls to the system you manage access to.
/// </summary>
/// <remarks>
/// Trust model: the systems the function may call come from its deploy-time configuration
/// (<see cref="IntegrationTargets"/>); a request's custom parameters only select one by name. Never take a host, URL,
/// environment variable name, credential or secret id from a request.
/// </remarks>
public sealed class IntegrationFunction : AponoIntegrationFunction
{
    private static readonly AponoResource[] Resources =
    [
        new("resource-1", "First resource") { Metadata = new Dictionary<string, string> { ["environment"] = "prod" } },
        new("resource-2", "Second resource") { Metadata = new Dictionary<string, string> { ["environment"] = "staging" } },
    ];

    private static readonly AponoPermission[] Permissions = [new("read", "Read"), new("write", "Write")];

    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        // Credentials: services.AddAponoSecrets(), then IAponoSecrets.GetAsync("<name configured at deploy time>", ct).
        services.AddSingleton(IntegrationTargets.Read(configuration));

    protected override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        // TODO: list from the selected target's system (target.BaseUrl).
        _ = Target(request, context);
        return Task.FromResult(new ListResourcesReply(Resources, Permissions));
    }

    protected override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var target = Target(request, context);

        // Refuse what list-resources never offered: answering ok would tell Apono access was granted.
        if (!Array.Exists(Permissions, p => p.Id == request.Permission))
        {
            throw new InvalidRequestException($"Permission '{request.Permission}' is not offered by this integration.");
        }

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

    protected override Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var target = Target(request, context);

        // TODO: revoke request.Permission on request.Resources from request.Username in target's system. Revoking
        // what is not granted (any more) must succeed.
        _ = target;
        return Task.CompletedTask;
    }

    private static IntegrationTarget Target(AponoRequest request, InvocationContext context) =>
        context.Services.GetRequiredService<IntegrationTargets>().Select(request.CustomParameters);
}
