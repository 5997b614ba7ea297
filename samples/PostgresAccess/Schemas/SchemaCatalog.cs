using Apono.Integration.Sdk.Contracts;
using Microsoft.Extensions.Logging;
using Npgsql;
using PostgresAccess.Access;
using PostgresAccess.Connection;

namespace PostgresAccess.Schemas;

/// <summary>The schemas that are resources of type <c>postgres-schema</c> (<c>schema:&lt;database&gt;/&lt;schema&gt;</c>): listing, lookup and schema grants.</summary>
internal sealed partial class SchemaCatalog(ILogger<SchemaCatalog> logger)
{
    internal sealed record SchemaInfo(string Name, string Owner);

    /// <summary>
    /// Which schemas are resources, for listing and for every grant alike: not the system schemas (<c>pg_catalog</c>,
    /// <c>pg_toast</c>, <c>pg_temp_N</c>, any <c>pg_*</c>), not <c>information_schema</c>, not this sample's records
    /// (<c>apono_access</c>). A grant on anything else is refused as not found.
    /// </summary>
    private const string ListedFilter = "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND n.nspname <> '" + Records.AccessRecords.Schema + "'";

    /// <summary>Lists the user schemas of the connected database (see <see cref="ListedFilter"/>).</summary>
    public Task<List<SchemaInfo>> ListAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection,
            "SELECT n.nspname, pg_get_userbyid(n.nspowner) FROM pg_namespace n WHERE " + ListedFilter + " ORDER BY n.nspname",
            static row => new SchemaInfo(row.GetString(0), row.GetString(1)),
            "listing schemas",
            cancellationToken);

    public static AponoResource ToResource(string database, SchemaInfo schema, string resourceType) =>
        new(ResourceId.ForSchema(database, schema.Name).ToString(), $"{database}.{schema.Name}")
        {
            Type = resourceType,
            Metadata = new Dictionary<string, string>
            {
                ["database"] = database,
                ["owner"] = schema.Owner,
            },
        };

    /// <summary>Grants <paramref name="level"/> on one schema: CONNECT on its database, then what <see cref="GrantInSchemaAsync"/> grants; <paramref name="connection"/> must be connected to <paramref name="database"/>.</summary>
    public async Task GrantAsync(NpgsqlConnection connection, string database, string schema, AccessLevel level, string grantRole, CancellationToken cancellationToken)
    {
        await Sql.ExecuteFormattedAsync(
            connection, $"GRANT {AccessLevel.DatabasePrivileges} ON DATABASE %I TO %I", [database, grantRole], $"granting CONNECT on database {database}", cancellationToken).ConfigureAwait(false);
        await GrantInSchemaAsync(connection, database, schema, level, grantRole, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Grants the schema, table and sequence privileges of <paramref name="level"/>, and the same as default
    /// privileges for tables and sequences the schema's owner creates later.
    /// </summary>
    public async Task GrantInSchemaAsync(NpgsqlConnection connection, string database, string schema, AccessLevel level, string grantRole, CancellationToken cancellationToken)
    {
        var action = $"granting {level.Id} on schema {database}.{schema}";
        string[] arguments = [schema, grantRole];
        await Sql.ExecuteFormattedAsync(connection, $"GRANT {AccessLevel.SchemaPrivileges} ON SCHEMA %I TO %I", arguments, action, cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteFormattedAsync(connection, $"GRANT {level.TablePrivileges} ON ALL TABLES IN SCHEMA %I TO %I", arguments, action, cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteFormattedAsync(connection, $"GRANT {level.SequencePrivileges} ON ALL SEQUENCES IN SCHEMA %I TO %I", arguments, action, cancellationToken).ConfigureAwait(false);

        // Tables created later get the same privileges when their creator is the schema's owner (for the
        // public schema, owned by pg_database_owner, the database's owner). Setting that needs membership in the owner.
        var owners = await Sql.QueryAsync(
            connection,
            """
            SELECT o.owner, pg_has_role(current_user, o.owner, 'MEMBER')
            FROM (SELECT CASE WHEN n.nspowner = 'pg_database_owner'::regrole THEN pg_get_userbyid(d.datdba) ELSE pg_get_userbyid(n.nspowner) END AS owner
                  FROM pg_namespace n, pg_database d
                  WHERE n.nspname = $1 AND d.datname = current_database()) o
            """,
            static row => (Owner: row.GetString(0), CanSet: row.GetBoolean(1)),
            action,
            cancellationToken,
            schema).ConfigureAwait(false);
        if (owners is not [var owner])
        {
            return;
        }

        if (!owner.CanSet)
        {
            LogNoDefaultPrivileges(logger, database, schema);
            return;
        }

        string[] defaultArguments = [owner.Owner, schema, grantRole];
        await Sql.ExecuteFormattedAsync(
            connection, $"ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT {level.TablePrivileges} ON TABLES TO %I", defaultArguments, action, cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteFormattedAsync(
            connection, $"ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT {level.SequencePrivileges} ON SEQUENCES TO %I", defaultArguments, action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns which of <paramref name="names"/> exist in the connected database and are listed (the same <see cref="ListedFilter"/>).</summary>
    public async Task<HashSet<string>> FindListedAsync(NpgsqlConnection connection, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var found = await Sql.QueryAsync(
            connection,
            "SELECT n.nspname FROM pg_namespace n WHERE n.nspname = ANY($1) AND " + ListedFilter,
            static row => row.GetString(0),
            "looking up schemas",
            cancellationToken,
            (object)names.ToArray()).ConfigureAwait(false);
        return new HashSet<string>(found, StringComparer.Ordinal);
    }

    [LoggerMessage(LogLevel.Warning, "Default privileges not set on schema {Database}.{Schema}: the admin user is not a member of its owner, so tables created later need a new grant")]
    private static partial void LogNoDefaultPrivileges(ILogger logger, string database, string schema);
}
