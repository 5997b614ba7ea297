using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Testing;

namespace Apono.Integration.Function.Tests;

public sealed class IntegrationFunctionTests
{
    [Fact]
    public async Task Function_AsDrivenByTheAponoConnector_FollowsEveryContractRule()
    {
        await using var host = new AponoTestHost(new IntegrationFunction());

        var report = await AponoConformance.RunAsync(host);

        report.AssertAllPassed();
    }

    [Fact]
    public async Task GrantAccess_PermissionNotListed_AnswersInvalidRequest()
    {
        await using var host = new AponoTestHost(new IntegrationFunction());

        var result = await host.GrantAccessAsync(new GrantAccessRequest
        {
            GrantId = "grant-1",
            Username = "jane.doe@example.com",
            ResourceType = "custom-app",
            Resources = ["resource-1"],
            Permission = "owner",
        });

        Assert.Equal("InvalidRequest", result.ErrorType);
        Assert.Equal("Permission 'owner' is not offered by this integration.", result.ErrorMessage);
    }
}
