using System.Collections.Concurrent;
using System.Globalization;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Configuration;
using Npgsql;
using PostgresAccess.Connection;

namespace PostgresAccess.Records;

/// <summary>
/// What this integration did, kept in the target itself: the schema <c>apono_access</c> in the maintenance database,
/// owned by the admin, with no privilege for anyone else (and never listed or grantable).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>login_roles(role_name, identity)</c>: which e-mail each login role was created for. A role recorded for
/// another e-mail is never reused, and a role this integration has no record of creating is never adopted.</item>
/// <item><c>grants(grant_id, identity, user_role, grant_role, permission, resources, granted_at, revoked_at)</c>: what
/// each <c>grant_id</c> is bound to. A reuse with another user, permission or resource list is refused; a revoke
/// naming another user is refused; a revoked grant stays as a tombstone for <c>PostgresAccess:TombstoneDays</c>
/// (default 365) after its revoke, and a grant redelivered in that time is refused.</item>
/// </list>
/// The schema and tables are created on first use; when the schema already exists but another role owns it or
/// anything in it, the function refuses to work with the target rather than trust records someone else could write.
/// </remarks>
internal sealed class AccessRecords(IConfiguration configuration)
{
    public const string Schema = "apono_access";
    public const int DefaultTombstoneDays = 365;

    private readonly ConcurrentDictionary<string, bool> prepared = new(StringComparer.Ordinal);

    /// <summary>Gets how long a revoked grant's tombstone is kept, in days.</summary>
    /// <exception cref="InvalidRequestException">The setting is not a whole number of days of at least 1.</exception>
    public int TombstoneDays =>
        configuration["PostgresAccess:TombstoneDays"] is not { Length: > 0 } text
            ? DefaultTombstoneDays
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 1
                ? days
                : throw new InvalidRequestException("The deploy-time setting PostgresAccess:TombstoneDays must be a whole number of days, at least 1.");

    /// <summary>Creates the schema and tables when missing (once per process and target) and checks who owns them.</summary>
    public async Task PrepareAsync(NpgsqlConnection maintenance, PostgresTarget target, CancellationToken cancellationToken)
    {
        var key = $"{target.Name}\n{target.Host}\n{target.Port}\n{target.Database}";
        if (prepared.ContainsKey(key))
        {
            return;
        }

        await using (var transaction = await maintenance.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            // Concurrent first invocations would race on CREATE ... IF NOT EXISTS; one at a time.
            await Sql.ExecuteAsync(maintenance, "SELECT pg_advisory_xact_lock(hashtextextended('apono_access:setup', 0))", "preparing the apono_access records", cancellationToken).ConfigureAwait(false);
            await Sql.ExecuteAsync(
                maintenance,
                $"""
                CREATE SCHEMA IF NOT EXISTS {Schema};
                REVOKE ALL ON SCHEMA {Schema} FROM PUBLIC;
                CREATE TABLE IF NOT EXISTS {Schema}.login_roles (
                    role_name text PRIMARY KEY,
                    identity text NOT NULL,
                    recorded_at timestamptz NOT NULL DEFAULT now());
                CREATE TABLE IF NOT EXISTS {Schema}.grants (
                    grant_id text PRIMARY KEY,
                    identity text NOT NULL,
                    user_role text NOT NULL,
                    grant_role text NOT NULL UNIQUE,
                    permission text NOT NULL,
                    resources text[] NOT NULL,
                    granted_at timestamptz NOT NULL DEFAULT now(),
                    revoked_at timestamptz);
                REVOKE ALL ON ALL TABLES IN SCHEMA {Schema} FROM PUBLIC;
                """,
                "preparing the apono_access records",
                cancellationToken).ConfigureAwait(false);
            var trusted = await Sql.QueryAsync(
                maintenance,
                $"""
                SELECT n.nspowner = r.oid
                       AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relowner <> r.oid)
                       AND NOT EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = n.oid AND p.proowner <> r.oid)
                       AND NOT EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace = n.oid AND t.typowner <> r.oid)
                FROM pg_namespace n, pg_roles r
                WHERE n.nspname = '{Schema}' AND r.rolname = current_user
                """,
                static row => row.GetBoolean(0),
                "checking the owner of the apono_access records",
                cancellationToken).ConfigureAwait(false);
            if (trusted is not [true])
            {
                throw new InvalidRequestException(
                    $"The schema {Schema} in database {target.Database} of target {target.Name} is owned by another role, or holds objects another role owns; this integration keeps its records there and refuses to trust them. Drop or fix it as a superuser.");
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        prepared[key] = true;
    }

    /// <summary>Returns the identity a login role was created for, or <see langword="null"/> when there is no record.</summary>
    public async Task<string?> FindLoginRoleAsync(NpgsqlConnection maintenance, string role, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            maintenance, $"SELECT identity FROM {Schema}.login_roles WHERE role_name = $1", static row => row.GetString(0), $"looking up the record of {role}", cancellationToken, role).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task RecordLoginRoleAsync(NpgsqlConnection maintenance, string role, string identity, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(
            maintenance, $"INSERT INTO {Schema}.login_roles (role_name, identity) VALUES ($1, $2)", $"recording {role}", cancellationToken, role, identity);

    public async Task<GrantRecord?> FindGrantAsync(NpgsqlConnection maintenance, string grantId, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            maintenance,
            $"SELECT identity, user_role, grant_role, permission, resources, revoked_at IS NOT NULL FROM {Schema}.grants WHERE grant_id = $1",
            static row => new GrantRecord(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetFieldValue<string[]>(4), row.GetBoolean(5)),
            "looking up the grant record",
            cancellationToken,
            grantId).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task RecordGrantAsync(NpgsqlConnection maintenance, string grantId, GrantRecord record, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(
            maintenance,
            $"INSERT INTO {Schema}.grants (grant_id, identity, user_role, grant_role, permission, resources) VALUES ($1, $2, $3, $4, $5, $6)",
            "recording the grant",
            cancellationToken,
            grantId,
            record.Identity,
            record.UserRole,
            record.GrantRole,
            record.Permission,
            record.Resources.ToArray());

    /// <summary>Marks the grant revoked (its tombstone) and deletes tombstones older than <see cref="TombstoneDays"/>.</summary>
    public async Task MarkRevokedAsync(NpgsqlConnection maintenance, string grantId, CancellationToken cancellationToken)
    {
        var days = TombstoneDays;
        await Sql.ExecuteAsync(
            maintenance, $"UPDATE {Schema}.grants SET revoked_at = now() WHERE grant_id = $1 AND revoked_at IS NULL", "recording the revoke", cancellationToken, grantId).ConfigureAwait(false);
        await Sql.ExecuteAsync(
            maintenance, $"DELETE FROM {Schema}.grants WHERE revoked_at < now() - make_interval(days => $1)", "deleting expired tombstones", cancellationToken, days).ConfigureAwait(false);
    }
}
