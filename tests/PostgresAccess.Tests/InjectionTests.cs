using System.Text.Json.Nodes;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests;

/// <summary>Hostile text in every field a request carries is rejected or harmless; the catalog proves it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class InjectionTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    public static TheoryData<string> HostileUsernames => new()
    {
        "\";DROP/**/ROLE/**/postgres;--@example.com",
        "o'brien';DROP/**/TABLE/**/sales.invoices;--@example.com",
        "back\\slash\\\"@example.com",
        "ünïcødé.名前@exämple.com",
        "$$;DROP/**/ROLE/**/postgres;$$@example.com",
        "%I%L%s@example.com",
        "@example.com",
        new string('a', 300) + "@example.com",
    };

    [Theory]
    [MemberData(nameof(HostileUsernames))]
    public async Task GrantAndRevoke_HostileUsername_CreateOnlyASanitizedRoleAndLeaveTheRestAlone(string username)
    {
        var rolesBefore = await RoleCountAsync();
        var grant = AccessParams(username, "read-all", "db:orders");

        await InvokeOkAsync("grant-access", grant);
        var password = (await InvokeOkAsync("create-credentials", CredentialsParams(username))).Reply()["secret"]!.GetValue<string>();

        var role = UserRole(username);
        Assert.Matches("^apono_[a-z0-9_]{1,24}_[0-9a-f]{32}$", role);
        Assert.True(await RoleExistsAsync(role));
        Assert.Equal(rolesBefore + 2, await RoleCountAsync());
        Assert.Null(await TryAsUserAsync(role, password, "orders", "SELECT count(*) FROM sales.invoices"));
        await AssertCatalogIntactAsync();

        await InvokeOkAsync("revoke-access", grant);

        Assert.Equal(rolesBefore, await RoleCountAsync());
        await AssertCatalogIntactAsync();
    }

    [Theory]
    [InlineData("\"; DROP ROLE postgres; --@example.com")]
    [InlineData("o'brien'; DROP TABLE sales.invoices; --@example.com")]
    [InlineData("jane\n@example.com")]
    public async Task GrantAccess_UsernameWithSpaceOrControlCharacter_RejectedAndCatalogUnchanged(string username)
    {
        var rolesBefore = await RoleCountAsync();

        var outcome = await Host.InvokeAsync("grant-access", AccessParams(username, "read-all", "db:orders"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.StartsWith("params.username contains a control or space character", outcome.ErrorMessage);
        Assert.Equal(rolesBefore, await RoleCountAsync());
        await AssertCatalogIntactAsync();
    }

    [Theory]
    [InlineData("db:orders\"; DROP ROLE postgres; --")]
    [InlineData("db:orders'; DROP TABLE sales.invoices; --")]
    [InlineData("schema:orders/sales\"; DROP SCHEMA sales CASCADE; --")]
    [InlineData("schema:orders/sales/extra")]
    [InlineData("db:orders\\")]
    [InlineData("db:")]
    [InlineData("schema:/sales")]
    [InlineData("schema:orders/")]
    [InlineData("db:orders%zz")]
    [InlineData("db:orders%00")]
    [InlineData("table:orders/sales/invoices")]
    [InlineData("orders")]
    [InlineData("db:örders")]
    public async Task GrantAccess_HostileOrUnknownResourceId_NotFoundAndCatalogUnchanged(string resourceId)
    {
        var user = NewUser("inject");
        var rolesBefore = await RoleCountAsync();

        var outcome = await Host.InvokeAsync("grant-access", AccessParams(user, ReadOf(resourceId), resourceId));

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.StartsWith("Resource ", outcome.ErrorMessage!.Replace("Unknown resource id", "Resource ", StringComparison.Ordinal));
        Assert.Equal(rolesBefore, await RoleCountAsync());
        await AssertCatalogIntactAsync();
    }

    [Theory]
    [InlineData("read; DROP ROLE postgres")]
    [InlineData("read\"")]
    [InlineData("READ")]
    [InlineData("ALL PRIVILEGES")]
    [InlineData("")]
    public async Task GrantAccess_HostilePermission_InvalidRequestAndCatalogUnchanged(string permission)
    {
        var rolesBefore = await RoleCountAsync();

        var outcome = await Host.InvokeAsync("grant-access", AccessParams(NewUser(), permission, "db:orders"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.NotNull(outcome.ErrorMessage);
        Assert.Equal(rolesBefore, await RoleCountAsync());
        await AssertCatalogIntactAsync();
    }

    [Fact]
    public async Task GrantAccess_HostileGrantId_IsHashedIntoTheGroupRoleName()
    {
        var user = NewUser("grantid");
        var grant = GrantParams("\"; DROP ROLE postgres; --", user, "read-all", "db:orders");

        await InvokeOkAsync("grant-access", grant);
        await InvokeOkAsync("grant-access", grant);

        Assert.True(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, 'sales.invoices', 'SELECT')", UserRole(user)));
        await InvokeOkAsync("revoke-access", grant);
        Assert.False(await RoleExistsAsync(UserRole(user)));
        await AssertCatalogIntactAsync();
    }

    [Fact]
    public async Task ListAndGrant_NamesNeedingQuotes_AreQuotedByTheServer()
    {
        const string database = "we\"ird; db/1%";
        const string schema = "sch'ema\\ \"x\"";
        await Cluster.ExecuteAsync("postgres", "CREATE DATABASE \"we\"\"ird; db/1%\"");
        await Cluster.ExecuteAsync(database, "CREATE SCHEMA \"sch'ema\\ \"\"x\"\"\"; CREATE TABLE \"sch'ema\\ \"\"x\"\"\".t (id int);");

        var databaseIds = (await InvokeOkAsync("list-resources", ListParams(DatabaseType))).Reply()["resources"]!.AsArray().Select(static r => r!["id"]!.GetValue<string>()).ToList();
        var ids = (await InvokeOkAsync("list-resources", ListParams(SchemaType))).Reply()["resources"]!.AsArray().Select(static r => r!["id"]!.GetValue<string>()).ToList();
        const string schemaId = "schema:we\"ird; db%2F1%25/sch'ema\\ \"x\"";
        Assert.Contains("db:we\"ird; db%2F1%25", databaseIds);
        Assert.Contains(schemaId, ids);

        var user = NewUser("quoted");
        await InvokeOkAsync("grant-access", AccessParams(user, "read", schemaId));

        Assert.True(await Cluster.ScalarAsync<bool>(database, "SELECT has_table_privilege($1, format('%I.t', $2::text), 'SELECT')", UserRole(user), schema));
        await AssertCatalogIntactAsync();
    }

    private async Task AssertCatalogIntactAsync()
    {
        Assert.True(await RoleExistsAsync("postgres"));
        Assert.True(await Cluster.ScalarAsync<bool>("postgres", "SELECT rolsuper FROM pg_roles WHERE rolname = 'postgres'"));
        Assert.Equal(2L, await Cluster.ScalarAsync<long>("orders", "SELECT count(*) FROM sales.invoices WHERE amount IN (10, 20)"));
        Assert.True(await Cluster.ScalarAsync<bool>("orders", "SELECT to_regclass('public.customers') IS NOT NULL"));
    }
}
