using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Secrets;

namespace PostgresAccess.Connection;

/// <summary>Opens the server a request selects: the deploy-time target (<see cref="PostgresTargets"/>) with its admin password read through the SDK's secrets helper.</summary>
internal sealed class PostgresConnector(PostgresTargets targets, IAponoSecrets secrets)
{
    /// <summary>Selects the target and reads its admin password; the caller disposes the server, which closes its connections.</summary>
    /// <exception cref="Apono.Integration.Sdk.Errors.InvalidRequestException">The custom parameters select no configured target, or the target's settings or secret are invalid.</exception>
    public async Task<PostgresServer> OpenServerAsync(AponoRequest request, CancellationToken cancellationToken)
    {
        var target = targets.Select(request.CustomParameters);
        var secret = await secrets.GetAsync(target.AdminSecret, cancellationToken).ConfigureAwait(false);
        return new PostgresServer(target, PostgresServer.PasswordFromSecret(secret, target));
    }
}
