namespace QuickStart.Tests.Docs.Snippets;

/// <summary>
/// Finds the ```csharp blocks of a Markdown page and their markers. A marker is an HTML comment ending on the line
/// right before the fence: <c>&lt;!-- snippet: KIND --&gt;</c> on one line, or <c>&lt;!-- snippet: KIND</c>, lines
/// of C# the block assumes, and <c>--&gt;</c> on a line of its own. KIND is <c>file</c>, <c>members</c>,
/// <c>members of BaseType</c> or <c>statements</c>; a block without a marker is a <c>file</c>.
/// </summary>
public static class SnippetReader
{
    private const string MarkerStart = "<!-- snippet:";

    private static readonly HashSet<string> OtherCSharpTags = new(StringComparer.OrdinalIgnoreCase) { "cs", "c#", "csharp-script", "C#" };

    public static IReadOnlyList<MarkdownSnippet> Read(string page, string text)
    {
        var lines = text.Split('\n').Select(static l => l.TrimEnd('\r')).ToArray();
        var snippets = new List<MarkdownSnippet>();
        var usedMarkers = new HashSet<int>();
        var inBlock = new bool[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var indent = lines[i].Length - trimmed.Length;
            var tag = trimmed[3..].Trim();
            var close = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            if (close < 0)
            {
                snippets.Add(Problem(page, i, $"the block opened on line {i + 1} is never closed"));
                break;
            }

            if (tag == "csharp")
            {
                var code = lines[(i + 1)..close].Select(l => l.Length >= indent && string.IsNullOrWhiteSpace(l[..indent]) ? l[indent..] : l.TrimStart()).ToArray();
                snippets.Add(WithMarker(page, lines, i, code, usedMarkers));
            }
            else if (OtherCSharpTags.Contains(tag.Split(' ')[0]))
            {
                snippets.Add(Problem(page, i, $"tag C# blocks ```csharp (this one is ```{tag}), so that they are compiled"));
            }

            Array.Fill(inBlock, true, i, close - i + 1);
            i = close;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (!inBlock[i] && lines[i].TrimStart().StartsWith(MarkerStart, StringComparison.Ordinal) && !usedMarkers.Contains(i))
            {
                snippets.Add(Problem(page, i, $"the snippet marker on line {i + 1} does not end on the line right before a ```csharp block"));
            }
        }

        return snippets.OrderBy(static s => s.FenceLine).ToList();
    }

    private static MarkdownSnippet WithMarker(string page, string[] lines, int fence, string[] code, HashSet<int> usedMarkers)
    {
        var snippet = new MarkdownSnippet(page, fence + 1, SnippetKind.File, null, code, 0, [], null);
        var end = fence - 1;
        if (end < 0 || !lines[end].TrimEnd().EndsWith("-->", StringComparison.Ordinal))
        {
            return snippet;
        }

        var start = end;
        while (start >= 0 && !lines[start].TrimStart().StartsWith("<!--", StringComparison.Ordinal))
        {
            start--;
        }

        if (start < 0 || !lines[start].TrimStart().StartsWith(MarkerStart, StringComparison.Ordinal))
        {
            return snippet;
        }

        usedMarkers.Add(start);
        var first = lines[start].TrimStart()[MarkerStart.Length..];
        string spec;
        string[] given;
        if (start == end)
        {
            spec = first[..first.LastIndexOf("-->", StringComparison.Ordinal)];
            given = [];
        }
        else if (lines[end].Trim() == "-->")
        {
            spec = first;
            given = lines[(start + 1)..end];
        }
        else
        {
            return snippet with { Problem = $"{page}:{end + 1}: a snippet marker of several lines ends with \"-->\" on a line of its own" };
        }

        var words = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var parsed = words switch
        {
            ["file"] => snippet,
            ["members"] => snippet with { Kind = SnippetKind.Members },
            ["members", "of", var baseType] => snippet with { Kind = SnippetKind.Members, BaseType = baseType },
            ["statements"] => snippet with { Kind = SnippetKind.Statements },
            _ => snippet with
            {
                Problem = $"{page}:{start + 1}: unknown snippet marker \"{spec.Trim()}\"; use file, members, members of BaseType or statements",
            },
        };

        return parsed with { GivenLine = start + 2, Given = given };
    }

    private static MarkdownSnippet Problem(string page, int line, string problem) =>
        new(page, line + 1, SnippetKind.File, null, [], 0, [], $"{page}:{line + 1}: {problem}");
}
