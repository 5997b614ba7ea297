namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>The matchers one log line (or error message) is redacted with; <c>default</c> masks nothing.</summary>
internal readonly struct LineRedaction
{
    private readonly SecretPatternMatcher[]? matchers;
    private readonly Func<string, string>? mask;
    private readonly bool maskAll;

    public LineRedaction(SecretPatternMatcher[]? matchers, Func<string, string> mask, bool maskAll)
    {
        this.matchers = matchers;
        this.mask = mask;
        this.maskAll = maskAll;
    }

    /// <summary>Gets a value indicating whether no text is changed.</summary>
    public bool IsEmpty => matchers is null && !maskAll;

    /// <summary>Masks every secret in <paramref name="text"/> (the whole text when the secrets are over the limit).</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text) || IsEmpty)
        {
            return text;
        }

        return maskAll ? SecretRedactor.OverLimitText : EncodedTextViews.Redact(text, matchers, mask!);
    }

    /// <summary>Tells whether <paramref name="text"/> would change.</summary>
    public bool Changes(string text) => !ReferenceEquals(Redact(text), text);
}
