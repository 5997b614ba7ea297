namespace Apono.Integration.Sdk.Conformance;

/// <summary>How one conformance rule ended for one item.</summary>
internal enum ConformanceOutcome
{
    Passed,
    Failed,
    Skipped,
}
