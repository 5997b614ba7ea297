using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;

namespace QuickStart.Tests.Docs;

// The README's "Write your own integration" example, compiled. ReadmeExampleTests keeps the two identical.
public sealed class TeamWikiFunction : AponoIntegrationFunction
{
    protected override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context) =>
        Task.FromResult(new ListResourcesReply(
            [new AponoResource("space-eng", "Engineering space") { Metadata = new Dictionary<string, string> { ["env"] = "prod" } }],
            [new AponoPermission("read", "Read"), new AponoPermission("edit", "Edit")]));

    protected override Task<OkReply> GrantAccessAsync(GrantAccessRequest request, InvocationContext context)
    {
        var baseUrl = request.CustomParameters.GetRequiredString("base_url"); // a clear InvalidRequest when missing
        // ... add request.Username to request.Resources at baseUrl, idempotently per request.GrantId ...
        return Task.FromResult(OkReply.Instance);
    }
}
