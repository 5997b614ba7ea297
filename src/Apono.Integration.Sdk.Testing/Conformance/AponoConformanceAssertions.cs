using Apono.Integration.Sdk.Conformance;

namespace Apono.Integration.Sdk.Testing;

/// <summary>The test assertion over a conformance report (the report itself is in the SDK package, which <c>check</c> prints it from).</summary>
public static class AponoConformanceAssertions
{
    /// <summary>Throws when any rule failed.</summary>
    /// <param name="report">The report of <see cref="AponoConformance.RunAsync"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is <see langword="null"/>.</exception>
    /// <exception cref="AponoConformanceException">At least one rule failed; the message lists each with its resource type, rule id and item.</exception>
    public static void AssertAllPassed(this AponoConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.AllPassed)
        {
            throw new AponoConformanceException(report);
        }
    }
}
