using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Logging;
using Npgsql;
using PostgresAccess.Access;
using PostgresAccess.Connection;

namespace PostgresAccess;

/// <summary>
/// The roles this sample manages: one login role per grantee (<see cref="RoleNames.ForUser"/>) and one
/// <c>NOLOGIN</c> group role per grant (<see cref="RoleNames.ForGrant"/>) that holds the grant's privileges.
/// </summary>
internal sealed partial class Roles(ILogger<Roles> logger)
{
    private sealed record RoleState(bool IsSuperuser, bool HasMemberships, bool HoldsObjectsOrPrivileges);

    /// <summary>
    /// Serializes every change for one grantee across concurrent invocations (Apono retries, parallel grants):
    /// a session advisory lock on the maintenance connection, released by <see cref="UnlockAsync"/>.
    /// </summary>
    public Task LockAsync(NpgsqlConnection maintenance, string userRole, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(maintenance, "SELECT pg_advisory_lock(hashtextextended($1, 0))", "waiting for the role lock", cancellationToken, userRole);

    public Task UnlockAsync(NpgsqlConnection maintenance, string userRole) =>
        Sql.ExecuteAsync(maintenance, "SELECT pg_advisory_unlock(hashtextextended($1, 0))", "releasing the role lock", CancellationToken.None, userRole);

    public async Task<bool> ExistsAsync(NpgsqlConnection maintenance, string role, CancellationToken cancellationToken) =>
        await FindAsync(maintenance, role, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Creates the grantee's login role when missing; refuses to touch a role that is a superuser.</summary>
    public async Task EnsureLoginRoleAsync(NpgsqlConnection maintenance, string userRole, CancellationToken cancellationToken)
    {
        var state = await FindAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
        if (state is { IsSuperuser: true })
        {
            throw new InvalidRequestException($"The role {userRole} exists and is a superuser; this integration does not manage it.");
        }

        if (state is null)
        {
            await Sql.ExecuteFormattedAsync(
                maintenance,
                "CREATE ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT",
                [userRole],
                $"creating role {userRole}",
                cancellationToken).ConfigureAwait(false);
            LogRoleCreated(logger, userRole);
        }
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
    /// so nothing the user creates is ever owned by the grant role.
    /// </summary>
    public async Task AddMemberAsync(NpgsqlConnection maintenance, string grantRole, string userRole, CancellationToken cancellationToken)
    {
        var isMember = await Sql.QueryAsync(
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
        if (isMember.Count > 0)
        {
            return;
        }

        var template = maintenance.PostgreSqlVersion.Major >= 16 ? "GRANT %I TO %I WITH INHERIT TRUE, SET FALSE" : "GRANT %I TO %I";
        await Sql.ExecuteFormattedAsync(maintenance, template, [grantRole, userRole], $"granting {grantRole} to {userRole}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a grant's privileges away and drops its group role. In every database where the role holds
    /// something (found through <c>pg_shdepend</c>), <c>REASSIGN OWNED</c> hands any object it owns to the admin
    /// (no user data is dropped) and <c>DROP OWNED</c> revokes its privileges and default privileges.
    /// </summary>
    /// <returns><see langword="false"/> when the grant role did not exist (an earlier revoke did the work).</returns>
    public async Task<bool> DropGrantRoleAsync(PostgresServer server, NpgsqlConnection maintenance, string grantRole, CancellationToken cancellationToken)
    {
        var state = await FindAsync(maintenance, grantRole, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return false;
        }

        var databases = await Sql.QueryAsync(
            maintenance,
            """
            SELECT DISTINCT d.datname FROM pg_shdepend s JOIN pg_database d ON d.oid = s.dbid
            WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = (SELECT oid FROM pg_roles WHERE rolname = $1) AND d.datallowconn
            """,
            static row => row.GetString(0),
            $"finding what {grantRole} holds",
            cancellationToken,
            grantRole).ConfigureAwait(false);
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
                var action = $"revoking {grantRole} in database {database}";
                await Sql.ExecuteFormattedAsync(connection, "REASSIGN OWNED BY %I TO CURRENT_USER", [grantRole], action, cancellationToken).ConfigureAwait(false);
                await Sql.ExecuteFormattedAsync(connection, "DROP OWNED BY %I", [grantRole], action, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (!ReferenceEquals(connection, maintenance))
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        await Sql.ExecuteFormattedAsync(maintenance, "DROP ROLE IF EXISTS %I", [grantRole], $"dropping role {grantRole}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Drops the grantee's login role once it is a member of no grant role and holds nothing, ending its open
    /// sessions. A role that still owns objects (created under an <c>admin</c> grant) keeps them but loses its login.
    /// </summary>
    public async Task DropUserIfUnusedAsync(NpgsqlConnection maintenance, string userRole, CancellationToken cancellationToken)
    {
        var state = await FindAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
        if (state is null or { HasMemberships: true } or { IsSuperuser: true })
        {
            return;
        }

        if (state.HoldsObjectsOrPrivileges)
        {
            await DisableLoginAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
            LogRoleKept(logger, userRole);
            return;
        }

        await TerminateSessionsAsync(maintenance, userRole, cancellationToken).ConfigureAwait(false);
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

    private static Task TerminateSessionsAsync(NpgsqlConnection maintenance, string userRole, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(
            maintenance,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()",
            $"ending the sessions of {userRole}",
            cancellationToken,
            userRole);

    private static async Task<RoleState?> FindAsync(NpgsqlConnection maintenance, string role, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            maintenance,
            """
            SELECT r.rolsuper,
                   EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = r.oid),
                   EXISTS (SELECT 1 FROM pg_shdepend s WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = r.oid)
            FROM pg_roles r WHERE r.rolname = $1
            """,
            static row => new RoleState(row.GetBoolean(0), row.GetBoolean(1), row.GetBoolean(2)),
            $"looking up role {role}",
            cancellationToken,
            role).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    [LoggerMessage(LogLevel.Information, "Created login role {Role}")]
    private static partial void LogRoleCreated(ILogger logger, string role);

    [LoggerMessage(LogLevel.Information, "Dropped login role {Role}: it holds no grant any more")]
    private static partial void LogRoleDropped(ILogger logger, string role);

    [LoggerMessage(LogLevel.Warning, "Login role {Role} holds no grant but still owns objects or privileges; its login was disabled and the role kept")]
    private static partial void LogRoleKept(ILogger logger, string role);
}
