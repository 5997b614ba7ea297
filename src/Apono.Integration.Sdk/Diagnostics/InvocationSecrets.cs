namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// The secrets of one invocation: its secret custom parameters (collected only when a line or an error message
/// first needs them) and the secrets it issued. While the invocation runs, every line of the function masks them,
/// including lines written outside the invocation's async flow (<see cref="SecretRedactor"/> keeps the set of active
/// invocations).
/// </summary>
internal sealed class InvocationSecrets
{
    private readonly Lock gate = new();
    private IEnumerable<string>? pending;
    private Contracts.CustomParameters? source;
    private Routing.AponoFunctionOptions? sourceOptions;
    private int collectedDeclarations = -1;
    private SecretPatternMatcher? parameters;
    private bool parametersOverLimit;
    private List<string>? issued;
    private SecretPatternMatcher? issuedMatcher;

    /// <summary>Gets or sets the neighbours in <see cref="SecretRedactor"/>'s list of active invocations (under its lock).</summary>
    internal InvocationSecrets? Previous { get; set; }

    internal InvocationSecrets? Next { get; set; }

    internal bool IsActive { get; set; }

    /// <summary>
    /// Registers the custom parameters' secrets, to be read only when text is first redacted: most invocations
    /// succeed without a line that needs them, and collecting them costs allocations on every one.
    /// </summary>
    public void AddLater(IEnumerable<string> candidates)
    {
        lock (gate)
        {
            pending = candidates;
            source = null;
            parameters = null;
            parametersOverLimit = false;
        }
    }

    /// <summary>
    /// Registers the secret custom parameters of <paramref name="customParameters"/>, read when text is first redacted
    /// and read again whenever the author has since declared another key secret (<c>GetSecret</c>, or a
    /// <c>SecretString</c> member of a bound type), so a key declared after the first line is masked from then on.
    /// </summary>
    public void AddLater(Contracts.CustomParameters customParameters, Routing.AponoFunctionOptions options)
    {
        lock (gate)
        {
            pending = null;
            source = customParameters;
            sourceOptions = options;
            collectedDeclarations = -1;
            parameters = null;
            parametersOverLimit = false;
        }
    }

    /// <summary>Registers an issued secret (a credentials reply's).</summary>
    public void Add(string? secret)
    {
        if (!SecretRedactor.IsMaskable(secret))
        {
            return;
        }

        lock (gate)
        {
            issued ??= [];
            if (!issued.Contains(secret!))
            {
                issued.Add(secret!);
                issuedMatcher = SecretPatternMatcher.Build(issued);
            }
        }
    }

    /// <summary>Adds this invocation's matchers; returns <see langword="false"/> when its secrets are over the limit (mask whole fields).</summary>
    internal bool Collect(List<SecretPatternMatcher> into)
    {
        lock (gate)
        {
            // MayHaveSecrets reads these fields without the lock, from lines of other threads: the matcher is built and
            // published before the state that says "collected" is written, so that no reader ever sees a collected
            // invocation without its matcher (and writes its line unmasked) while the matcher is being built.
            if (pending is { } candidates)
            {
                Volatile.Write(ref parameters, SecretRedactor.BuildBounded(candidates, out parametersOverLimit));
                Volatile.Write(ref pending, null);
            }
            else if (source is { } customParameters && customParameters.SecretDeclarations != collectedDeclarations)
            {
                var declarations = customParameters.SecretDeclarations;
                Volatile.Write(ref parameters, SecretRedactor.BuildBounded(customParameters.SecretCandidates(sourceOptions), out parametersOverLimit));
                Volatile.Write(ref collectedDeclarations, declarations);
            }

            if (parameters is not null)
            {
                into.Add(parameters);
            }

            if (issuedMatcher is not null)
            {
                into.Add(issuedMatcher);
            }

            return !parametersOverLimit;
        }
    }

    /// <summary>Tells, without collecting, whether this invocation may have a secret to mask.</summary>
    internal bool MayHaveSecrets =>
        Volatile.Read(ref pending) is not null
        || (Volatile.Read(ref source) is { } customParameters && customParameters.SecretDeclarations != Volatile.Read(ref collectedDeclarations))
        || Volatile.Read(ref parameters) is not null || parametersOverLimit || Volatile.Read(ref issuedMatcher) is not null;
}
