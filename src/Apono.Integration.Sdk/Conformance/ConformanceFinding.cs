namespace Apono.Integration.Sdk.Conformance;

/// <summary>One rule checked on one item (a resource id, a permission id, an envelope case), with its outcome.</summary>
/// <param name="Rule">The rule id, e.g. <c>list-resources.resource-type</c>.</param>
/// <param name="Item">What the rule was checked on, or <see langword="null"/> when it applies to the whole reply.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Message">Why it failed or was skipped, or what was checked. Never holds a secret.</param>
internal sealed record ConformanceFinding(string Rule, string? Item, ConformanceOutcome Outcome, string Message);
