using System.Reflection;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Testing;

namespace QuickStart.Tests.Docs;

/// <summary>The README's "Write your own integration" example does what the README says: its own code, compiled from the page and run.</summary>
public sealed class ReadmeExampleTests
{
    private static readonly Lazy<Assembly> Example = new(static () => Snippets.SnippetCompiler.Load(
        Assert.Single(RepositorySnippets.All, static s => s.Page == "README.md" && s.Code.Contains("public sealed class TeamWikiFunction : AponoIntegrationFunction"))));

    private static AponoTestHost Host()
    {
        var options = new AponoTestHostOptions();
        options.Environment["Wiki__Targets__prod"] = "https://wiki.example.com/";
        return new AponoTestHost((AponoIntegrationFunction)Activator.CreateInstance(Example.Value.GetType("TeamWikiFunction", throwOnError: true)!)!, options);
    }

    private static GrantAccessRequest Grant(string permission, string? target = null) => new()
    {
        GrantId = "g-1",
        Username = "jane@example.com",
        ResourceType = "wiki",
        Resources = ["space-eng"],
        Permission = permission,
        CustomParameters = CustomParameters.FromStrings(target is null ? [] : [new("target", target)]),
    };

    [Fact]
    public async Task Example_ListResources_ListsTheSpaceWithTheDeclaredPermissions()
    {
        await using var host = Host();

        var result = await host.ListResourcesAsync(new ListResourcesRequest { ResourceType = "wiki" });

        Assert.Equal(
            """{"resources":[{"id":"space-eng","name":"Engineering space","type":"wiki","metadata":{"env":"prod"}}],"permissions":[{"id":"read","name":"Read"},{"id":"edit","name":"Edit"}]}""",
            result.Json);
    }

    [Fact]
    public async Task Example_GrantOnAConfiguredWiki_AnswersOk()
    {
        await using var host = Host();

        var result = await host.GrantAccessAsync(Grant("edit", "prod"));

        Assert.Equal("""{"status":"ok"}""", result.Json);
    }

    [Fact]
    public async Task Example_GrantWithoutTarget_AnswersInvalidRequestNamingTheParameter()
    {
        await using var host = Host();

        var result = await host.GrantAccessAsync(Grant("read"));

        Assert.Equal("InvalidRequest", result.ErrorType);
        Assert.Equal("custom_parameters.target is required; set it in the Apono integration's custom parameters.", result.ErrorMessage);
    }

    [Fact]
    public async Task Example_GrantWithUnconfiguredTarget_IsRefusedWithoutEchoingIt()
    {
        await using var host = Host();

        var result = await host.GrantAccessAsync(Grant("read", "https://attacker.example"));

        Assert.Equal("InvalidRequest", result.ErrorType);
        Assert.Equal("custom_parameters.target names no wiki configured for this function.", result.ErrorMessage);
    }

    [Fact]
    public async Task Example_UndeclaredTypeOrPermission_IsRefusedNamingTheDeclaredOnes()
    {
        await using var host = Host();

        var type = await host.ListResourcesAsync(new ListResourcesRequest { ResourceType = "confluence" });
        var permission = await host.GrantAccessAsync(Grant("admin", "prod"));

        Assert.Equal("""{"errorType":"InvalidRequest","errorMessage":"resource_type 'confluence' is not served by this integration; it declares: wiki."}""", type.Json);
        Assert.Equal("""{"errorType":"InvalidRequest","errorMessage":"permission 'admin' is not declared for resource type 'wiki'; its permissions are: read, edit."}""", permission.Json);
    }

    [Fact]
    public async Task Example_CredentialsEvent_AnswersNotSupportedForTheType()
    {
        await using var host = Host();

        var result = await host.CreateCredentialsAsync(new CreateCredentialsRequest { Username = "jane@example.com", ResourceType = "wiki", Resources = ["space-eng"] });

        Assert.Equal("NotSupported", result.ErrorType);
        Assert.Equal("This integration does not support create-credentials for resource type 'wiki'.", result.ErrorMessage);
    }
}
