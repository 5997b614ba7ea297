using Apono.Integration.Sdk.Conformance;

namespace Apono.Integration.Sdk.Testing;

/// <summary>The results of one conformance run, in the order they were checked.</summary>
public sealed class AponoConformanceReport
{
    private readonly ConformanceReport report;

    internal AponoConformanceReport(ConformanceReport report)
    {
        this.report = report;
        Results = report.Findings
            .Select(static f => new AponoConformanceResult(f.Rule, f.Item, (AponoConformanceOutcome)(int)f.Outcome, f.Message))
            .ToArray();
    }

    /// <summary>Gets every rule checked, per item.</summary>
    public IReadOnlyList<AponoConformanceResult> Results { get; }

    /// <summary>Gets the failed results only.</summary>
    public IReadOnlyList<AponoConformanceResult> Failures => Results.Where(static r => r.Outcome == AponoConformanceOutcome.Failed).ToArray();

    /// <summary>Gets a value indicating whether no rule failed (skipped rules don't count as failures).</summary>
    public bool AllPassed => report.AllPassed;

    /// <summary>Throws when any rule failed.</summary>
    /// <exception cref="AponoConformanceException">At least one rule failed; the message lists each with its rule id and item.</exception>
    public void AssertAllPassed()
    {
        if (!AllPassed)
        {
            throw new AponoConformanceException(this);
        }
    }

    /// <summary>Returns the full report: one <c>PASS</c>/<c>FAIL</c>/<c>SKIP</c> line per result, then a summary line.</summary>
    /// <returns>The report, as the CLI's <c>check</c> command prints it.</returns>
    public override string ToString() => report.Format();

    internal string FormatFailures() => report.FormatFailures();
}
