using System.Globalization;
using System.Text;

namespace Apono.Integration.Sdk.Conformance;

/// <summary>The results of one conformance run, in the order they were checked.</summary>
/// <remarks>
/// The conformance model lives in the SDK package because the function executable's <c>check</c> command prints it;
/// <c>Apono.Integration.Sdk.Testing</c> runs the same suite from a test and adds the assertion (<c>AssertAllPassed</c>).
/// </remarks>
public sealed class AponoConformanceReport
{
    internal AponoConformanceReport(IReadOnlyList<AponoConformanceResult> results)
    {
        Results = results;
        Failures = results.Where(static r => r.Outcome == AponoConformanceOutcome.Failed).ToArray();
    }

    /// <summary>Gets every rule checked, per resource type and item: function-level rules first, then each type's.</summary>
    public IReadOnlyList<AponoConformanceResult> Results { get; }

    /// <summary>Gets the failed results only.</summary>
    public IReadOnlyList<AponoConformanceResult> Failures { get; }

    /// <summary>Gets a value indicating whether no rule failed (skipped rules don't count as failures).</summary>
    public bool AllPassed => Failures.Count == 0;

    /// <summary>Gets the summary line, e.g. <c>PASSED: 46 passed, 0 failed, 0 skipped.</c>.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{(AllPassed ? "PASSED" : "FAILED")}: {Count(AponoConformanceOutcome.Passed)} passed, {Failures.Count} failed, {Count(AponoConformanceOutcome.Skipped)} skipped.");

    /// <summary>
    /// Returns the full report: one <c>PASS</c>/<c>FAIL</c>/<c>SKIP</c> line per result (a skipped one with its reason),
    /// a <c>resource type 'name':</c> line heading each type's results, then the summary line.
    /// </summary>
    /// <returns>The report, as the CLI's <c>check</c> command prints it.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        string? section = null;
        foreach (var result in Results)
        {
            if (result.ResourceType is { } type && !string.Equals(type, section, StringComparison.Ordinal))
            {
                section = type;
                text.Append("resource type '").Append(type).Append("':\n");
            }

            text.Append(result.ResourceType is null ? string.Empty : "  ").Append(result).Append('\n');
        }

        text.Append(Summary).Append('\n');
        return text.ToString();
    }

    /// <summary>The failed results only, one per line: what an assertion message shows.</summary>
    internal string FormatFailures()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Failures.Count} conformance rule(s) failed:\n");
        foreach (var failure in Failures)
        {
            text.Append("  ");
            if (failure.ResourceType is { } type)
            {
                text.Append('(').Append(type).Append(") ");
            }

            text.Append(failure.Describe()).Append('\n');
        }

        return text.ToString();
    }

    private int Count(AponoConformanceOutcome outcome) => Results.Count(r => r.Outcome == outcome);
}
