using System.Globalization;

namespace Apono.Integration.Sdk.Conformance;

/// <summary>
/// The contract rule a reply broke and the item that broke it, as the reply validator found them: carried as data on
/// <see cref="Internal.InvalidReplyException"/> and <see cref="Internal.InvocationResult"/> to the conformance runner,
/// so nobody reads them back out of the English error message.
/// </summary>
/// <param name="Rule">The rule id, one of <see cref="ConformanceRules"/>.</param>
/// <param name="Kind">What the item is (<c>resource</c>, <c>permission</c>, <c>tag</c>), or <see langword="null"/> when the rule applies to the whole reply.</param>
/// <param name="Id">The item's id, when it has a usable one; otherwise the item is named by <paramref name="Index"/>.</param>
/// <param name="Index">The item's position in its array; -1 for the whole reply.</param>
internal sealed record ReplyViolation(string Rule, string? Kind = null, string? Id = null, int Index = -1)
{
    public static ReplyViolation At(string rule, string kind, int index) => new(rule, kind, null, index);

    public static ReplyViolation Of(string rule, string kind, string id) => new(rule, kind, id);

    /// <summary>Names the item as the conformance report does: <c>resource 'db-1'</c>, <c>permissions[2]</c>, or <see langword="null"/> for the whole reply.</summary>
    /// <param name="shown">Makes an id printable (the runner's own truncation and escaping).</param>
    public string? Item(Func<string, string> shown) => Kind switch
    {
        null => null,
        _ when Id is not null => $"{Kind} '{shown(Id)}'",
        _ => string.Create(CultureInfo.InvariantCulture, $"{Kind}s[{Index}]"),
    };
}
