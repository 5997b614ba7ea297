using Apono.Integration.Sdk.Contracts;
using Npgsql;
using PostgresAccess.Access;
using PostgresAccess.Connection;
using PostgresAccess.Schemas;

namespace PostgresAccess.Databases;

/// <summary>The databases that are resources of type <c>postgres-database</c> (<c>db:&lt;name&gt;</c>): listing, lookup and database-wide grants.</summary>
internal sealed class DatabaseCatalog(SchemaCatalog schemas)
{
    internal sealed record DatabaseInfo(string Name, string Owner, string Encoding, string Size);

    /// <summary>Which databases are resources, for listing and for every grant alike: open to connections, not templates, and the admin may connect.</summary>
    private const string ListedFilter = "d.datallowconn AND NOT d.datistemplate AND has_database_privilege(d.oid, 'CONNECT')";

    /// <summary>Lists the databases that are resources (see <see cref="ListedFilter"/>).</summary>
    public Task<List<DatabaseInfo>> ListAsync(NpgsqlConnection maintenance, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            maintenance,
            "SELECT d.datname, pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), pg_size_pretty(pg_database_size(d.oid)) FROM pg_database d WHERE "
            + ListedFilter + " ORDER BY d.datname",
            static row => new DatabaseInfo(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3)),
            "listing databases",
            cancellationToken);

    /// <summary>Returns which of <paramref name="names"/> are listed databases (the same <see cref="ListedFilter"/>).</summary>
    public async Task<HashSet<string>> FindListedAsync(NpgsqlConnection maintenance, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var found = await Sql.QueryAsync(
            maintenance,
            "SELECT d.datname FROM pg_database d WHERE d.datname = ANY($1) AND " + ListedFilter,
            static row => row.GetString(0),
            "looking up databases",
            cancellationToken,
            (object)names.ToArray()).ConfigureAwait(false);
        return new HashSet<string>(found, StringComparer.Ordinal);
    }

    public static AponoResource ToResource(DatabaseInfo database, string resourceType) =>
        new(ResourceId.ForDatabase(database.Name).ToString(), database.Name)
        {
            Type = resourceType,
            Metadata = new Dictionary<string, string>
            {
                ["owner"] = database.Owner,
                ["encoding"] = database.Encoding,
                ["size"] = database.Size,
            },
        };

    /// <summary>
    /// Grants <paramref name="permission"/> on the whole database: CONNECT, then, unless it is <c>connect</c>, the
    /// schema, table, sequence and default privileges of its level in every schema the database holds now.
    /// <paramref name="connection"/> must be connected to the database itself.
    /// </summary>
    public async Task GrantAsync(NpgsqlConnection connection, string database, DatabasePermission permission, string grantRole, CancellationToken cancellationToken)
    {
        await Sql.ExecuteFormattedAsync(
            connection,
            $"GRANT {AccessLevel.DatabasePrivileges} ON DATABASE %I TO %I",
            [database, grantRole],
            $"granting {permission.Id} on database {database}",
            cancellationToken).ConfigureAwait(false);
        if (permission.Level is not { } level)
        {
            return;
        }

        foreach (var schema in await schemas.ListAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            await schemas.GrantInSchemaAsync(connection, database, schema.Name, level, grantRole, cancellationToken).ConfigureAwait(false);
        }
    }
}
