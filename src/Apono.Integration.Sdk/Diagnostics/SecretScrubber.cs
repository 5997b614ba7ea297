namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>Replaces known secret values (custom parameter values, issued secrets) with <c>***</c> in text bound for a log or an error message.</summary>
internal sealed class SecretScrubber
{
    /// <summary>Shorter values (<c>true</c>, <c>443</c>) are too common to scrub without mangling messages, and too short to be secrets worth the name.</summary>
    public const int MinimumLength = 4;

    private List<string>? secrets;

    public static SecretScrubber Empty { get; } = new();

    public bool IsEmpty => secrets is null;

    public void Add(string? secret)
    {
        if (secret is null || secret.Length < MinimumLength)
        {
            return;
        }

        lock (this)
        {
            secrets ??= [];
            if (!secrets.Contains(secret))
            {
                secrets.Add(secret);
                // Longest first, so a secret that contains another is replaced whole.
                secrets.Sort(static (a, b) => b.Length.CompareTo(a.Length));
            }
        }
    }

    public string Scrub(string text)
    {
        var list = secrets;
        if (list is null || string.IsNullOrEmpty(text))
        {
            return text;
        }

        lock (this)
        {
            foreach (var secret in list)
            {
                if (text.Contains(secret, StringComparison.Ordinal))
                {
                    text = text.Replace(secret, "***", StringComparison.Ordinal);
                }
            }
        }

        return text;
    }
}
