using Npgsql;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests.Attacks;

/// <summary>
/// Finding 7: a grant_id reused for a second user merged both users' privileges, revoke ignored the username, and a
/// grant redelivered after its revoke granted again for good. A grant_id is now bound by its first delivery.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GrantIdentityTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    private const string Reused = "This grant_id is already bound to another user, permission or resource list; a reused grant_id is refused.";

    [Fact]
    public async Task GrantAccess_GrantIdReusedForAnotherUserPermissionOrResources_RefusedAndNothingMerged()
    {
        var grantId = Guid.NewGuid().ToString();
        var first = NewUser("first");
        var second = NewUser("second");
        await InvokeOkAsync("grant-access", GrantParams(grantId, first, "read-all", "db:orders"));

        var otherUser = await Host.InvokeAsync("grant-access", GrantParams(grantId, second, "read-all", "db:orders"));
        var otherPermission = await Host.InvokeAsync("grant-access", GrantParams(grantId, first, "write-all", "db:orders"));
        var otherResources = await Host.InvokeAsync("grant-access", GrantParams(grantId, first, "read-all", "db:orders", "db:crm"));
        var again = await Host.InvokeAsync("grant-access", GrantParams(grantId, first, "read-all", "db:orders"));

        foreach (var outcome in new[] { otherUser, otherPermission, otherResources })
        {
            Assert.Equal("InvalidRequest", outcome.ErrorType);
            Assert.Equal(Reused, outcome.ErrorMessage);
        }

        Assert.Equal("""{"status":"ok"}""", again.Json);
        Assert.False(await RoleExistsAsync(UserRole(second)));
        Assert.Equal([UserRole(first)], await MembersAsync(GrantRole(grantId)));
        Assert.False(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, 'sales.invoices', 'INSERT')", UserRole(first)));
        Assert.False(await Cluster.ScalarAsync<bool>("crm", "SELECT has_table_privilege($1, 'public.contacts', 'SELECT')", UserRole(first)));
        Assert.Equal("{db:orders}", await Cluster.ScalarAsync<string>("postgres", "SELECT resources::text FROM apono_access.grants WHERE grant_id = $1", grantId));
    }

    [Fact]
    public async Task RevokeAccess_NamingAThirdUser_RefusedAndTheGranteeKeepsAccess()
    {
        var grantId = Guid.NewGuid().ToString();
        var grantee = NewUser("grantee");
        var third = NewUser("third");
        await InvokeOkAsync("grant-access", GrantParams(grantId, grantee, "read-all", "db:orders"));

        var outcome = await Host.InvokeAsync("revoke-access", GrantParams(grantId, third, "read-all", "db:orders"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("This grant_id was granted to another user; a revoke naming a different username is refused and changes nothing.", outcome.ErrorMessage);
        Assert.True(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, 'sales.invoices', 'SELECT')", UserRole(grantee)));
        Assert.Equal([UserRole(grantee)], await MembersAsync(GrantRole(grantId)));
        Assert.True(await Cluster.ScalarAsync<bool>("postgres", "SELECT revoked_at IS NULL FROM apono_access.grants WHERE grant_id = $1", grantId));

        await InvokeOkAsync("revoke-access", GrantParams(grantId, grantee, "read-all", "db:orders"));
        Assert.False(await RoleExistsAsync(UserRole(grantee)));
    }

    [Fact]
    public async Task GrantAccess_RedeliveredAfterItsRevoke_RefusedAndNoAccessComesBack()
    {
        var grantId = Guid.NewGuid().ToString();
        var user = NewUser("redelivered");
        var grant = GrantParams(grantId, user, "read-all", "db:orders");
        await InvokeOkAsync("grant-access", grant);
        await InvokeOkAsync("revoke-access", grant);

        var outcome = await Host.InvokeAsync("grant-access", grant);
        var revokeAgain = await Host.InvokeAsync("revoke-access", grant);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("This grant_id was revoked; a grant delivered again after its revoke is refused. Request access anew.", outcome.ErrorMessage);
        Assert.Equal("""{"status":"ok"}""", revokeAgain.Json);
        Assert.False(await RoleExistsAsync(UserRole(user)));
        Assert.False(await RoleExistsAsync(GrantRole(grantId)));
        Assert.True(await Cluster.ScalarAsync<bool>("postgres", "SELECT revoked_at IS NOT NULL FROM apono_access.grants WHERE grant_id = $1", grantId));
    }

    [Fact]
    public async Task Tombstone_OlderThanTombstoneDays_IsDeletedByTheNextRevoke()
    {
        var old = Guid.NewGuid().ToString();
        var user = NewUser("tombstone");
        await InvokeOkAsync("grant-access", GrantParams(old, user, "read-all", "db:orders"));
        await InvokeOkAsync("revoke-access", GrantParams(old, user, "read-all", "db:orders"));
        await Cluster.ExecuteAsync("postgres", $"UPDATE apono_access.grants SET revoked_at = now() - interval '366 days' WHERE grant_id = '{old}'");
        var recent = AccessParams(NewUser("recent"), "read-all", "db:orders");
        await InvokeOkAsync("grant-access", recent);

        await InvokeOkAsync("revoke-access", recent);

        Assert.Equal(0L, await Cluster.ScalarAsync<long>("postgres", "SELECT count(*) FROM apono_access.grants WHERE grant_id = $1", old));
        Assert.Equal(1L, await Cluster.ScalarAsync<long>("postgres", "SELECT count(*) FROM apono_access.grants WHERE grant_id = $1", recent["grant_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Records_SchemaPlantedByAnotherRole_RefusedBeforeAnyGrant()
    {
        var database = "planted_" + Guid.NewGuid().ToString("N")[..8];
        await Cluster.ExecuteAsync("postgres", $"CREATE DATABASE {database}; CREATE ROLE {database}_owner NOLOGIN");
        await Cluster.ExecuteAsync(database, $"CREATE SCHEMA apono_access AUTHORIZATION {database}_owner");
        var environment = TargetEnvironment();
        environment[$"PostgresAccess__Targets__{TargetName}__Database"] = database;
        var user = NewUser("planted");

        var outcome = await NewHost(environment).InvokeAsync("grant-access", AccessParams(user, "read-all", "db:orders"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            $"The schema apono_access in database {database} of target ci is owned by another role, or holds objects another role owns; this integration keeps its records there and refuses to trust them. Drop or fix it as a superuser.",
            outcome.ErrorMessage);
        Assert.False(await RoleExistsAsync(UserRole(user)));
        Assert.Equal(0L, await Cluster.ScalarAsync<long>(database, "SELECT count(*) FROM pg_class WHERE relnamespace = 'apono_access'::regnamespace"));
    }

    private async Task<string[]> MembersAsync(string grantRole) =>
        await Cluster.ScalarAsync<string[]>(
            "postgres",
            "SELECT coalesce(array_agg(u.rolname ORDER BY u.rolname), '{}') FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1",
            grantRole);
}
