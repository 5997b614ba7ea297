using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace QuickStart;

/// <summary>
/// The C# port of the sample function in Apono's "AWS Lambda Custom Integration" page: three resources, two
/// permissions, grants and revokes that succeed, and credentials with fixed secrets.
/// </summary>
public sealed partial class QuickStartFunction : AponoIntegrationFunction
{
    private static readonly AponoResource[] Resources =
    [
        new("resource1", "Resource 1") { Metadata = new Dictionary<string, string> { ["key1"] = "value1" } },
        new("resource2", "Resource 2") { Metadata = new Dictionary<string, string> { ["key2"] = "value2" } },
        new("resource3", "Resource 3") { Metadata = new Dictionary<string, string> { ["key3"] = "value3" } },
    ];

    private static readonly AponoPermission[] Permissions = [new("admin", "Admin"), new("reader", "Reader")];

    protected override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ListResourcesReply(Resources, Permissions));

    protected override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        // Unlike the Node sample, refuse what list-resources never offered: answering ok would tell Apono access exists.
        EnsureListed(request);
        // The Node sample prints param1 and param2; custom parameters may be secret, so only their presence is logged.
        var param1 = request.CustomParameters.GetString("param1");
        var param2 = request.CustomParameters.GetString("param2");
        LogGrant(context.Logger, request.Permission, request.Resources.Count, request.Username, param1 is not null, param2 is not null);
        return Task.CompletedTask;
    }

    // Revoking what does not exist (any more) succeeds: the access is gone either way.
    protected override Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    // The Node sample lists 'create-credentials' twice and its first case forgets the secret; this is the intended reply.
    protected override Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialsReply(new SecretString("created-credentials-secret")));

    protected override Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialsReply(new SecretString("reset-credentials-secret")));

    protected override Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    private static void EnsureListed(GrantAccessRequest request)
    {
        if (!Array.Exists(Permissions, p => p.Id == request.Permission))
        {
            throw new InvalidRequestException($"Permission '{request.Permission}' is not one of: {string.Join(", ", Permissions.Select(static p => p.Id))}.");
        }

        foreach (var id in request.Resources)
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
