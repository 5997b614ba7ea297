using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Configuration;

namespace PostgresAccess.Connection;

// STAND-IN for Apono.Integration.Sdk.Secrets.IAponoSecrets (branch `params`), removed when that branch is merged.
// Same shape and the helper's documented local fallback (AponoSecrets__<name>__Value); no AWS extension call.
internal interface IAponoSecrets
{
    ValueTask<SecretString> GetAsync(string name, CancellationToken cancellationToken);
}

internal sealed class ConfigurationSecretsStandIn(IConfiguration configuration) : IAponoSecrets
{
    public ValueTask<SecretString> GetAsync(string name, CancellationToken cancellationToken) =>
        configuration[$"AponoSecrets:{name}:Value"] is { Length: > 0 } value
            ? ValueTask.FromResult(new SecretString(value))
            : throw new InvalidRequestException($"The secret {name} is not configured (AponoSecrets__{name}__Value).");
}
