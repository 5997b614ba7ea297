using System.Collections.Concurrent;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Testing.Tests.Conformance;

/// <summary>A function that follows every rule; each broken function in the tests changes exactly one thing.</summary>
public class ReferenceFunction : AponoIntegrationFunction
{
    public ConcurrentDictionary<string, string> Grants { get; } = new(StringComparer.Ordinal);

    protected virtual IEnumerable<AponoResource> Resources(string resourceType) =>
        [new AponoResource("db-1", "Orders database") { Metadata = new Dictionary<string, string> { ["env"] = "prod" } }, new AponoResource("db-2", "Billing database")];

    protected virtual IReadOnlyList<AponoPermission> Permissions() => [new AponoPermission("read", "Read"), new AponoPermission("write", "Write")];

    protected override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ListResourcesReply(Resources(request.ResourceType), Permissions()));

    protected override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        if (!Permissions().Any(p => p.Id == request.Permission))
        {
            throw new InvalidRequestException($"Unknown permission '{request.Permission}'.");
        }

        foreach (var resource in request.Resources)
        {
            if (!Resources(request.ResourceType).Any(r => r.Id == resource))
            {
                throw new ResourceNotFoundException($"Unknown resource '{resource}'.");
            }

            Grants[$"{request.GrantId}/{resource}/{request.Permission}"] = request.Username;
        }

        return Task.CompletedTask;
    }

    protected override Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        foreach (var resource in request.Resources)
        {
            Grants.TryRemove($"{request.GrantId}/{resource}/{request.Permission}", out _);
        }

        return Task.CompletedTask;
    }

    protected override Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialsReply(new SecretString("s3cret-created")));

    protected override Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialsReply(new SecretString("s3cret-reset")));

    protected override Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
