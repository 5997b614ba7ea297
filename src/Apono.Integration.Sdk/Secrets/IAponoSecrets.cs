using Apono.Integration.Sdk.Credentials;

namespace Apono.Integration.Sdk.Secrets;

/// <summary>
/// The function's own secrets (a database admin password, an API token), read by logical name from AWS Secrets Manager
/// or SSM Parameter Store through the AWS Parameters and Secrets Lambda Extension, cached per environment and
/// registered for redaction in every log line and error message.
/// </summary>
/// <remarks>
/// Register it with <see cref="AponoSecretsServiceCollectionExtensions.AddAponoSecrets"/> and configure each name at
/// deploy time (<c>AponoSecrets__&lt;name&gt;__SecretId</c> or <c>AponoSecrets__&lt;name&gt;__Parameter</c>); see
/// docs/deploy.md. It does not read a secret whose id comes from an invocation: the names are fixed at deploy time.
/// </remarks>
public interface IAponoSecrets
{
    /// <summary>Gets a configured secret, from the cache when it is younger than <c>AponoSecrets:CacheTtl</c>.</summary>
    /// <param name="name">
    /// A logical name configured at deploy time (case-insensitive). Never pass a custom parameter here unless your code
    /// only uses it to select among names you configured.
    /// </param>
    /// <param name="cancellationToken">Stops waiting; a fetch that other callers share goes on.</param>
    /// <returns>The secret; its value is registered for redaction before it is returned.</returns>
    /// <exception cref="AponoSecretException">
    /// The name is not configured, or the extension refused or failed the request. The message names the logical name,
    /// the HTTP status and what to check; never the value, the session token or the secret's id.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    ValueTask<SecretString> GetAsync(string name, CancellationToken cancellationToken);
}
