using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace QuickStart;

/// <summary>
/// The C# port of the sample function in Apono's "AWS Lambda Custom Integration" page: three resources, two
/// permissions, grants and revokes that succeed, and credentials with fixed secrets.
/// </summary>
public sealed partial class QuickStartFunction : AponoIntegrationFunction
{
    protected override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context) =>
        Task.FromResult(new ListResourcesReply(
            [
                new AponoResource("resource1", "Resource 1") { Metadata = new Dictionary<string, string> { ["key1"] = "value1" } },
                new AponoResource("resource2", "Resource 2") { Metadata = new Dictionary<string, string> { ["key2"] = "value2" } },
                new AponoResource("resource3", "Resource 3") { Metadata = new Dictionary<string, string> { ["key3"] = "value3" } },
            ],
            [new AponoPermission("admin", "Admin"), new AponoPermission("reader", "Reader")]));

    protected override Task<OkReply> GrantAccessAsync(GrantAccessRequest request, InvocationContext context)
    {
        // The Node sample prints param1 and param2; custom parameters may be secret, so only their presence is logged.
        var param1 = request.CustomParameters.GetString("param1");
        var param2 = request.CustomParameters.GetString("param2");
        LogGrant(context.Logger, request.Permission, request.Resources.Count, request.Username, param1 is not null, param2 is not null);
        return Task.FromResult(OkReply.Instance);
    }

    protected override Task<OkReply> RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context) =>
        Task.FromResult(OkReply.Instance);

    // The Node sample lists 'create-credentials' twice and its first case forgets the secret; this is the intended reply.
    protected override Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context) =>
        Task.FromResult(new CredentialsReply(new SecretString("created-credentials-secret")));

    protected override Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context) =>
        Task.FromResult(new CredentialsReply(new SecretString("reset-credentials-secret")));

    protected override Task<OkReply> DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context) =>
        Task.FromResult(OkReply.Instance);

    [LoggerMessage(LogLevel.Information, "Granting {Permission} on {ResourceCount} resources to {Username} (param1 set: {HasParam1}, param2 set: {HasParam2})")]
    private static partial void LogGrant(ILogger logger, string permission, int resourceCount, string username, bool hasParam1, bool hasParam2);
}
