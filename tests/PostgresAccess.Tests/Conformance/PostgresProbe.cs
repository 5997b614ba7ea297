using SampleConformance;
using PostgresAccess.Access;
using PostgresAccess.Tests.Infrastructure;

namespace PostgresAccess.Tests.Conformance;

/// <summary>Reads the real catalog (<c>has_*_privilege</c>, which follows role membership) for the seeded orders database.</summary>
public sealed class PostgresProbe(PostgresCluster cluster) : IAccessProbe
{
    public async Task<bool> HasAccessAsync(string username, string resourceId, string permission)
    {
        var role = RoleNames.ForUser(username);
        if (!await cluster.ScalarAsync<bool>("postgres", "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", role))
        {
            return false;
        }

        Assert.True(ResourceId.TryParse(resourceId, out var id));
        Assert.Equal("orders", id.Database);
        var schema = id.Schema ?? "sales";
        var sql = permission switch
        {
            "read" => "SELECT has_database_privilege($1, 'orders', 'CONNECT') AND has_schema_privilege($1, $2, 'USAGE') AND has_table_privilege($1, $2 || '.' || $3, 'SELECT')",
            "write" => "SELECT has_database_privilege($1, 'orders', 'CONNECT') AND has_table_privilege($1, $2 || '.' || $3, 'SELECT, INSERT, UPDATE, DELETE')",
            "admin" => "SELECT has_schema_privilege($1, $2, 'CREATE') AND has_table_privilege($1, $2 || '.' || $3, 'TRUNCATE, REFERENCES, TRIGGER')"
                       + (id.IsDatabase ? " AND has_database_privilege($1, 'orders', 'CREATE')" : string.Empty),
            _ => throw new ArgumentOutOfRangeException(nameof(permission)),
        };
        var table = schema == "sales" ? "invoices" : "customers";
        return await cluster.ScalarAsync<bool>("orders", sql, role, schema, table);
    }
}
