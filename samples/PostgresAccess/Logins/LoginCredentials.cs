using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Logging;
using PostgresAccess.Access;
using PostgresAccess.Connection;
using PostgresAccess.Records;

namespace PostgresAccess.Logins;

/// <summary>
/// The credentials events, the same for both resource types: the grantee's login role is per user, not per type,
/// so create, reset and delete act on it whichever type Apono names (and ignore the request's resources).
/// </summary>
internal sealed partial class LoginCredentials(PostgresConnector connector, Roles roles, AccessRecords records)
{
    /// <summary>Sets a new generated password (creating the login role when <paramref name="createRole"/>) and returns it.</summary>
    /// <exception cref="ResourceNotFoundException">Reset for a user whose login role does not exist.</exception>
    public async Task<CredentialsReply> SetPasswordAsync(CredentialsRequest request, bool createRole, ILogger logger, CancellationToken cancellationToken)
    {
        var identity = RoleNames.Identity(request.Username);
        var userRole = RoleNames.ForUser(request.Username);
        await using var server = await connector.OpenServerAsync(request, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, cancellationToken).ConfigureAwait(false);
        await records.PrepareAsync(maintenance, server.Target, cancellationToken).ConfigureAwait(false);
        await roles.LockAsync(maintenance, Roles.UserLock(userRole), cancellationToken).ConfigureAwait(false);
        try
        {
            if (createRole)
            {
                await roles.EnsureLoginRoleAsync(maintenance, userRole, identity, cancellationToken).ConfigureAwait(false);
            }
            else if (!await roles.CheckOwnershipAsync(maintenance, userRole, identity, cancellationToken).ConfigureAwait(false))
            {
                throw new ResourceNotFoundException($"There is no PostgreSQL role {userRole} for this user; grant access or create credentials first.");
            }

            var password = PasswordGenerator.Generate();
            await roles.SetPasswordAsync(maintenance, userRole, ScramVerifier.Create(password), cancellationToken).ConfigureAwait(false);
            LogPasswordSet(logger, userRole);
            return new CredentialsReply(password);
        }
        finally
        {
            await roles.UnlockAsync(maintenance, Roles.UserLock(userRole)).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the password and the right to log in, ends open sessions, and drops the role when it holds no grant.</summary>
    public async Task DeleteAsync(DeleteCredentialsRequest request, CancellationToken cancellationToken)
    {
        var userRole = RoleNames.ForUser(request.Username);
        await using var server = await connector.OpenServerAsync(request, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, cancellationToken).ConfigureAwait(false);
        await records.PrepareAsync(maintenance, server.Target, cancellationToken).ConfigureAwait(false);
        await roles.LockAsync(maintenance, Roles.UserLock(userRole), cancellationToken).ConfigureAwait(false);
        try
        {
            if (await roles.CheckOwnershipAsync(maintenance, userRole, RoleNames.Identity(request.Username), cancellationToken).ConfigureAwait(false))
            {
                await roles.DisableLoginAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
                await roles.DropUserIfUnusedAsync(server, maintenance, userRole, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await roles.UnlockAsync(maintenance, Roles.UserLock(userRole)).ConfigureAwait(false);
        }
    }

    [LoggerMessage(LogLevel.Information, "Set a new password on {UserRole}")]
    private static partial void LogPasswordSet(ILogger logger, string userRole);
}
