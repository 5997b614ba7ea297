namespace Apono.Integration.Sdk.Conformance;

/// <summary>How one conformance rule ended for one item.</summary>
public enum AponoConformanceOutcome
{
    /// <summary>The function followed the rule.</summary>
    Passed,

    /// <summary>The function broke the rule; <see cref="AponoConformanceResult.Message"/> says how.</summary>
    Failed,

    /// <summary>
    /// The rule did not apply, e.g. credentials events the function does not implement (<c>NotSupported</c>), or grants
    /// when nothing was listed; <see cref="AponoConformanceResult.Message"/> says why.
    /// </summary>
    Skipped,
}
