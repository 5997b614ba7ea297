using System.Text.Json.Nodes;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests.Attacks;

/// <summary>
/// The two resource types each have their own permissions and ids. A request that mixes them (a permission of the
/// other type, an id of the other type, the single type of earlier versions, a grant_id reused across types) is
/// refused before anything changes, and what was granted before stays.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossTypeTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Theory]
    [InlineData(SchemaType, "read-all", "schema:orders/sales", "read, write, admin")]
    [InlineData(SchemaType, "connect", "schema:orders/sales", "read, write, admin")]
    [InlineData(DatabaseType, "read", "db:orders", "connect, read-all, write-all, admin-all")]
    [InlineData(DatabaseType, "admin", "db:orders", "connect, read-all, write-all, admin-all")]
    public async Task GrantAccess_PermissionOfTheOtherType_InvalidRequestAndNoRoleGrantOrRecord(string resourceType, string permission, string resourceId, string offered)
    {
        var user = NewUser("crossperm");
        var grant = AccessParams(user, permission, resourceId);
        grant["resource_type"] = resourceType;
        var rolesBefore = await RoleCountAsync();

        var outcome = await Host.InvokeAsync("grant-access", grant);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal($"permission '{permission}' is not declared for resource type '{resourceType}'; its permissions are: {offered}.", outcome.ErrorMessage);
        await AssertNothingCreatedAsync(user, grant, rolesBefore);
    }

    [Theory]
    [InlineData(DatabaseType, "read-all", new[] { "schema:orders/sales" }, "Resource schema:orders/sales is not a postgres-database resource; resource type postgres-schema lists it.")]
    [InlineData(DatabaseType, "read-all", new[] { "db:orders", "schema:orders/sales" }, "Resource schema:orders/sales is not a postgres-database resource; resource type postgres-schema lists it.")]
    [InlineData(SchemaType, "read", new[] { "db:orders" }, "Resource db:orders is not a postgres-schema resource; resource type postgres-database lists it.")]
    [InlineData(SchemaType, "admin", new[] { "schema:orders/sales", "db:crm" }, "Resource db:crm is not a postgres-schema resource; resource type postgres-database lists it.")]
    public async Task GrantAccess_IdOfTheOtherType_NotFoundAndNoRoleGrantOrRecord(string resourceType, string permission, string[] resources, string message)
    {
        var user = NewUser("crossid");
        var grant = AccessParams(user, permission, resources);
        grant["resource_type"] = resourceType;
        var rolesBefore = await RoleCountAsync();

        var outcome = await Host.InvokeAsync("grant-access", grant);

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Equal(message, outcome.ErrorMessage);
        await AssertNothingCreatedAsync(user, grant, rolesBefore);
    }

    [Fact]
    public async Task GrantAccess_TheSingleTypeOfEarlierVersions_InvalidRequestAndNothingCreated()
    {
        var user = NewUser("legacy");
        var grant = AccessParams(user, "read", "db:orders");
        grant["resource_type"] = "postgresql";
        var rolesBefore = await RoleCountAsync();

        var outcome = await Host.InvokeAsync("grant-access", grant);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("resource_type 'postgresql' is not served by this integration; it declares: postgres-database, postgres-schema.", outcome.ErrorMessage);
        await AssertNothingCreatedAsync(user, grant, rolesBefore);
    }

    [Fact]
    public async Task ExistingSchemaGrant_GrantIdReusedWithTheDatabaseTypeAndRevokeWithItsPermission_RefusedAndTheGranteeKeepsAccess()
    {
        var grantId = Guid.NewGuid().ToString();
        var user = NewUser("keeps");
        await InvokeOkAsync("grant-access", GrantParams(grantId, user, "read", "schema:orders/sales"));

        var reused = await Host.InvokeAsync("grant-access", GrantParams(grantId, user, "read-all", "db:orders"));
        var revokeWithOtherPermission = GrantParams(grantId, user, "read-all", "schema:orders/sales");
        var revoke = await Host.InvokeAsync("revoke-access", revokeWithOtherPermission);

        Assert.Equal("InvalidRequest", reused.ErrorType);
        Assert.Equal("This grant_id is already bound to another user, permission or resource list; a reused grant_id is refused.", reused.ErrorMessage);
        Assert.Equal("InvalidRequest", revoke.ErrorType);
        Assert.Equal("permission 'read-all' is not declared for resource type 'postgres-schema'; its permissions are: read, write, admin.", revoke.ErrorMessage);
        // Nothing gained, nothing lost: the schema grant is intact, nothing database-wide was added, the record is unchanged.
        Assert.True(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, 'sales.invoices', 'SELECT')", UserRole(user)));
        Assert.False(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, 'public.customers', 'SELECT')", UserRole(user)));
        Assert.Equal([UserRole(user)], await Cluster.ScalarAsync<string[]>(
            "postgres",
            "SELECT coalesce(array_agg(u.rolname), '{}') FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1",
            GrantRole(grantId)));
        Assert.Equal("read {schema:orders/sales} active", await Cluster.ScalarAsync<string>(
            "postgres",
            "SELECT permission || ' ' || resources::text || CASE WHEN revoked_at IS NULL THEN ' active' ELSE ' revoked' END FROM apono_access.grants WHERE grant_id = $1",
            grantId));

        await InvokeOkAsync("revoke-access", GrantParams(grantId, user, "read", "schema:orders/sales"));
        Assert.False(await RoleExistsAsync(UserRole(user)));
    }

    private async Task AssertNothingCreatedAsync(string user, JsonObject grant, long rolesBefore)
    {
        var grantId = grant["grant_id"]!.GetValue<string>();
        Assert.Equal(rolesBefore, await RoleCountAsync());
        Assert.False(await RoleExistsAsync(UserRole(user)));
        Assert.False(await RoleExistsAsync(GrantRole(grantId)));
        // Refused by the SDK, the function never connected: the records may not even exist yet in this cluster.
        if (await Cluster.ScalarAsync<bool>("postgres", "SELECT to_regclass('apono_access.grants') IS NOT NULL"))
        {
            Assert.Equal(0L, await Cluster.ScalarAsync<long>("postgres", "SELECT count(*) FROM apono_access.grants WHERE grant_id = $1", grantId));
        }
    }
}
