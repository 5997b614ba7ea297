using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace QuickStart.Tests.Docs;

// The README's "Write your own integration" example, compiled. ReadmeExampleTests keeps the two identical.
public sealed class TeamWikiFunction : AponoIntegrationFunction
{
    protected override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ListResourcesReply(
            [new AponoResource("space-eng", "Engineering space") { Metadata = new Dictionary<string, string> { ["env"] = "prod" } }],
            [new AponoPermission("read", "Read"), new AponoPermission("edit", "Edit")]));

    protected override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        // Custom parameters are untrusted: they only select a wiki configured at deploy time (Wiki__Targets__prod=https://...).
        var target = request.CustomParameters.GetRequiredString("target"); // a clear InvalidRequest when missing
        var baseUrl = context.Services.GetRequiredService<IConfiguration>()["Wiki:Targets:" + target]
            ?? throw new InvalidRequestException("custom_parameters.target names no wiki configured for this function.");
        // ... add request.Username to request.Resources at baseUrl, idempotently per request.GrantId ...
        return Task.CompletedTask;
    }
}
