using QuickStart.Tests.Docs.Snippets;

namespace QuickStart.Tests.Docs;

/// <summary>The Markdown pages of the repository (those <c>.ci/docs-lint.sh</c> checks) and their ```csharp blocks.</summary>
public static class RepositorySnippets
{
    public static string Root { get; } = FindRoot();

    /// <summary>Gets README.md, docs/*.md and every README.md under samples/ and templates/, relative, with '/'.</summary>
    public static IReadOnlyList<string> Pages { get; } =
        new[] { "README.md" }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"))
            .Concat(new[] { "samples", "templates" }.SelectMany(static d => Directory.GetFiles(Path.Combine(Root, d), "README.md", SearchOption.AllDirectories)))
            .Select(static p => Path.GetRelativePath(Root, Path.Combine(Root, p)).Replace('\\', '/'))
            .Where(static p => !p.Split('/').Any(static part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<MarkdownSnippet> All { get; } =
        Pages.SelectMany(static page => SnippetReader.Read(page, File.ReadAllText(Path.Combine(Root, page)))).ToList();

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
