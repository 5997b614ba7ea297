using System.Text.Json.Nodes;
using Npgsql;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests;

[Collection(PostgresCollection.Name)]
public sealed class AccessLifecycleTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Fact]
    public async Task GrantThenCreateCredentials_ReadOnDatabase_LoginWorksUntilRevoke()
    {
        var user = NewUser("jane");
        var role = UserRole(user);
        var grant = AccessParams(user, "read-all", "db:orders");

        await InvokeOkAsync("grant-access", grant);
        var created = await InvokeOkAsync("create-credentials", CredentialsParams(user));
        var password = created.Reply()["secret"]!.GetValue<string>();

        Assert.Equal(["status", "secret"], created.Reply().AsObject().Select(static p => p.Key));
        Assert.Equal(32, password.Length);
        Assert.Null(await TryAsUserAsync(role, password, "orders", "SELECT count(*) FROM sales.invoices"));
        Assert.Null(await TryAsUserAsync(role, password, "orders", "SELECT count(*) FROM public.customers"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "orders", "INSERT INTO sales.invoices (amount) VALUES (1)"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "crm", "SELECT * FROM public.contacts"))?.SqlState);
        Assert.True(await Cluster.ScalarAsync<bool>("postgres", "SELECT rolcanlogin AND NOT rolsuper AND NOT rolcreaterole FROM pg_roles WHERE rolname = $1", role));

        await InvokeOkAsync("revoke-access", grant);

        Assert.False(await RoleExistsAsync(role));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, (await TryAsUserAsync(role, password, "orders"))?.SqlState);
        Assert.False(await RoleExistsAsync(GrantRole(grant["grant_id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Grant_ConnectOnADatabaseClosedToPublic_LoginWorksButNoSchemaOrTableUntilRevoke()
    {
        var database = "closed_" + Guid.NewGuid().ToString("N")[..8];
        await Cluster.ExecuteAsync("postgres", $"CREATE DATABASE {database}; REVOKE CONNECT ON DATABASE {database} FROM PUBLIC");
        await Cluster.ExecuteAsync(database, "CREATE SCHEMA app; CREATE TABLE app.t (id int); REVOKE ALL ON SCHEMA public FROM PUBLIC");
        var user = NewUser("connect");
        var role = UserRole(user);
        var grant = AccessParams(user, "connect", "db:" + database);
        var password = (await InvokeOkAsync("create-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, database))?.SqlState);

        await InvokeOkAsync("grant-access", grant);

        Assert.Null(await TryAsUserAsync(role, password, database));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, database, "SELECT * FROM app.t"))?.SqlState);
        Assert.True(await Cluster.ScalarAsync<bool>(database, """
            SELECT NOT has_schema_privilege($1, 'app', 'USAGE') AND NOT has_schema_privilege($1, 'public', 'USAGE') AND NOT has_table_privilege($1, 'app.t', 'SELECT')
               AND NOT has_database_privilege($1, current_database(), 'CREATE')
            """, role));

        await InvokeOkAsync("revoke-access", grant);

        Assert.False(await RoleExistsAsync(role));
        Assert.False(await RoleExistsAsync(GrantRole(grant["grant_id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Grant_WriteOnSchema_GivesThatSchemaOnly()
    {
        var user = NewUser("writer");
        var role = UserRole(user);
        await InvokeOkAsync("grant-access", AccessParams(user, "write", "schema:orders/sales"));
        var password = (await InvokeOkAsync("create-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();

        Assert.Null(await TryAsUserAsync(role, password, "orders", "INSERT INTO sales.invoices (amount) VALUES (5)"));
        Assert.Null(await TryAsUserAsync(role, password, "orders", "UPDATE sales.invoices SET amount = amount WHERE amount = 5"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "orders", "SELECT * FROM public.customers"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "orders", "CREATE TABLE sales.mine (id int)"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(role, password, "orders", "TRUNCATE sales.invoices"))?.SqlState);
        Assert.False(await Cluster.ScalarAsync<bool>("postgres", "SELECT has_database_privilege($1, 'orders', 'CREATE')", role));
    }

    [Fact]
    public async Task Grant_TableCreatedLaterByTheSchemaOwner_IsCoveredByDefaultPrivileges()
    {
        var user = NewUser("later");
        var role = UserRole(user);
        var table = "later_" + Guid.NewGuid().ToString("N")[..8];
        await InvokeOkAsync("grant-access", AccessParams(user, "read", "schema:orders/sales"));

        await Cluster.ExecuteAsync("orders", $"CREATE TABLE sales.{table} (id int)");

        Assert.True(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, $2, 'SELECT')", role, "sales." + table));
        Assert.False(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, $2, 'INSERT')", role, "sales." + table));
    }

    [Fact]
    public async Task Revoke_OneOfTwoGrants_KeepsTheOtherGrantAndTheRole()
    {
        var user = NewUser("two");
        var role = UserRole(user);
        var ordersGrant = AccessParams(user, "read-all", "db:orders");
        var crmGrant = AccessParams(user, "read-all", "db:crm");
        await InvokeOkAsync("grant-access", ordersGrant);
        await InvokeOkAsync("grant-access", crmGrant);

        await InvokeOkAsync("revoke-access", ordersGrant);

        Assert.True(await RoleExistsAsync(role));
        Assert.False(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, 'sales.invoices', 'SELECT')", role));
        Assert.True(await Cluster.ScalarAsync<bool>("postgres", "SELECT has_database_privilege($1, 'crm', 'CONNECT')", role));
        Assert.True(await Cluster.ScalarAsync<bool>("crm", "SELECT has_table_privilege($1, 'public.contacts', 'SELECT')", role));

        await InvokeOkAsync("revoke-access", crmGrant);

        Assert.False(await RoleExistsAsync(role));
    }

    [Fact]
    public async Task Grant_SameResourceFromTwoGrants_RevokingOneKeepsAccess()
    {
        var user = NewUser("overlap");
        var role = UserRole(user);
        var first = AccessParams(user, "read", "schema:orders/sales");
        await InvokeOkAsync("grant-access", first);
        await InvokeOkAsync("grant-access", AccessParams(user, "read-all", "db:orders"));

        await InvokeOkAsync("revoke-access", first);

        Assert.True(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, 'sales.invoices', 'SELECT')", role));
    }

    [Fact]
    public async Task GrantAccess_ConcurrentGrantsForOneUser_AllSucceedAndEachRevokesOnlyItself()
    {
        var user = NewUser("parallel");
        var grants = new[] { "db:orders", "db:crm", "schema:orders/sales", "schema:orders/public" }
            .Select(resource => AccessParams(user, ReadOf(resource), resource))
            .ToList();

        var outcomes = await Task.WhenAll(grants.Select(grant => Host.InvokeAsync("grant-access", grant)));

        Assert.All(outcomes, outcome => Assert.Equal("""{"status":"ok"}""", outcome.Json));
        Assert.Equal(4L, await Cluster.ScalarAsync<long>(
            "postgres",
            "SELECT count(*) FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = $1",
            UserRole(user)));

        await Task.WhenAll(grants.Skip(1).Select(grant => InvokeOkAsync("revoke-access", grant)));

        Assert.True(await Cluster.ScalarAsync<bool>("crm", "SELECT NOT has_table_privilege($1, 'public.contacts', 'SELECT')", UserRole(user)));
        Assert.True(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, 'sales.invoices', 'SELECT')", UserRole(user)));
        await InvokeOkAsync("revoke-access", grants[0]);
        Assert.False(await RoleExistsAsync(UserRole(user)));
    }

    [Fact]
    public async Task ResetCredentials_ExistingRole_NewPasswordWorksAndOldFails()
    {
        var user = NewUser("reset");
        var role = UserRole(user);
        await InvokeOkAsync("grant-access", AccessParams(user, "read-all", "db:orders"));
        var first = (await InvokeOkAsync("create-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();

        var second = (await InvokeOkAsync("reset-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();

        Assert.NotEqual(first, second);
        Assert.Null(await TryAsUserAsync(role, second, "orders"));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, (await TryAsUserAsync(role, first, "orders"))?.SqlState);
        Assert.StartsWith("SCRAM-SHA-256$4096:", await Cluster.ScalarAsync<string>("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = $1", role));
    }

    [Fact]
    public async Task ResetCredentials_UnknownUser_NotFoundAndNoRoleCreated()
    {
        var user = NewUser("ghost");

        var outcome = await Host.InvokeAsync("reset-credentials", CredentialsParams(user));

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Equal($"There is no PostgreSQL role {UserRole(user)} for this user; grant access or create credentials first.", outcome.ErrorMessage);
        Assert.False(await RoleExistsAsync(UserRole(user)));
    }

    [Fact]
    public async Task DeleteCredentials_RoleWithActiveGrant_DisablesLoginKeepsGrantAndRepeats()
    {
        var user = NewUser("delete");
        var role = UserRole(user);
        await InvokeOkAsync("grant-access", AccessParams(user, "read-all", "db:orders"));
        var password = (await InvokeOkAsync("create-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();

        Assert.Equal("""{"status":"ok"}""", (await InvokeOkAsync("delete-credentials", CredentialsParams(user))).Json);
        Assert.Equal("""{"status":"ok"}""", (await InvokeOkAsync("delete-credentials", CredentialsParams(user))).Json);

        Assert.True(await RoleExistsAsync(role));
        Assert.False(await Cluster.ScalarAsync<bool>("postgres", "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", role));
        Assert.True(await Cluster.ScalarAsync<bool>("postgres", "SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = $1", role));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, (await TryAsUserAsync(role, password, "orders"))?.SqlState);
    }

    [Fact]
    public async Task DeleteCredentials_RoleWithoutGrant_DropsTheRole()
    {
        var user = NewUser("nogrant");
        await InvokeOkAsync("create-credentials", CredentialsParams(user));
        Assert.True(await RoleExistsAsync(UserRole(user)));

        await InvokeOkAsync("delete-credentials", CredentialsParams(user));

        Assert.False(await RoleExistsAsync(UserRole(user)));
    }

    [Fact]
    public async Task RevokeAccess_NeverGranted_IsOk()
    {
        var user = NewUser("never");

        var outcome = await InvokeOkAsync("revoke-access", AccessParams(user, "read-all", "db:orders"));

        Assert.Equal("""{"status":"ok"}""", outcome.Json);
        Assert.False(await RoleExistsAsync(UserRole(user)));
    }

    [Fact]
    public async Task GrantAccess_UnknownDatabase_NotFoundAndNothingCreated()
    {
        var user = NewUser("missing");

        var outcome = await Host.InvokeAsync("grant-access", AccessParams(user, "read-all", "db:orders", "db:nope"));

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Equal("Resource db:nope does not exist: there is no database \"nope\" that list-resources lists.", outcome.ErrorMessage);
        Assert.False(await RoleExistsAsync(UserRole(user)));
    }

    [Fact]
    public async Task GrantAccess_UnknownSchema_NotFound()
    {
        var outcome = await Host.InvokeAsync("grant-access", AccessParams(NewUser(), "read", "schema:orders/nope"));

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Equal("Resource schema:orders/nope does not exist: database \"orders\" has no schema \"nope\" that list-resources lists.", outcome.ErrorMessage);
    }

    [Fact]
    public async Task GrantAccess_UnknownPermission_InvalidRequest()
    {
        var outcome = await Host.InvokeAsync("grant-access", AccessParams(NewUser(), "owner", "db:orders"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("permission 'owner' is not declared for resource type 'postgres-database'; its permissions are: connect, read-all, write-all, admin-all.", outcome.ErrorMessage);
    }

    [Fact]
    public async Task FullLifecycle_Logs_NeverHoldThePasswordsOrTheAdminPassword()
    {
        var user = NewUser("logs");
        var grant = AccessParams(user, "write-all", "db:orders");
        await InvokeOkAsync("grant-access", grant);
        var created = (await InvokeOkAsync("create-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();
        var reset = (await InvokeOkAsync("reset-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();
        await InvokeOkAsync("revoke-access", grant);
        await Host.InvokeAsync("grant-access", AccessParams(user, "read-all", "db:nope"));

        var logs = Host.LogText();
        Assert.Contains($"Granted write-all on 1 resources to {UserRole(user)}", logs);
        Assert.DoesNotContain(created, logs);
        Assert.DoesNotContain(reset, logs);
        Assert.DoesNotContain(Cluster.AdminPassword, logs);
        Assert.DoesNotContain("SCRAM-SHA-256$", logs);
    }
}
