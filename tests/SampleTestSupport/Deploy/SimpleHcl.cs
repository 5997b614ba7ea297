using System.Text;

namespace SampleTestSupport.Deploy;

/// <summary>An HCL attribute value: a string literal, an object (<c>{ k = v }</c>), or any other expression as raw text.</summary>
public sealed record HclValue(string Raw, string? Literal, HclBody? Map);

/// <summary>A block such as <c>resource "aws_lambda_function" "fn" { ... }</c>.</summary>
public sealed record HclBlock(string Type, IReadOnlyList<string> Labels, HclBody Body);

/// <summary>The attributes and nested blocks of a block or file.</summary>
public sealed class HclBody
{
    public Dictionary<string, HclValue> Attributes { get; } = new(StringComparer.Ordinal);

    public List<HclBlock> Blocks { get; } = [];

    public HclBlock Block(string type, params string[] labels) =>
        Blocks.Single(b => b.Type == type && b.Labels.SequenceEqual(labels));

    public string Literal(string attribute) =>
        Attributes[attribute].Literal ?? throw new InvalidOperationException($"{attribute} is not a string literal: {Attributes[attribute].Raw}");
}

/// <summary>
/// Enough of HCL (Terraform's syntax) to check deploy files: blocks with labels, attributes, string literals,
/// objects (with expression keys such as <c>(var.key) = value</c>, kept with their parentheses), comments; other
/// expressions are kept as raw text. Heredocs are not supported.
/// </summary>
public sealed class SimpleHcl
{
    private readonly string text;
    private int position;

    private SimpleHcl(string text) => this.text = text;

    public static HclBody Parse(string text)
    {
        var parser = new SimpleHcl(text);
        var body = parser.ParseBody();
        if (parser.position < text.Length)
        {
            throw new FormatException($"Unexpected '{text[parser.position]}' at offset {parser.position}.");
        }

        return body;
    }

    /// <summary>Parses one expression, e.g. a variable's <c>object({ ... })</c> type argument.</summary>
    public static HclValue ParseValue(string text)
    {
        var parser = new SimpleHcl(text);
        var value = parser.ParseExpression();
        parser.SkipTrivia(newlines: true);
        if (parser.position < text.Length)
        {
            throw new FormatException($"Unexpected '{text[parser.position]}' at offset {parser.position}.");
        }

        return value;
    }

    private HclBody ParseBody()
    {
        var body = new HclBody();
        while (true)
        {
            SkipTrivia(newlines: true);
            if (position >= text.Length || text[position] == '}')
            {
                return body;
            }

            var name = ReadKey();
            SkipTrivia(newlines: false);
            if (Peek() == '=' && Peek(1) != '=')
            {
                position++;
                body.Attributes[name] = ParseExpression();
                continue;
            }

            var labels = new List<string>();
            while (Peek() == '"')
            {
                labels.Add(ReadString());
                SkipTrivia(newlines: false);
            }

            Expect('{');
            var inner = ParseBody();
            Expect('}');
            body.Blocks.Add(new HclBlock(name, labels, inner));
        }
    }

    private HclValue ParseExpression()
    {
        SkipTrivia(newlines: false);
        var start = position;
        if (Peek() == '{' && !IsForExpression())
        {
            position++;
            var obj = new HclBody();
            while (true)
            {
                SkipTrivia(newlines: true);
                if (Peek() == ',')
                {
                    position++;
                    continue;
                }

                if (Peek() == '}')
                {
                    position++;
                    return new HclValue(text[start..position], null, obj);
                }

                var key = ReadKey();
                SkipTrivia(newlines: false);
                if (Peek() is not ('=' or ':'))
                {
                    throw new FormatException($"Expected '=' after {key} at offset {position}.");
                }

                position++;
                obj.Attributes[key] = ParseExpression();
            }
        }

        var depth = 0;
        var builder = new StringBuilder();
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '"')
            {
                var literalStart = position;
                ReadString();
                builder.Append(text, literalStart, position - literalStart);
                continue;
            }

            if (depth == 0 && (c is '\n' or ',' or '}' || c == '#' || (c == '/' && Peek(1) == '/')))
            {
                break;
            }

            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
            builder.Append(c);
            position++;
        }

        var raw = builder.ToString().Trim();
        string? literal = null;
        if (raw.Length >= 2 && raw[0] == '"')
        {
            var probe = new SimpleHcl(raw);
            var value = probe.ReadString();
            literal = probe.position == raw.Length ? value : null;
        }

        return new HclValue(raw, literal, null);
    }

    private string ReadKey() => Peek() switch
    {
        '"' => ReadString(),
        '(' => ReadParenthesized(),
        _ => ReadIdentifier(),
    };

    /// <summary>Reads an expression key, <c>(var.keys.region)</c>, parentheses included.</summary>
    private string ReadParenthesized()
    {
        var start = position;
        var depth = 0;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '"')
            {
                ReadString();
                continue;
            }

            position++;
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0)
            {
                return text[start..position];
            }
        }

        throw new FormatException($"Unclosed '(' at offset {start}.");
    }

    private string ReadIdentifier()
    {
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] is '_' or '-' or '.'))
        {
            position++;
        }

        return position > start ? text[start..position] : throw new FormatException($"Expected a name at offset {start}.");
    }

    private string ReadString()
    {
        Expect('"');
        var builder = new StringBuilder();
        while (position < text.Length && text[position] != '"')
        {
            if (text[position] == '\\' && position + 1 < text.Length)
            {
                position++;
                builder.Append(text[position] switch { 'n' => '\n', 't' => '\t', var other => other });
            }
            else
            {
                builder.Append(text[position]);
            }

            position++;
        }

        Expect('"');
        return builder.ToString();
    }

    private void SkipTrivia(bool newlines)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                while (position < text.Length && text[position] != '\n')
                {
                    position++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var end = text.IndexOf("*/", position + 2, StringComparison.Ordinal);
                position = end < 0 ? text.Length : end + 2;
            }
            else if (c is ' ' or '\t' or '\r' || (newlines && c == '\n'))
            {
                position++;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Whether the <c>{</c> at the position opens a <c>{ for x in xs : k => v }</c> expression, kept as raw text.</summary>
    private bool IsForExpression()
    {
        var rest = text.AsSpan(position + 1).TrimStart();
        return rest.StartsWith("for ", StringComparison.Ordinal);
    }

    private char Peek(int offset = 0) => position + offset < text.Length ? text[position + offset] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw new FormatException($"Expected '{c}' at offset {position}.");
        }

        position++;
    }
}
