using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QuickStart.Tests.Docs.Snippets;

/// <summary>
/// Compiles one <see cref="MarkdownSnippet"/> on its own, as the repository builds C# (nullable enabled, every
/// warning wave, warnings are failures), against this test project's own references and with its packages' source
/// generators (e.g. <c>[LoggerMessage]</c>). Code goes through <c>#line</c> directives, so every diagnostic names
/// the Markdown page and its line.
/// </summary>
public static class SnippetCompiler
{
    /// <summary>The usings of a project with <c>ImplicitUsings</c> enabled: all a <see cref="SnippetKind.File"/> gets.</summary>
    public static readonly IReadOnlyList<string> ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(static () =>
        InputPaths("snippet-references.txt").Select(static path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList());

    private static readonly Lazy<IReadOnlyList<ISourceGenerator>> Generators = new(LoadGenerators);

    /// <summary>
    /// Gets what a fragment (<see cref="SnippetKind.Members"/>, <see cref="SnippetKind.Statements"/>) sees besides the
    /// implicit usings: every namespace of the SDK's and the Testing package's public types, the samples' root
    /// namespaces, xunit, and the Microsoft.Extensions namespaces an integration uses.
    /// </summary>
    public static IReadOnlyList<string> FragmentUsings { get; } = ImplicitUsings
        .Concat(new[] { typeof(Apono.Integration.Sdk.Routing.AponoIntegrationFunction).Assembly, typeof(Apono.Integration.Sdk.Testing.AponoTestHost).Assembly }
            .SelectMany(static a => a.GetExportedTypes())
            .Select(static t => t.Namespace!)
            .Order(StringComparer.Ordinal))
        .Concat([
            "QuickStart", "InternalAppAccess", "PostgresAccess", "Xunit",
            "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Logging",
            "Microsoft.Extensions.Time.Testing"])
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>Compiles the snippet; returns its errors and warnings as <c>page(line,column): severity id: message</c>, none when it compiles.</summary>
    public static IReadOnlyList<string> Compile(MarkdownSnippet snippet) => Build(snippet).Diagnostics;

    /// <summary>Compiles the snippet and loads it, so that a test can run the page's own code.</summary>
    /// <exception cref="InvalidOperationException">The snippet does not compile (the message lists why).</exception>
    public static Assembly Load(MarkdownSnippet snippet)
    {
        var (compilation, diagnostics) = Build(snippet);
        using var image = new MemoryStream();
        if (diagnostics.Count > 0 || compilation is null || !compilation.Emit(image).Success)
        {
            throw new InvalidOperationException($"{snippet.Location} does not compile:\n" + string.Join('\n', diagnostics));
        }

        image.Position = 0;
        return new AssemblyLoadContext(snippet.Location, isCollectible: true).LoadFromStream(image);
    }

    private static (Compilation? Compilation, IReadOnlyList<string> Diagnostics) Build(MarkdownSnippet snippet)
    {
        ArgumentNullException.ThrowIfNull(snippet);
        if (snippet.Problem is not null)
        {
            return (null, [snippet.Problem]);
        }

        var usings = snippet.Kind == SnippetKind.File ? ImplicitUsings : FragmentUsings;
        var trees = new List<SyntaxTree>
        {
            Parse(string.Concat(usings.Select(static u => $"global using {u};\n")), "GlobalUsings.g.cs"),
            Parse(Source(snippet), snippet.Page),
        };
        if (snippet.Kind == SnippetKind.File && snippet.Given.Count > 0)
        {
            trees.Add(Parse(Mapped(snippet.Page, snippet.GivenLine, snippet.Given), snippet.Page + ".given"));
        }

        var outputKind = trees.Any(static t => t.GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any())
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        var options = new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // What the .NET SDK suppresses in every project: assembly version unification notes.
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
                // Documentation comments are not required of snippets.
                ["CS1591"] = ReportDiagnostic.Suppress,
            });
        var compilation = CSharpCompilation.Create("Snippet" + Guid.NewGuid().ToString("N"), trees, References.Value, options);
        CSharpGeneratorDriver.Create(Generators.Value.ToArray())
            .WithUpdatedParseOptions(ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);

        return (generated, generatorDiagnostics.Concat(generated.GetDiagnostics())
            .Where(static d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .Select(d => Format(snippet, d))
            .Distinct(StringComparer.Ordinal)
            .ToList());
    }

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path, Encoding.UTF8);

    private static string Source(MarkdownSnippet snippet)
    {
        var code = Mapped(snippet.Page, snippet.CodeLine, snippet.Code);
        var given = snippet.Given.Count > 0 ? Mapped(snippet.Page, snippet.GivenLine, snippet.Given) : "";
        return snippet.Kind switch
        {
            SnippetKind.File => code,
            SnippetKind.Members =>
                $"public sealed partial class Snippet{(snippet.BaseType is null ? "" : " : " + snippet.BaseType)}\n{{\n{code}{given}#line default\n}}\n",
            SnippetKind.Statements =>
                $"public sealed partial class Snippet\n{{\n    public async Task RunAsync()\n    {{\n        await Task.CompletedTask;\n{code}#line default\n    }}\n{given}#line default\n}}\n",
            _ => throw new ArgumentOutOfRangeException(nameof(snippet)),
        };
    }

    private static string Mapped(string page, int firstLine, IReadOnlyList<string> lines) =>
        $"#line {firstLine} \"{page}\"\n" + string.Concat(lines.Select(static l => l + "\n"));

    private static string Format(MarkdownSnippet snippet, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        var where = span.HasMappedPath && span.Path == snippet.Page
            ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})"
            : $"{snippet.Location} (in the code around the block: {(string.IsNullOrEmpty(span.Path) ? "no file" : Path.GetFileName(span.Path))}, line {span.StartLinePosition.Line + 1})";
        var severity = diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"{where}: {severity} {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
    }

    private static IEnumerable<string> InputPaths(string file) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, file)).Where(static l => l.Length > 0);

    /// <summary>The source generators among this project's analyzers (the packages' own, e.g. the logging and JSON ones).</summary>
    private static List<ISourceGenerator> LoadGenerators()
    {
        var analyzers = InputPaths("snippet-analyzers.txt").ToList();
        // A generator's own dependencies (e.g. Microsoft.Interop.SourceGeneration) sit beside it, as the compiler finds them.
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            analyzers.FirstOrDefault(path => Path.GetFileNameWithoutExtension(path) == name.Name) is { } path ? context.LoadFromAssemblyPath(path) : null;
        var loader = new DefaultContextLoader();
        return analyzers
            .Where(static path => Path.GetFileName(path) is var name
                && (name.Contains("Generat", StringComparison.Ordinal) || name.StartsWith("Microsoft.Gen.", StringComparison.Ordinal)))
            .SelectMany(path => new AnalyzerFileReference(path, loader).GetGenerators(LanguageNames.CSharp))
            .ToList();
    }

    private sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) =>
            AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => !a.IsDynamic && a.Location == fullPath)
            ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}
