using System.Text.RegularExpressions;
using QuickStart.Tests.Docs.Snippets;

namespace QuickStart.Tests.Docs;

/// <summary>Every ```csharp block of the repository's pages compiles against the SDK (docs/contributing-docs.md).</summary>
public sealed partial class DocsSnippetTests
{
    public static TheoryData<string> Snippets()
    {
        var data = new TheoryData<string>();
        foreach (var snippet in RepositorySnippets.All)
        {
            data.Add(snippet.Location);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_AsMarked_CompilesWithoutWarnings(string location)
    {
        var snippet = Assert.Single(RepositorySnippets.All, s => s.Location == location);

        var diagnostics = SnippetCompiler.Compile(snippet);

        Assert.True(diagnostics.Count == 0, $"The {snippet.Kind} snippet at {location} does not compile:\n" + string.Join('\n', diagnostics));
    }

    [Fact]
    public void Pages_EveryCSharpFence_IsASnippet()
    {
        var fences = RepositorySnippets.Pages
            .SelectMany(page => File.ReadAllLines(Path.Combine(RepositorySnippets.Root, page))
                .Select((line, i) => (page, line: i + 1, text: line))
                .Where(static l => CSharpFence().IsMatch(l.text))
                .Select(static l => $"{l.page}:{l.line}"))
            .ToList();

        Assert.Contains("README.md", RepositorySnippets.Pages);
        Assert.Contains("docs/getting-started.md", RepositorySnippets.Pages);
        Assert.NotEmpty(fences);
        Assert.Equal(fences, RepositorySnippets.All.Where(static s => s.Problem is null).Select(static s => s.Location));
    }

    [GeneratedRegex(@"^\s*```csharp\s*$")]
    private static partial Regex CSharpFence();
}
