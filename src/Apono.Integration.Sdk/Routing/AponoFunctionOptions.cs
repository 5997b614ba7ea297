namespace Apono.Integration.Sdk.Routing;

/// <summary>Limits and timings of a function; every property documents its default.</summary>
/// <remarks>Change them by overriding <see cref="AponoIntegrationFunction.Configure(AponoFunctionOptions)"/>.</remarks>
public sealed class AponoFunctionOptions
{
    /// <summary>The largest reply Lambda accepts from a synchronous invocation: 6,291,456 bytes.</summary>
    public const int LambdaReplyLimitBytes = 6_291_456;

    /// <summary>Gets or sets the largest request body accepted.</summary>
    /// <value>Default 6,291,456 bytes, Lambda's own limit for a synchronous request.</value>
    public int MaxRequestBytes { get; set; } = LambdaReplyLimitBytes;

    /// <summary>Gets or sets the deepest JSON nesting accepted in a request.</summary>
    /// <value>Default 64.</value>
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>Gets or sets the most resource ids accepted in one grant, revoke or credentials request.</summary>
    /// <value>Default 1,000.</value>
    public int MaxResourcesPerRequest { get; set; } = 1_000;

    /// <summary>Gets or sets the longest string accepted in an id field (<c>grant_id</c>, <c>resources[]</c>, <c>permission</c>, <c>resource_type</c>).</summary>
    /// <value>Default 2,048 characters (an ARN is at most 2,048).</value>
    public int MaxIdLength { get; set; } = 2_048;

    /// <summary>Gets or sets the longest <c>username</c> accepted.</summary>
    /// <value>Default 320 characters, the longest e-mail address.</value>
    public int MaxUsernameLength { get; set; } = 320;

    /// <summary>
    /// Gets or sets how long before the invocation's deadline the cancellation token given to the author's methods
    /// fires, so that the SDK can still answer a clear <c>Timeout</c> error before Lambda ends the invocation.
    /// </summary>
    /// <value>Default 500 milliseconds.</value>
    public TimeSpan DeadlineSafetyMargin { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the most top-level keys accepted in <c>params.custom_parameters</c>.</summary>
    /// <value>Default 256.</value>
    /// <remarks>A request over the limit is answered <c>InvalidRequest</c> naming this property, before the author's code runs.</remarks>
    public int MaxCustomParameterCount { get; set; } = 256;

    /// <summary>Gets or sets the deepest nesting accepted in <c>params.custom_parameters</c>, the object itself being level 1.</summary>
    /// <value>Default 16 (<c>{"a":{"b":[1]}}</c> is 3). <see cref="MaxJsonDepth"/> bounds the whole request first.</value>
    public int MaxCustomParameterDepth { get; set; } = 16;

    /// <summary>Gets or sets the largest <c>params.custom_parameters</c> accepted, as bytes of its JSON text in the request.</summary>
    /// <value>Default 262,144 bytes (256 KiB): room for certificates and key files, small next to the 6 MB request.</value>
    /// <remarks>Only <c>custom_parameters</c> is kept for the author's code after the request is read, so this bounds what an invocation holds of it.</remarks>
    public int MaxCustomParameterBytes { get; set; } = 262_144;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBytes, 1, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxJsonDepth, 2, nameof(MaxJsonDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResourcesPerRequest, 1, nameof(MaxResourcesPerRequest));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIdLength, 1, nameof(MaxIdLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUsernameLength, 1, nameof(MaxUsernameLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(DeadlineSafetyMargin, TimeSpan.Zero, nameof(DeadlineSafetyMargin));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCustomParameterCount, 1, nameof(MaxCustomParameterCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCustomParameterDepth, 1, nameof(MaxCustomParameterDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCustomParameterBytes, 2, nameof(MaxCustomParameterBytes));
    }

    /// <summary>
    /// Gets the custom parameter keys whose values are secret although their names do not look secret, e.g.
    /// <c>"dsn_primary"</c> or a nested path <c>"ldap.bind"</c> (segments joined with <c>.</c>; array items take their
    /// array's path). Everything below a listed key is secret. Matched case-insensitively.
    /// </summary>
    /// <value>
    /// Empty by default. Keys that look secret (password, passwd, pwd, passphrase, secret, token, key, apikey,
    /// credential(s), creds, auth, authorization, private, cert, certificate, dsn, connection_string, connstr, matched per
    /// word at any level; see docs/security.md) are secret without being listed.
    /// </value>
    public ICollection<string> SecretParameters { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    private readonly List<Func<Exception, bool>> safeMessageTypes = [];

    /// <summary>
    /// Marks <typeparamref name="TException"/>, and every exception type derived from it, as an exception whose
    /// message is safe to log, for example <c>options.LogMessagesOf&lt;NpgsqlException&gt;()</c>: the error log line
    /// of an invocation that fails with it (and any logged exception or cause of that type) then carries its
    /// message, with every known secret masked, so the author can see "no such column: owner" in the logs.
    /// </summary>
    /// <remarks>
    /// It does not put the message into the <c>errorMessage</c> Apono receives: that stays "An unexpected error
    /// (TypeName) occurred ...", because Apono shows it to people who may not see the function's logs and the message
    /// may quote what the SDK cannot know to be secret (a host name, a connection string it never saw). To show a
    /// cause to Apono, catch the exception and throw an <see cref="Errors.AponoException"/> with a message you wrote.
    /// Messages of unmarked exceptions (other than <see cref="Errors.AponoException"/>s) are never logged.
    /// The check is an <c>is</c> test, safe under trimming and Native AOT.
    /// </remarks>
    /// <typeparam name="TException">The exception type whose messages may be logged.</typeparam>
    /// <returns>These options, for chaining.</returns>
    public AponoFunctionOptions LogMessagesOf<TException>()
        where TException : Exception
    {
        safeMessageTypes.Add(static exception => exception is TException);
        return this;
    }

    /// <summary>Tells whether the message of <paramref name="exception"/> may go into a log line (redacted).</summary>
    internal bool IsMessageSafe(Exception exception)
    {
        if (exception is Errors.AponoException)
        {
            return true;
        }

        foreach (var isSafe in safeMessageTypes)
        {
            if (isSafe(exception))
            {
                return true;
            }
        }

        return false;
    }
}
