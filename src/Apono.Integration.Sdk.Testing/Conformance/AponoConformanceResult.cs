namespace Apono.Integration.Sdk.Testing;

/// <summary>One contract rule checked on one item.</summary>
/// <param name="Rule">The rule id, e.g. <c>list-resources.resource-type</c> or <c>grant-access.idempotent</c> (the list is in docs/testing.md).</param>
/// <param name="Item">What it was checked on, e.g. <c>resource 'db-1'</c> or <c>permission 'admin' on resource 'db-1'</c>; <see langword="null"/> for the whole reply.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Message">What was found. Never holds a secret from a credentials reply.</param>
public sealed record AponoConformanceResult(string Rule, string? Item, AponoConformanceOutcome Outcome, string Message)
{
    /// <summary>Returns <c>FAIL rule [item]: message</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var outcome = Outcome switch
        {
            AponoConformanceOutcome.Passed => "PASS",
            AponoConformanceOutcome.Failed => "FAIL",
            _ => "SKIP",
        };
        return Item is null ? $"{outcome} {Rule}: {Message}" : $"{outcome} {Rule} [{Item}]: {Message}";
    }
}
