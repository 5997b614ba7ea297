using System.Text;
using Apono.Integration.Sdk.Routing;

namespace QuickStart.Tests.Docs;

public sealed class ReadmeExampleTests
{
    private static readonly string RepositoryRoot = FindRoot();

    [Fact]
    public void Readme_WriteYourOwnIntegration_IsTheCompiledExampleVerbatim()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        var compiled = File.ReadAllText(Path.Combine(RepositoryRoot, "tests", "QuickStart.Tests", "Docs", "TeamWikiFunction.cs"));
        var example = compiled[compiled.IndexOf("public sealed class TeamWikiFunction", StringComparison.Ordinal)..];

        Assert.Contains(example, readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamWikiFunction_GrantWithoutTarget_AnswersInvalidRequestNamingTheParameter()
    {
        await using var function = new TeamWikiFunction();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(
            """{"event_type":"grant-access","params":{"grant_id":"g-1","username":"jane@example.com","resource_type":"wiki","resources":["space-eng"],"permission":"read","custom_parameters":{}}}"""));

        var error = await Assert.ThrowsAsync<AponoInvocationException>(() => function.FunctionHandler(input));

        Assert.Equal("InvalidRequest", error.ErrorType);
        Assert.Equal("custom_parameters.target is required; set it in the Apono integration's custom parameters.", error.Message);
    }

    [Fact]
    public async Task TeamWikiFunction_GrantWithUnconfiguredTarget_IsRefusedWithoutEchoingIt()
    {
        await using var function = new TeamWikiFunction();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(
            """{"event_type":"grant-access","params":{"grant_id":"g-1","username":"jane@example.com","resource_type":"wiki","resources":["space-eng"],"permission":"read","custom_parameters":{"target":"https://attacker.example"}}}"""));

        var error = await Assert.ThrowsAsync<AponoInvocationException>(() => function.FunctionHandler(input));

        Assert.Equal("InvalidRequest", error.ErrorType);
        Assert.Equal("custom_parameters.target names no wiki configured for this function.", error.Message);
    }

    [Fact]
    public async Task TeamWikiFunction_ListResources_EchoesTheRequestedType()
    {
        await using var function = new TeamWikiFunction();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("""{"event_type":"list-resources","params":{"resource_type":"wiki"}}"""));

        var output = await function.FunctionHandler(input);

        Assert.Equal(
            """{"resources":[{"id":"space-eng","name":"Engineering space","type":"wiki","metadata":{"env":"prod"}}],"permissions":[{"id":"read","name":"Read"},{"id":"edit","name":"Edit"}]}""",
            await new StreamReader(output).ReadToEndAsync());
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Apono.Integration.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Apono.Integration.Sdk.sln) was not found above " + AppContext.BaseDirectory);
    }
}
