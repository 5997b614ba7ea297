using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Logging;
using Npgsql;
using PostgresAccess.Access;
using PostgresAccess.Connection;
using PostgresAccess.Records;

namespace PostgresAccess;

/// <summary>
/// The roles this sample manages: one login role per grantee (<see cref="RoleNames.ForUser"/>) and one
/// <c>NOLOGIN</c> group role per grant (<see cref="RoleNames.ForGrant"/>) that holds the grant's privileges.
/// </summary>
/// <remarks>
/// Nothing a grantee owns is ever handed to another role: on revoke, what the grant role owns is dropped
/// (<c>DROP OWNED</c>), and so is what the login role owns when its last grant goes. There is no
/// <c>REASSIGN OWNED</c>: on PostgreSQL 15 a member can <c>SET ROLE</c> to the grant role, so an object reassigned to
/// the admin could be one the grantee planted (a <c>SECURITY DEFINER</c> function) and would then run as the admin.
/// </remarks>
internal sealed partial class Roles(ILogger<Roles> logger, AccessRecords records)
{
    private sealed record RoleState(bool IsSuperuser, bool HasMemberships);

    /// <summary>
    /// Serializes every change for one key (<c>user:</c> + a login role, <c>grant:</c> + a grant id) across concurrent
    /// invocations: a session advisory lock on the maintenance connection, released by <see cref="UnlockAsync"/>.
    /// A grant takes its grant lock before its user lock; nothing takes them the other way round.
    /// </summary>
    public Task LockAsync(NpgsqlConnection maintenance, string key, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(maintenance, "SELECT pg_advisory_lock(hashtextextended($1, 0))", "waiting for the lock", cancellationToken, key);

    /// <summary>Releases a lock <see cref="LockAsync"/> took. Not cancellable on purpose: it runs in <c>finally</c> blocks, also after a cancellation, and a pooled connection keeps its session's locks.</summary>
    public Task UnlockAsync(NpgsqlConnection maintenance, string key) =>
        Sql.ExecuteAsync(maintenance, "SELECT pg_advisory_unlock(hashtextextended($1, 0))", "releasing the lock", CancellationToken.None, key);

    public static string UserLock(string userRole) => "user:" + userRole;

    public static string GrantLock(string grantId) => "grant:" + grantId;

    /// <summary>
    /// Checks that <paramref name="userRole"/> may be used for <paramref name="identity"/>: recorded for it, or neither
    /// recorded nor existing. Returns whether the role exists.
    /// </summary>
    /// <exception cref="InvalidRequestException">The role is recorded for another e-mail, exists without a record, or is a superuser.</exception>
    public async Task<bool> CheckOwnershipAsync(NpgsqlConnection maintenance, string userRole, string identity, CancellationToken cancellationToken)
    {
        var recorded = await records.FindLoginRoleAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
        if (recorded is not null && !string.Equals(recorded, identity, StringComparison.Ordinal))
        {
            throw new InvalidRequestException(
                $"The login role {userRole} is recorded for another e-mail address that normalizes to the same name; this e-mail is refused and the role is left alone.");
        }

        var state = await FindAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
        if (state is { IsSuperuser: true })
        {
            throw new InvalidRequestException($"The role {userRole} exists and is a superuser; this integration does not manage it.");
        }

        if (recorded is null && state is not null)
        {
            throw new InvalidRequestException($"The role {userRole} exists but this integration has no record of creating it; it is not adopted.");
        }

        return state is not null;
    }

    /// <summary>Creates the grantee's login role (and its record) when missing, after <see cref="CheckOwnershipAsync"/>.</summary>
    public async Task EnsureLoginRoleAsync(NpgsqlConnection maintenance, string userRole, string identity, CancellationToken cancellationToken)
    {
        if (await CheckOwnershipAsync(maintenance, userRole, identity, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await using var transaction = await maintenance.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await records.FindLoginRoleAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false) is null)
        {
            await records.RecordLoginRoleAsync(maintenance, userRole, identity, cancellationToken).ConfigureAwait(false);
        }

        await Sql.ExecuteFormattedAsync(
            maintenance,
            "CREATE ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT",
            [userRole],
            $"creating role {userRole}",
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogRoleCreated(logger, userRole);
    }

    /// <summary>Creates the grant's group role when missing.</summary>
    public async Task EnsureGrantRoleAsync(NpgsqlConnection maintenance, string grantRole, CancellationToken cancellationToken)
    {
        if (await FindAsync(maintenance, grantRole, cancellationToken).ConfigureAwait(false) is null)
        {
            await Sql.ExecuteFormattedAsync(
                maintenance, "CREATE ROLE %I WITH NOLOGIN NOINHERIT", [grantRole], $"creating role {grantRole}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes the login role a member of the grant role. On PostgreSQL 16+ the membership cannot <c>SET ROLE</c>,
    /// so nothing the user creates is ever owned by the grant role; on 15 it can, and revoke drops what it owns.
    /// </summary>
    public async Task AddMemberAsync(NpgsqlConnection maintenance, string grantRole, string userRole, CancellationToken cancellationToken)
    {
        if (await IsMemberAsync(maintenance, grantRole, userRole, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var template = maintenance.PostgreSqlVersion.Major >= 16 ? "GRANT %I TO %I WITH INHERIT TRUE, SET FALSE" : "GRANT %I TO %I";
        await Sql.ExecuteFormattedAsync(maintenance, template, [grantRole, userRole], $"granting {grantRole} to {userRole}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a grant away: first the membership (the privileges end at once), then the grantee's open sessions
    /// (with their temporary objects and any <c>SET ROLE</c>), then, in every database where the grant role holds
    /// something (<c>pg_shdepend</c>), <c>DROP OWNED</c>: its privileges, default privileges and anything it owns
    /// are dropped, never reassigned. Then the role itself.
    /// </summary>
    /// <returns><see langword="false"/> when the grant role did not exist (an earlier revoke did the work).</returns>
    public async Task<bool> DropGrantRoleAsync(PostgresServer server, NpgsqlConnection maintenance, string grantRole, string userRole, CancellationToken cancellationToken)
    {
        if (await FindAsync(maintenance, grantRole, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        if (await IsMemberAsync(maintenance, grantRole, userRole, cancellationToken).ConfigureAwait(false))
        {
            await Sql.ExecuteFormattedAsync(maintenance, "REVOKE %I FROM %I", [grantRole, userRole], $"revoking {grantRole} from {userRole}", cancellationToken).ConfigureAwait(false);
        }

        await TerminateSessionsAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
        await DropOwnedEverywhereAsync(server, maintenance, grantRole, cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteFormattedAsync(maintenance, "DROP ROLE IF EXISTS %I", [grantRole], $"dropping role {grantRole}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Drops the grantee's login role once it is a member of no grant role, after ending its sessions and dropping
    /// everything it owns in every database (large objects, anything created through <c>PUBLIC</c> privileges).
    /// Its record stays, so the name is never given to another e-mail.
    /// </summary>
    public async Task DropUserIfUnusedAsync(PostgresServer server, NpgsqlConnection maintenance, string userRole, CancellationToken cancellationToken)
    {
        var state = await FindAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
        if (state is null or { HasMemberships: true } or { IsSuperuser: true })
        {
            return;
        }

        await Sql.ExecuteFormattedAsync(
            maintenance, "ALTER ROLE %I WITH NOLOGIN PASSWORD NULL", [userRole], $"disabling login of {userRole}", cancellationToken).ConfigureAwait(false);
        await TerminateSessionsAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
        await DropOwnedEverywhereAsync(server, maintenance, userRole, cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteFormattedAsync(maintenance, "DROP ROLE IF EXISTS %I", [userRole], $"dropping role {userRole}", cancellationToken).ConfigureAwait(false);
        LogRoleDropped(logger, userRole);
    }

    /// <summary>Sets the password as a SCRAM-SHA-256 verifier (see <see cref="ScramVerifier"/>) and allows login.</summary>
    public Task SetPasswordAsync(NpgsqlConnection maintenance, string userRole, string scramVerifier, CancellationToken cancellationToken) =>
        Sql.ExecuteFormattedAsync(
            maintenance, "ALTER ROLE %I WITH LOGIN PASSWORD %L", [userRole, scramVerifier], $"setting the password of {userRole}", cancellationToken);

    /// <summary>Removes the password and the right to log in, and ends the role's open sessions.</summary>
    public async Task DisableLoginAsync(NpgsqlConnection maintenance, string userRole, CancellationToken cancellationToken)
    {
        await Sql.ExecuteFormattedAsync(
            maintenance, "ALTER ROLE %I WITH NOLOGIN PASSWORD NULL", [userRole], $"disabling login of {userRole}", cancellationToken).ConfigureAwait(false);
        await TerminateSessionsAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
    }

    private async Task DropOwnedEverywhereAsync(PostgresServer server, NpgsqlConnection maintenance, string role, CancellationToken cancellationToken)
    {
        var databases = await Sql.QueryAsync(
            maintenance,
            """
            SELECT DISTINCT d.datname FROM pg_shdepend s JOIN pg_database d ON d.oid = s.dbid
            WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = (SELECT oid FROM pg_roles WHERE rolname = $1) AND d.datallowconn
            """,
            static row => row.GetString(0),
            $"finding what {role} holds",
            cancellationToken,
            role).ConfigureAwait(false);
        if (!databases.Contains(maintenance.Database, StringComparer.Ordinal))
        {
            // Database-level privileges live on shared catalog rows; DROP OWNED in any database removes them.
            databases.Add(maintenance.Database);
        }

        foreach (var database in databases)
        {
            var connection = string.Equals(database, maintenance.Database, StringComparison.Ordinal)
                ? maintenance
                : await server.OpenAsync(database, cancellationToken).ConfigureAwait(false);
            try
            {
                await Sql.ExecuteFormattedAsync(connection, "DROP OWNED BY %I", [role], $"dropping what {role} owns in database {database}", cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (!ReferenceEquals(connection, maintenance))
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task<bool> IsMemberAsync(NpgsqlConnection maintenance, string grantRole, string userRole, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            maintenance,
            """
            SELECT 1 FROM pg_auth_members m
            JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE g.rolname = $1 AND u.rolname = $2
            """,
            static _ => true,
            $"checking membership of {userRole}",
            cancellationToken,
            grantRole,
            userRole).ConfigureAwait(false);
        return rows.Count > 0;
    }

    /// <summary>Ends the role's sessions and waits (up to 5 s each) until they are gone, with their temporary objects.</summary>
    private static Task TerminateSessionsAsync(NpgsqlConnection maintenance, string userRole, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(
            maintenance,
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()",
            $"ending the sessions of {userRole}",
            cancellationToken,
            userRole);

    private static async Task<RoleState?> FindAsync(NpgsqlConnection maintenance, string role, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            maintenance,
            "SELECT r.rolsuper, EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = r.oid) FROM pg_roles r WHERE r.rolname = $1",
            static row => new RoleState(row.GetBoolean(0), row.GetBoolean(1)),
            $"looking up role {role}",
            cancellationToken,
            role).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    [LoggerMessage(LogLevel.Information, "Created login role {Role}")]
    private static partial void LogRoleCreated(ILogger logger, string role);

    [LoggerMessage(LogLevel.Information, "Dropped login role {Role}: it holds no grant any more")]
    private static partial void LogRoleDropped(ILogger logger, string role);
}
