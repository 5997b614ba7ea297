using System.Globalization;
using System.Text;

namespace Apono.Integration.Sdk.Conformance;

/// <summary>The findings of one conformance run, in the order they were checked.</summary>
internal sealed class ConformanceReport(IReadOnlyList<ConformanceFinding> findings)
{
    public IReadOnlyList<ConformanceFinding> Findings { get; } = findings;

    public int PassedCount => Findings.Count(static f => f.Outcome == ConformanceOutcome.Passed);

    public int FailedCount => Findings.Count(static f => f.Outcome == ConformanceOutcome.Failed);

    public int SkippedCount => Findings.Count(static f => f.Outcome == ConformanceOutcome.Skipped);

    public bool AllPassed => FailedCount == 0;

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{(AllPassed ? "PASSED" : "FAILED")}: {PassedCount} passed, {FailedCount} failed, {SkippedCount} skipped.");

    /// <summary>One line per finding (<c>PASS rule [item] message</c>), then the summary.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        foreach (var finding in Findings)
        {
            text.Append(finding.Outcome switch
            {
                ConformanceOutcome.Passed => "PASS ",
                ConformanceOutcome.Failed => "FAIL ",
                _ => "SKIP ",
            });
            AppendFinding(text, finding);
        }

        text.Append(Summary).Append('\n');
        return text.ToString();
    }

    /// <summary>The failed findings only, one per line: what an assertion message shows.</summary>
    public string FormatFailures()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{FailedCount} conformance rule(s) failed:\n");
        foreach (var finding in Findings.Where(static f => f.Outcome == ConformanceOutcome.Failed))
        {
            text.Append("  ");
            AppendFinding(text, finding);
        }

        return text.ToString();
    }

    private static void AppendFinding(StringBuilder text, ConformanceFinding finding)
    {
        text.Append(finding.Rule);
        if (finding.Item is not null)
        {
            text.Append(" [").Append(finding.Item).Append(']');
        }

        text.Append(": ").Append(finding.Message).Append('\n');
    }
}
