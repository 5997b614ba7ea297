using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Testing;
using PostgresAccess.Access;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests.Conformance;

[Collection(PostgresCollection.Name)]
public sealed class PostgresConformanceTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Fact]
    public async Task Function_RealCluster_PassesTheConformanceSuite()
    {
        var options = new AponoConformanceOptions { ResourceType = ResourceType };
        foreach (var (key, value) in Settings())
        {
            options.CustomParameters[key] = value;
        }

        var report = await AponoConformance.RunAsync(Host, options);

        report.AssertAllPassed();
        // The sample implements every event the suite exercises, credentials included; the one skip: it declares no
        // resource types, so no type is undeclared.
        Assert.Equal(["errors.undeclared-resource-type"], report.Results.Where(static r => r.Outcome == AponoConformanceOutcome.Skipped).Select(static r => r.Rule));
        Assert.Equal(3, report.Results.Count(static r => r.Rule == "revoke-access.idempotent" && r.Outcome == AponoConformanceOutcome.Passed));
        Assert.Contains(report.Results, static r => r.Rule == "create-credentials.secret" && r.Outcome == AponoConformanceOutcome.Passed);
        // The run cleans up after itself on the real server: revoke and delete-credentials dropped the grantee's role.
        Assert.False(await RoleExistsAsync(RoleNames.ForUser(options.Username)));
    }

    [Theory]
    [InlineData("db:orders", "read")]
    [InlineData("db:orders", "write")]
    [InlineData("db:orders", "admin")]
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
            "read" => "SELECT has_database_privilege($1, 'orders', 'CONNECT') AND has_schema_privilege($1, $2, 'USAGE') AND has_table_privilege($1, $2 || '.' || $3, 'SELECT')",
            "write" => "SELECT has_database_privilege($1, 'orders', 'CONNECT') AND has_table_privilege($1, $2 || '.' || $3, 'SELECT, INSERT, UPDATE, DELETE')",
            "admin" => "SELECT has_database_privilege($1, 'orders', 'CONNECT') AND has_table_privilege($1, $2 || '.' || $3, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')",
            _ => throw new ArgumentOutOfRangeException(nameof(permission)),
        };
        var table = schema == "sales" ? "invoices" : "customers";
        return await Cluster.ScalarAsync<bool>("orders", sql, role, schema, table);
    }
}
