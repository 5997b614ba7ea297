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
    public async Task Capabilities_DeclareOneTypeThatListsGrantsAndRevokes()
    {
        await using var host = new AponoTestHost(new IntegrationFunction());

        var type = Assert.Single(host.Capabilities.ResourceTypes);
        Assert.Equal(IntegrationFunction.ResourceType, type.Name);
        Assert.Equal(["read", "write"], type.Permissions.Select(static p => p.Id));
        Assert.Equal(["list-resources", "grant-access", "revoke-access"], type.Events);
    }

    [Fact]
    public async Task GrantAccess_PermissionNotDeclared_AnswersInvalidRequest()
    {
        await using var host = new AponoTestHost(new IntegrationFunction());

        var result = await host.GrantAccessAsync(new GrantAccessRequest
        {
            GrantId = "grant-1",
            Username = "jane.doe@example.com",
            ResourceType = IntegrationFunction.ResourceType,
            Resources = ["resource-1"],
            Permission = "owner",
        });

        Assert.Equal("InvalidRequest", result.ErrorType);
        Assert.Equal("permission 'owner' is not declared for resource type 'custom-app'; its permissions are: read, write.", result.ErrorMessage);
    }

    [Fact]
    public async Task ListResources_TypeNotDeclared_AnswersInvalidRequest()
    {
        await using var host = new AponoTestHost(new IntegrationFunction());

        var result = await host.ListResourcesAsync(new ListResourcesRequest { ResourceType = "other-type" });

        Assert.Equal("InvalidRequest", result.ErrorType);
        Assert.Equal("resource_type 'other-type' is not served by this integration; it declares: custom-app.", result.ErrorMessage);
    }

    [Fact]
    public async Task GrantAccess_ResourceNotListed_AnswersNotFound()
    {
        await using var host = new AponoTestHost(new IntegrationFunction());

        var result = await host.GrantAccessAsync(new GrantAccessRequest
        {
            GrantId = "grant-1",
            Username = "jane.doe@example.com",
            ResourceType = IntegrationFunction.ResourceType,
            Resources = ["resource-9"],
            Permission = "read",
        });

        Assert.Equal("NotFound", result.ErrorType);
        Assert.Equal("Resource 'resource-9' does not exist.", result.ErrorMessage);
    }

    [Theory]
    [InlineData("https://attacker.example/")]
    [InlineData("attacker.example:443")]
    public async Task GrantAccess_TargetParameterNamingAHost_AnswersInvalidRequest(string host)
    {
        await using var functionHost = new AponoTestHost(new IntegrationFunction());

        var result = await functionHost.GrantAccessAsync(Grant(new KeyValuePair<string, string>("target", host)));

        Assert.Equal("InvalidRequest", result.ErrorType);
        Assert.Equal("custom_parameters.target names no configured target; configured: example.", result.ErrorMessage);
    }

    [Theory]
    [InlineData("base_url", "https://attacker.example/")]
    [InlineData("token_env", "AWS_SESSION_TOKEN")]
    public async Task GrantAccess_ParameterNamingAHostOrVariable_AnswersInvalidRequest(string key, string value)
    {
        await using var functionHost = new AponoTestHost(new IntegrationFunction());

        var result = await functionHost.GrantAccessAsync(Grant(new KeyValuePair<string, string>(key, value)));

        Assert.Equal("InvalidRequest", result.ErrorType);
        Assert.Equal(
            $"custom_parameters.{key} is not accepted: hosts and credentials are deploy-time settings; custom_parameters.target selects one of: example.",
            result.ErrorMessage);
    }

    [Fact]
    public async Task GrantAccess_TargetConfiguredAtDeployTime_IsSelectedByName()
    {
        var options = new AponoTestHostOptions();
        options.Environment["Integration__Targets__wiki__BaseUrl"] = "https://wiki.example.com/";
        options.Environment["Integration__Targets__docs__BaseUrl"] = "https://docs.example.com/";
        await using var functionHost = new AponoTestHost(new IntegrationFunction(), options);

        var selected = await functionHost.GrantAccessAsync(Grant(new KeyValuePair<string, string>("target", "wiki")));
        var missing = await functionHost.GrantAccessAsync(Grant());

        Assert.True(selected.IsSuccess, selected.Json);
        Assert.Equal("InvalidRequest", missing.ErrorType);
        Assert.Equal("custom_parameters.target is required: one of docs, wiki.", missing.ErrorMessage);
    }

    private static GrantAccessRequest Grant(params KeyValuePair<string, string>[] customParameters) => new()
    {
        GrantId = "grant-1",
        Username = "jane.doe@example.com",
        ResourceType = IntegrationFunction.ResourceType,
        Resources = ["resource-1"],
        Permission = "read",
        CustomParameters = CustomParameters.FromStrings(customParameters),
    };
}
