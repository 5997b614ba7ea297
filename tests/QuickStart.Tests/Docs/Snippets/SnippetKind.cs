namespace QuickStart.Tests.Docs.Snippets;

/// <summary>How a ```csharp block is compiled; chosen by the <c>&lt;!-- snippet: ... --&gt;</c> comment right before it.</summary>
public enum SnippetKind
{
    /// <summary>A whole C# file (the default): it states its own usings; only the .NET implicit usings apply.</summary>
    File,

    /// <summary>Members of a class (<c>members</c>, or <c>members of BaseType</c> for a class deriving from it).</summary>
    Members,

    /// <summary>Statements, the body of an <c>async Task</c> method.</summary>
    Statements,
}
