using QuickStart.Tests.Docs.Snippets;

namespace QuickStart.Tests.Docs;

/// <summary>The snippet convention itself: what each marker compiles, and that failures name the page and line.</summary>
public sealed class SnippetCompilerTests
{
    private const string Page = "docs/example.md";

    private static IReadOnlyList<string> CompileOnly(string markdown) => SnippetCompiler.Compile(Assert.Single(SnippetReader.Read(Page, markdown)));

    [Fact]
    public void File_UnknownType_FailsNamingThePageLineAndColumn()
    {
        var diagnostics = CompileOnly("# Title\n\nText.\n\n```csharp\nusing Apono.Integration.Sdk.Contracts;\n\nvar reply = new NoSuchReply();\n```\n");

        Assert.Equal(["docs/example.md(8,17): error CS0246: The type or namespace name 'NoSuchReply' could not be found (are you missing a using directive or an assembly reference?)"], diagnostics);
    }

    [Fact]
    public void File_WithoutItsUsings_DoesNotSeeTheSdk()
    {
        var diagnostics = CompileOnly("```csharp\npublic sealed class F : AponoIntegrationFunction;\n```\n");

        Assert.Contains(diagnostics, static d => d.StartsWith("docs/example.md(2,25): error CS0246: The type or namespace name 'AponoIntegrationFunction'", StringComparison.Ordinal));
    }

    [Fact]
    public void File_TopLevelProgram_Compiles()
    {
        Assert.Empty(CompileOnly("```csharp\nusing Apono.Integration.Sdk.Hosting;\nusing QuickStart;\n\nreturn await AponoLambdaHost.RunAsync<QuickStartFunction>(args);\n```\n"));
    }

    [Fact]
    public void Members_OfTheBaseClass_CompileInsideADerivedClass_AndNotWithoutTheMarker()
    {
        const string Member = "protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>\n    services.AddSingleton(TimeProvider.System);\n```\n";

        Assert.Empty(CompileOnly("<!-- snippet: members of AponoIntegrationFunction -->\n```csharp\n" + Member));
        Assert.NotEmpty(CompileOnly("```csharp\n" + Member));
    }

    [Fact]
    public void Members_GeneratedLoggerMessage_Compiles()
    {
        Assert.Empty(CompileOnly(
            "<!-- snippet: members -->\n```csharp\n[LoggerMessage(LogLevel.Information, \"Granted {Role}\")]\nprivate static partial void LogGranted(ILogger logger, string role);\n```\n"));
    }

    [Fact]
    public void Statements_WithGivenMembers_Compile()
    {
        Assert.Empty(CompileOnly(
            "<!-- snippet: statements\nprivate readonly AponoTestHost host = null!;\n-->\n```csharp\nvar result = await host.GetStatusAsync(new GetStatusRequest());\nAssert.True(result.IsSuccess);\n```\n"));
    }

    [Fact]
    public void Statements_ErrorInTheGivenCode_NamesTheMarkersLine()
    {
        var diagnostics = CompileOnly("Intro.\n<!-- snippet: statements\nprivate readonly NoSuchHost host = null!;\n-->\n```csharp\nawait Task.Yield();\n```\n");

        Assert.Equal(["docs/example.md(3,18): error CS0246: The type or namespace name 'NoSuchHost' could not be found (are you missing a using directive or an assembly reference?)"], diagnostics);
    }

    [Fact]
    public void Statements_Warning_IsAFailure()
    {
        var diagnostics = CompileOnly("<!-- snippet: statements -->\n```csharp\nstring text = null;\nConsole.WriteLine(text);\n```\n");

        Assert.Equal(["docs/example.md(3,15): warning CS8600: Converting null literal or possible null value to non-nullable type."], diagnostics);
    }

    [Fact]
    public void Marker_UnknownKind_IsAProblemNamingItsLine()
    {
        var diagnostics = CompileOnly("\n<!-- snippet: method -->\n```csharp\nvar x = 1;\n```\n");

        Assert.Equal(["docs/example.md:2: unknown snippet marker \"method\"; use file, members, members of BaseType or statements"], diagnostics);
    }

    [Fact]
    public void Marker_NotRightBeforeABlock_IsAProblem()
    {
        var snippets = SnippetReader.Read(Page, "<!-- snippet: statements -->\n\n```csharp\nvar x = 1;\n_ = x;\n```\n");

        Assert.Equal(2, snippets.Count);
        Assert.Empty(SnippetCompiler.Compile(snippets[1]));
        Assert.Equal(["docs/example.md:1: the snippet marker on line 1 does not end on the line right before a ```csharp block"], SnippetCompiler.Compile(snippets[0]));
    }

    [Fact]
    public void Marker_ShownInsideATextBlock_IsNotAMarker()
    {
        Assert.Empty(SnippetReader.Read(Page, "```text\n<!-- snippet: statements -->\n```\n"));
    }

    [Fact]
    public void Fence_TaggedCs_IsAProblem()
    {
        Assert.Equal(["docs/example.md:1: tag C# blocks ```csharp (this one is ```cs), so that they are compiled"], CompileOnly("```cs\nvar x = 1;\n```\n"));
    }

    [Fact]
    public void Fence_OtherMarkersAndLanguages_AreNotSnippets()
    {
        Assert.Empty(SnippetReader.Read(Page, "<!-- ci: run -->\n```bash\necho hi\n```\n```text\nvar x = 1;\n```\n"));
    }
}
