using Npgsql;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests.Attacks;

/// <summary>
/// Finding 1: system schemas were grantable although list-resources never listed them; a read grant on pg_catalog
/// exposed every role's password verifier. Grants now pass the same filters the listing uses.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SystemSchemaTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Theory]
    [InlineData("schema:orders/pg_catalog", "orders", "pg_catalog")]
    [InlineData("schema:orders/pg_toast", "orders", "pg_toast")]
    [InlineData("schema:orders/information_schema", "orders", "information_schema")]
    [InlineData("schema:orders/pg_temp_1", "orders", "pg_temp_1")]
    [InlineData("schema:orders/pg_toast_temp_1", "orders", "pg_toast_temp_1")]
    [InlineData("schema:postgres/apono_access", "postgres", "apono_access")]
    public async Task GrantAccess_SchemaListResourcesNeverLists_NotFoundAndNoRoleOrPrivilege(string resourceId, string database, string schema)
    {
        var user = NewUser("sys");
        var grant = AccessParams(user, "read", resourceId);

        var outcome = await Host.InvokeAsync("grant-access", grant);

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Equal($"Resource {resourceId} does not exist: database \"{database}\" has no schema \"{schema}\" that list-resources lists.", outcome.ErrorMessage);
        Assert.False(await RoleExistsAsync(UserRole(user)));
        Assert.False(await RoleExistsAsync(GrantRole(grant["grant_id"]!.GetValue<string>())));
        Assert.Equal(0L, await Cluster.ScalarAsync<long>("postgres", "SELECT count(*) FROM apono_access.grants WHERE grant_id = $1", grant["grant_id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("db:template1")]
    [InlineData("db:template0")]
    public async Task GrantAccess_TemplateDatabase_NotFoundAndNoRole(string resourceId)
    {
        var user = NewUser("tpl");

        var outcome = await Host.InvokeAsync("grant-access", AccessParams(user, "read-all", resourceId));

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Equal($"Resource {resourceId} does not exist: there is no database \"{resourceId[3..]}\" that list-resources lists.", outcome.ErrorMessage);
        Assert.False(await RoleExistsAsync(UserRole(user)));
    }

    [Fact]
    public async Task GrantAccess_ReadOnTheMaintenanceDatabase_CannotReadPasswordVerifiersNorTheRecords()
    {
        var user = NewUser("verifiers");
        var role = UserRole(user);
        await InvokeOkAsync("grant-access", AccessParams(user, "read-all", "db:postgres"));
        var password = (await InvokeOkAsync("create-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();

        var listed = new List<string>();
        foreach (var type in new[] { DatabaseType, SchemaType })
        {
            listed.AddRange((await InvokeOkAsync("list-resources", ListParams(type))).Reply()["resources"]!.AsArray().Select(static r => r!["id"]!.GetValue<string>()));
        }

        Assert.Contains("db:postgres", listed);
        Assert.DoesNotContain("schema:postgres/apono_access", listed);
        Assert.DoesNotContain(listed, static id => id.StartsWith("schema:postgres/pg_", StringComparison.Ordinal));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "postgres", "SELECT rolpassword FROM pg_catalog.pg_authid"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "postgres", "SELECT * FROM apono_access.grants"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "postgres", "SELECT * FROM apono_access.login_roles"))?.SqlState);
        Assert.False(await Cluster.ScalarAsync<bool>("postgres", "SELECT has_schema_privilege($1, 'apono_access', 'USAGE')", role));
        Assert.False(await Cluster.ScalarAsync<bool>("postgres", "SELECT has_table_privilege($1, 'pg_catalog.pg_authid', 'SELECT')", role));
    }
}
