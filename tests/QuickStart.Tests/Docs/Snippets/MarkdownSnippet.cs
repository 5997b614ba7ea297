namespace QuickStart.Tests.Docs.Snippets;

/// <summary>
/// One ```csharp block of a Markdown page, with what its marker says: how to compile it and the C# it assumes
/// (<see cref="Given"/>, from the marker's further lines). A block that cannot be compiled as marked carries a
/// <see cref="Problem"/> instead.
/// </summary>
/// <param name="Page">The page, relative to the repository root, with '/' separators (e.g. <c>docs/testing.md</c>).</param>
/// <param name="FenceLine">The 1-based line of the opening fence; the code starts on the next line.</param>
public sealed record MarkdownSnippet(
    string Page,
    int FenceLine,
    SnippetKind Kind,
    string? BaseType,
    IReadOnlyList<string> Code,
    int GivenLine,
    IReadOnlyList<string> Given,
    string? Problem)
{
    /// <summary>Gets <c>page:line</c> of the opening fence, as a test case name.</summary>
    public string Location => $"{Page}:{FenceLine}";

    /// <summary>Gets the 1-based line of the first line of code.</summary>
    public int CodeLine => FenceLine + 1;

    public override string ToString() => Location;
}
