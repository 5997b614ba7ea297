using Apono.Integration.Sdk.Credentials;

namespace Apono.Integration.Sdk.Contracts;

/// <summary>The reply <c>{ "status": "ok", "secret": "..." }</c> to <c>create-credentials</c> and <c>reset-credentials</c>.</summary>
public sealed class CredentialsReply
{
    /// <summary>Creates the reply.</summary>
    /// <param name="secret">The secret Apono shows the user once, e.g. a password from <see cref="PasswordGenerator"/>.</param>
    public CredentialsReply(SecretString secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Secret = secret;
    }

    /// <summary>Gets the status, always <c>ok</c>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A property of the reply, as on the wire.")]
    public string Status => "ok";

    /// <summary>Gets the secret; its <see cref="object.ToString"/> is redacted.</summary>
    public SecretString Secret { get; }

    /// <inheritdoc/>
    public override string ToString() => $"CredentialsReply {{ Status = ok, Secret = {Secret} }}";
}
