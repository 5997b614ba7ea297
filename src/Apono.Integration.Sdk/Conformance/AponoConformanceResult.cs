namespace Apono.Integration.Sdk.Conformance;

/// <summary>One contract rule checked on one item.</summary>
/// <param name="Rule">The rule id, e.g. <c>list-resources.resource-type</c> or <c>grant-access.idempotent</c> (the list is in docs/testing.md).</param>
/// <param name="Item">What it was checked on, e.g. <c>resource 'db-1'</c> or <c>permission 'admin' on resource 'db-1'</c>; <see langword="null"/> for the whole reply.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Message">What was found, or why the rule was skipped. Never holds a secret from a credentials reply.</param>
/// <param name="ResourceType">The resource type the rule was checked for; <see langword="null"/> for function-level rules (get-status, malformed envelopes, unknown events and types).</param>
public sealed record AponoConformanceResult(string Rule, string? Item, AponoConformanceOutcome Outcome, string Message, string? ResourceType = null)
{
    /// <summary>Returns <c>FAIL rule [item]: message</c>, the line the report prints (without the resource type, which heads its section).</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var outcome = Outcome switch
        {
            AponoConformanceOutcome.Passed => "PASS",
            AponoConformanceOutcome.Failed => "FAIL",
            _ => "SKIP",
        };
        return $"{outcome} {Describe()}";
    }

    /// <summary>The line without its outcome: <c>rule [item]: message</c>.</summary>
    internal string Describe() => Item is null ? $"{Rule}: {Message}" : $"{Rule} [{Item}]: {Message}";
}
