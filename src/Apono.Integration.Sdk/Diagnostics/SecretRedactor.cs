using System.Globalization;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// The redaction engine of one function runtime: masks, in any text bound for a log line or an error message,
/// the function's own secrets (<see cref="SecretRegistry"/>), the secrets of the invocation on the current async
/// flow, and those of every invocation still running (so a line written from a thread-pool callback, a timer or
/// <c>Task.Run</c> without flow is masked too).
/// </summary>
/// <remarks>
/// Matching (which characters encode a secret) is <see cref="EncodedTextViews"/> over
/// <see cref="SecretPatternMatcher"/> automata, built lazily: an invocation's on the first line or error message
/// that needs it, the registry's when it changes. Masking (what replaces them) is the
/// <c>Microsoft.Extensions.Compliance.Redaction</c> <see cref="Redactor"/> set for
/// <see cref="AponoDataClassifications.Secret"/>.
/// </remarks>
internal sealed class SecretRedactor
{
    /// <summary>
    /// Shorter values are not masked: a 1–3 character value (<c>on</c>, <c>443</c>) would mask it in every word of
    /// every line, and is no secret worth the name (it is guessed in a few thousand tries).
    /// </summary>
    public const int MinimumSecretLength = 4;

    /// <summary>
    /// The most secret text (UTF-16 code units, after removing duplicates) one invocation may register. Past it the
    /// SDK cannot bound the cost of matching, so it fails safe: every field of every line written while the
    /// invocation runs, and its error message, is masked whole.
    /// </summary>
    public const int MaxSecretCharsPerInvocation = 1_048_576;

    /// <summary>What a whole field becomes when the secrets are over <see cref="MaxSecretCharsPerInvocation"/>.</summary>
    public static readonly string OverLimitText = string.Create(CultureInfo.InvariantCulture,
        $"*** (text masked whole: the invocation's secrets are over the SDK's redaction limit of {MaxSecretCharsPerInvocation:N0} characters)");

    private readonly Lock gate = new();
    private readonly Func<Redactor?> maskFactory;
    private Redactor? mask;
    private Func<string, string>? maskText;
    private InvocationSecrets? head;
    private int activeCount;
    private RegistryCache registryMatcher = new([], null);

    public SecretRedactor(SecretRegistry registry, Func<Redactor?>? maskFactory = null)
    {
        Registry = registry;
        this.maskFactory = maskFactory ?? (static () => SecretMaskRedactor.Instance);
    }

    public SecretRegistry Registry { get; }

    /// <summary>Gets or sets the logger factory's scope provider, through which the current invocation is found.</summary>
    internal IExternalScopeProvider? Scopes { get; set; }

    internal int ActiveCount => Volatile.Read(ref activeCount);

    public static bool IsMaskable(string? secret) => secret is not null && secret.Length >= MinimumSecretLength;

    /// <summary>Starts an invocation: its secrets are masked in every line until <see cref="EndInvocation"/>.</summary>
    public InvocationSecrets BeginInvocation()
    {
        var secrets = new InvocationSecrets();
        lock (gate)
        {
            secrets.Next = head;
            if (head is not null)
            {
                head.Previous = secrets;
            }

            head = secrets;
            secrets.IsActive = true;
            activeCount++;
        }

        return secrets;
    }

    public void EndInvocation(InvocationSecrets secrets)
    {
        lock (gate)
        {
            if (!secrets.IsActive)
            {
                return;
            }

            if (secrets.Previous is { } previous)
            {
                previous.Next = secrets.Next;
            }
            else
            {
                head = secrets.Next;
            }

            if (secrets.Next is { } next)
            {
                next.Previous = secrets.Previous;
            }

            secrets.Previous = secrets.Next = null;
            secrets.IsActive = false;
            activeCount--;
        }
    }

    /// <summary>Gets the secrets of the invocation on the current async flow, if any.</summary>
    public InvocationSecrets? Current()
    {
        if (Scopes is not { } scopes)
        {
            return null;
        }

        var box = new InvocationSecrets?[1];
        scopes.ForEachScope(static (scope, found) =>
        {
            if (scope is InvocationLogScope invocation)
            {
                found[0] = invocation.Secrets;
            }
        }, box);
        return box[0];
    }

    /// <summary>Masks the secrets known now in <paramref name="text"/>.</summary>
    public string Redact(string text, InvocationSecrets? current) => ForLine(current).Redact(text);

    /// <summary>Collects, once per log line, the matchers every field of the line is redacted with.</summary>
    public LineRedaction ForLine(InvocationSecrets? current)
    {
        var registered = Registry.Secrets;
        if (registered.Count == 0 && (current is null || !current.MayHaveSecrets) && !AnyActiveMayHaveSecrets())
        {
            return default;
        }

        var matchers = new List<SecretPatternMatcher>(4);
        var withinLimit = true;
        if (RegistryMatcher(registered) is { } fromRegistry)
        {
            matchers.Add(fromRegistry);
        }

        if (current is not null)
        {
            withinLimit &= current.Collect(matchers);
        }

        InvocationSecrets[] active;
        lock (gate)
        {
            active = new InvocationSecrets[activeCount];
            var i = 0;
            for (var node = head; node is not null; node = node.Next)
            {
                active[i++] = node;
            }
        }

        foreach (var invocation in active)
        {
            if (!ReferenceEquals(invocation, current))
            {
                withinLimit &= invocation.Collect(matchers);
            }
        }

        if (!withinLimit)
        {
            return new LineRedaction(null, MaskFunction, maskAll: true);
        }

        return matchers.Count == 0 ? default : new LineRedaction([.. matchers], MaskFunction, maskAll: false);
    }

    private bool AnyActiveMayHaveSecrets()
    {
        if (Volatile.Read(ref head) is null)
        {
            return false;
        }

        lock (gate)
        {
            for (var node = head; node is not null; node = node.Next)
            {
                if (node.MayHaveSecrets)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Builds a matcher of the maskable, distinct candidates, or reports them over the limit.</summary>
    internal static SecretPatternMatcher? BuildBounded(IEnumerable<string> candidates, out bool overLimit)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var candidate in candidates)
        {
            // A value's raw JSON source text arrives quoted; the quotes add nothing to find.
            var text = candidate.Length >= 2 && candidate[0] == '"' && candidate[^1] == '"' ? candidate[1..^1] : candidate;
            if (IsMaskable(text) && distinct.Add(text))
            {
                total += text.Length;
                if (total > MaxSecretCharsPerInvocation)
                {
                    overLimit = true;
                    return null;
                }
            }
        }

        overLimit = false;
        return SecretPatternMatcher.Build(distinct);
    }

    private SecretPatternMatcher? RegistryMatcher(IReadOnlyList<string> registered)
    {
        var cached = Volatile.Read(ref registryMatcher);
        if (ReferenceEquals(cached.Secrets, registered))
        {
            return cached.Matcher;
        }

        var matcher = SecretPatternMatcher.Build([.. registered.Where(IsMaskable)]);
        Volatile.Write(ref registryMatcher, new RegistryCache(registered, matcher));
        return matcher;
    }

    private string MaskText(string encoded)
    {
        // Before the container is built (a line written while it validates), the default mask, not cached.
        var redactor = mask ??= maskFactory();
        return (redactor ?? SecretMaskRedactor.Instance).Redact(encoded);
    }

    private Func<string, string> MaskFunction => maskText ??= MaskText;

    private sealed record RegistryCache(IReadOnlyList<string> Secrets, SecretPatternMatcher? Matcher);
}
