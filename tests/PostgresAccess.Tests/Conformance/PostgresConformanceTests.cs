using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Testing;
using PostgresAccess.Access;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests.Conformance;

[Collection(PostgresCollection.Name)]
public sealed class PostgresConformanceTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Theory]
    [InlineData(DatabaseType)]
    [InlineData(SchemaType)]
    public async Task Function_RealCluster_PassesTheConformanceSuiteForEachDeclaredType(string resourceType)
    {
        Assert.Equal([DatabaseType, SchemaType], Host.Capabilities.ResourceTypes.Select(static t => t.Name));
        var declared = Host.Capabilities.ResourceTypes.Single(t => t.Name == resourceType);
        Assert.Equal(
            ["list-resources", "grant-access", "revoke-access", "create-credentials", "reset-credentials", "delete-credentials"],
            declared.Events);
        var options = new AponoConformanceOptions { ResourceType = resourceType, Username = $"conformance.{resourceType}@example.com" };
        foreach (var (key, value) in Settings())
        {
            options.CustomParameters[key] = value;
        }

        // The suite's grant_ids are the same in every run (apono-conformance-grant-001, ...), and this function keeps a
        // revoked grant_id as a tombstone that refuses it for good. Each type's run therefore keeps its records in a
        // maintenance database of its own, as a second deployment of the function would.
        var records = "conformance_" + resourceType.Replace('-', '_');
        await Cluster.ExecuteAsync("postgres", $"CREATE DATABASE {records}");
        var environment = TargetEnvironment();
        environment[$"PostgresAccess__Targets__{TargetName}__Database"] = records;
        var host = NewHost(environment);

        var report = await AponoConformance.RunAsync(host, options);

        report.AssertAllPassed();
        // Nothing skipped: each type implements every event the suite exercises, credentials included.
        Assert.DoesNotContain(report.Results, static r => r.Outcome == AponoConformanceOutcome.Skipped);
        // Grant and revoke ran for every permission of the type (4 for databases, 3 for schemas).
        Assert.Equal(resourceType == DatabaseType ? 4 : 3, declared.Permissions.Count);
        Assert.Equal(declared.Permissions.Count, report.Results.Count(static r => r.Rule == "revoke-access.idempotent" && r.Outcome == AponoConformanceOutcome.Passed));
        Assert.Contains(report.Results, static r => r.Rule == "create-credentials.secret" && r.Outcome == AponoConformanceOutcome.Passed);
        // The run cleans up after itself on the real server: revoke and delete-credentials dropped the grantee's role.
        Assert.False(await RoleExistsAsync(RoleNames.ForUser(options.Username)));
    }

    [Theory]
    [InlineData("db:orders", "connect")]
    [InlineData("db:orders", "read-all")]
    [InlineData("db:orders", "write-all")]
    [InlineData("db:orders", "admin-all")]
    [InlineData("schema:orders/sales", "read")]
    [InlineData("schema:orders/sales", "write")]
    [InlineData("schema:orders/sales", "admin")]
    [InlineData("schema:orders/public", "read")]
    public async Task GrantRevoke_PermissionOnResource_TakesEffectInTheCatalogAndRepeatsAreNoOps(string resourceId, string permission)
    {
        var user = NewUser("conformance");
        var grant = AccessParams(user, permission, resourceId);
        Assert.False(await HasAccessAsync(user, resourceId, permission), "access before the grant");

        await AssertOkAsync("grant-access", grant);
        Assert.True(await HasAccessAsync(user, resourceId, permission), "no access after the grant");

        await AssertOkAsync("grant-access", grant);
        Assert.True(await HasAccessAsync(user, resourceId, permission), "no access after the repeated grant");

        await AssertOkAsync("revoke-access", grant);
        Assert.False(await HasAccessAsync(user, resourceId, permission), "access after the revoke");

        await AssertOkAsync("revoke-access", grant);
        Assert.False(await HasAccessAsync(user, resourceId, permission), "access after the repeated revoke");
    }

    private async Task AssertOkAsync(string eventType, System.Text.Json.Nodes.JsonObject parameters) =>
        Assert.Equal("""{"status":"ok"}""", (await Host.InvokeAsync(eventType, parameters)).Json);

    /// <summary>Reads the real catalog (<c>has_*_privilege</c>, which follows role membership) for the seeded orders database.</summary>
    private async Task<bool> HasAccessAsync(string username, string resourceId, string permission)
    {
        var role = UserRole(username);
        if (!await RoleExistsAsync(role))
        {
            return false;
        }

        Assert.True(ResourceId.TryParse(resourceId, out var id));
        Assert.Equal("orders", id.Database);
        var schema = id.Schema ?? "sales";
        var sql = permission switch
        {
            // PUBLIC has CONNECT on every database by default: look for CONNECT held through one of the user's grant roles.
            "connect" => """
                SELECT EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a JOIN pg_auth_members m ON m.roleid = a.grantee JOIN pg_roles u ON u.oid = m.member
                               WHERE d.datname = 'orders' AND u.rolname = $1 AND a.privilege_type = 'CONNECT')
                       AND NOT has_schema_privilege($1, $2, 'USAGE') AND NOT has_table_privilege($1, $2 || '.' || $3, 'SELECT')
                """,
            "read" or "read-all" => "SELECT has_database_privilege($1, 'orders', 'CONNECT') AND has_schema_privilege($1, $2, 'USAGE') AND has_table_privilege($1, $2 || '.' || $3, 'SELECT')",
            "write" or "write-all" => "SELECT has_database_privilege($1, 'orders', 'CONNECT') AND has_table_privilege($1, $2 || '.' || $3, 'SELECT, INSERT, UPDATE, DELETE')",
            "admin" or "admin-all" => "SELECT has_database_privilege($1, 'orders', 'CONNECT') AND has_table_privilege($1, $2 || '.' || $3, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')",
            _ => throw new ArgumentOutOfRangeException(nameof(permission)),
        };
        var table = schema == "sales" ? "invoices" : "customers";
        return await Cluster.ScalarAsync<bool>("orders", sql, role, schema, table);
    }
}
