namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>Replaces known secret values (custom parameter values, issued secrets) with <c>***</c> in text bound for a log or an error message.</summary>
internal sealed class SecretScrubber
{
    /// <summary>Shorter values (<c>true</c>, <c>443</c>) are too common to scrub without mangling messages, and too short to be secrets worth the name.</summary>
    public const int MinimumLength = 4;

    private List<string>? secrets;
    private IEnumerable<string>? pending;

    public static SecretScrubber Empty { get; } = new();

    public bool IsEmpty
    {
        get
        {
            lock (this)
            {
                AddPending();
                return secrets is null;
            }
        }
    }

    /// <summary>
    /// Registers secrets to be collected only when text is first scrubbed: most invocations succeed without writing
    /// a line that needs it, and collecting custom parameter values costs allocations on every one.
    /// </summary>
    public void AddLater(IEnumerable<string> candidates)
    {
        lock (this)
        {
            AddPending();
            pending = candidates;
        }
    }

    public void Add(string? secret)
    {
        if (secret is null || secret.Length < MinimumLength)
        {
            return;
        }

        lock (this)
        {
            AddPending();
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
        if ((Volatile.Read(ref secrets) is null && Volatile.Read(ref pending) is null) || string.IsNullOrEmpty(text))
        {
            return text;
        }

        lock (this)
        {
            AddPending();
            if (secrets is null)
            {
                return text;
            }

            foreach (var secret in secrets)
            {
                if (text.Contains(secret, StringComparison.Ordinal))
                {
                    text = text.Replace(secret, "***", StringComparison.Ordinal);
                }
            }
        }

        return text;
    }

    /// <summary>Adds the registered candidates, in order, exactly as <see cref="Add"/> would have one by one. Called under the lock.</summary>
    private void AddPending()
    {
        if (pending is not { } candidates)
        {
            return;
        }

        pending = null;
        foreach (var secret in candidates)
        {
            Add(secret);
        }
    }
}
