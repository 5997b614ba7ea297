using Npgsql;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests.Attacks;

/// <summary>
/// Findings 2 and 3: admin included TRIGGER on others' tables and CREATE, objects survived revoke, and on
/// PostgreSQL 15 a grantee could SET ROLE to the grant role and plant a SECURITY DEFINER function that revoke
/// handed to the admin. Each attack is made for real; the catalog is read afterwards.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PrivilegeEscalationTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Fact]
    public async Task AdminOnSchema_TriggerOnAnotherOwnersTableAndCreatingObjects_AreRefused_AndRevokeLeavesNothing()
    {
        var user = NewUser("trigger");
        var role = UserRole(user);
        var grant = AccessParams(user, "admin", "schema:orders/sales");
        await InvokeOkAsync("grant-access", grant);
        var password = (await InvokeOkAsync("create-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "orders",
            "CREATE TRIGGER planted BEFORE INSERT ON sales.invoices FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "orders",
            "CREATE FUNCTION sales.planted() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN RETURN NEW; END $$"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "orders", "CREATE TABLE sales.planted (id int)"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "orders", "CREATE SCHEMA planted"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "orders",
            "ALTER TABLE sales.invoices ADD CONSTRAINT planted FOREIGN KEY (id) REFERENCES sales.invoices (id)"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "orders",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT ALL ON TABLES TO PUBLIC; CREATE TABLE sales.planted2 (id int)"))?.SqlState);
        Assert.True(await Cluster.ScalarAsync<bool>("orders", """
            SELECT NOT has_table_privilege($1, 'sales.invoices', 'TRIGGER') AND NOT has_table_privilege($1, 'sales.invoices', 'REFERENCES')
               AND NOT has_schema_privilege($1, 'sales', 'CREATE') AND NOT has_database_privilege($1, 'orders', 'CREATE')
               AND has_table_privilege($1, 'sales.invoices', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
            """, role));

        await InvokeOkAsync("revoke-access", grant);

        Assert.Equal(0L, await Cluster.ScalarAsync<long>("orders", "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'sales.invoices'::regclass AND NOT tgisinternal"));
        Assert.Equal(0L, await Cluster.ScalarAsync<long>("orders", "SELECT count(*) FROM pg_proc WHERE proname = 'planted'"));
        Assert.False(await RoleExistsAsync(role));
        Assert.False(await RoleExistsAsync(GrantRole(grant["grant_id"]!.GetValue<string>())));
        Assert.Equal(["postgres"], await SuperusersAsync());
    }

    [Fact]
    public async Task SetRoleToTheGrantRole_PlantedSecurityDefinerFunctionAndLargeObject_AreDroppedNotHandedToTheAdmin()
    {
        var user = NewUser("setrole");
        var role = UserRole(user);
        var grantId = Guid.NewGuid().ToString();
        var grantRole = GrantRole(grantId);
        var function = "escalate_" + Guid.NewGuid().ToString("N")[..8];
        var grant = GrantParams(grantId, user, "write", "schema:orders/sales");
        await InvokeOkAsync("grant-access", grant);
        var password = (await InvokeOkAsync("create-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();

        await using var session = new NpgsqlConnection(Cluster.ConnectionString("orders", role, password));
        await session.OpenAsync();
        if (session.PostgreSqlVersion.Major >= 16)
        {
            // 16+: the membership is WITH SET FALSE, so the attack stops here.
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(session, $"SET ROLE {grantRole}"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            return;
        }

        // PostgreSQL 15: any membership allows SET ROLE. Plant what a later REASSIGN OWNED ... TO CURRENT_USER would have handed to the admin.
        await ExecuteAsync(session, $"SET ROLE {grantRole}");
        await ExecuteAsync(session, $"CREATE FUNCTION pg_temp.{function}() RETURNS void LANGUAGE sql SECURITY DEFINER AS $$ ALTER ROLE {role} SUPERUSER $$");
        var largeObject = await ScalarAsync<uint>(session, "SELECT lo_from_bytea(0, 'planted'::bytea)");
        var create = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(session, $"CREATE FUNCTION sales.{function}() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, create.SqlState);
        Assert.Equal(grantRole, await Cluster.ScalarAsync<string>("orders", "SELECT pg_get_userbyid(lomowner) FROM pg_largeobject_metadata WHERE oid::bigint = $1", (long)largeObject));

        await InvokeOkAsync("revoke-access", grant);

        // The grantee's session was ended by the revoke: the planted function cannot be called, it is gone, and so is the large object.
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(session, $"SELECT pg_temp.{function}()"));
        Assert.Equal(0L, await Cluster.ScalarAsync<long>("orders", "SELECT count(*) FROM pg_proc WHERE proname = $1", function));
        Assert.Equal(0L, await Cluster.ScalarAsync<long>("orders", "SELECT count(*) FROM pg_largeobject_metadata WHERE oid::bigint = $1", (long)largeObject));
        Assert.False(await RoleExistsAsync(role));
        Assert.False(await RoleExistsAsync(grantRole));
        Assert.Equal(["postgres"], await SuperusersAsync());
        Assert.Equal(0L, await Cluster.ScalarAsync<long>("postgres", "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid WHERE r.rolname = $1", grantRole));
    }

    [Fact]
    public async Task LastGrantRevoked_ObjectsTheLoginRoleOwnsThroughPublicPrivileges_AreDroppedWithTheRole()
    {
        var user = NewUser("lo");
        var role = UserRole(user);
        var grant = AccessParams(user, "read-all", "db:crm");
        await InvokeOkAsync("grant-access", grant);
        var password = (await InvokeOkAsync("create-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();
        uint largeObject;
        await using (var session = new NpgsqlConnection(Cluster.ConnectionString("crm", role, password)))
        {
            await session.OpenAsync();
            largeObject = await ScalarAsync<uint>(session, "SELECT lo_from_bytea(0, 'kept?'::bytea)");
        }

        await InvokeOkAsync("revoke-access", grant);

        Assert.Equal(0L, await Cluster.ScalarAsync<long>("crm", "SELECT count(*) FROM pg_largeobject_metadata WHERE oid::bigint = $1", (long)largeObject));
        Assert.False(await RoleExistsAsync(role));
    }

    private async Task<string[]> SuperusersAsync() =>
        await Cluster.ScalarAsync<string[]>("postgres", "SELECT array_agg(rolname ORDER BY rolname) FROM pg_roles WHERE rolsuper");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
