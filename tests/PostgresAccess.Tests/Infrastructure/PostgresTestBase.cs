using SampleConformance;
using System.Text.Json.Nodes;
using Npgsql;
using PostgresAccess.Access;

namespace PostgresAccess.Tests.Infrastructure;

/// <summary>What the PostgreSQL tests share: the cluster, the function's settings and catalog helpers.</summary>
public abstract class PostgresTestBase(PostgresCluster cluster) : IAsyncLifetime
{
    public const string ResourceType = "postgresql";
    public const string PasswordVariable = "PG_TEST_ADMIN_PASSWORD";

    private readonly List<FunctionHarness> harnesses = [];

    protected PostgresCluster Cluster => cluster;

    protected FunctionHarness Harness { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Harness = NewHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var harness in harnesses)
        {
            await harness.DisposeAsync();
        }
    }

    protected FunctionHarness NewHarness(string? adminPassword = null)
    {
        var harness = new FunctionHarness(new PostgresAccessFunction(), new Dictionary<string, string?>
        {
            [PasswordVariable] = adminPassword ?? cluster.AdminPassword,
        });
        harnesses.Add(harness);
        return harness;
    }

    protected JsonObject CustomParameters(int? port = null) => new()
    {
        ["host"] = cluster.Host,
        ["port"] = (port ?? cluster.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["database"] = "postgres",
        ["admin_user"] = PostgresCluster.AdminUser,
        ["password_env"] = PasswordVariable,
        ["ssl_mode"] = "Disable",
    };

    protected static string NewUser(string prefix = "user") => $"{prefix}.{Guid.NewGuid().ToString("N")[..8]}@example.com";

    protected JsonObject AccessParams(string username, string permission, params string[] resources) => GrantParams(Guid.NewGuid().ToString(), username, permission, resources);

    protected JsonObject GrantParams(string grantId, string username, string permission, params string[] resources) => new()
    {
        ["grant_id"] = grantId,
        ["username"] = username,
        ["resource_type"] = ResourceType,
        ["resources"] = new JsonArray(resources.Select(static r => (JsonNode)JsonValue.Create(r)).ToArray()),
        ["permission"] = permission,
        ["custom_parameters"] = CustomParameters(),
    };

    protected JsonObject CredentialsParams(string username) => new()
    {
        ["username"] = username,
        ["resource_type"] = ResourceType,
        ["resources"] = new JsonArray(),
        ["custom_parameters"] = CustomParameters(),
    };

    protected async Task<InvocationOutcome> InvokeOkAsync(string eventType, JsonObject parameters)
    {
        var outcome = await Harness.InvokeAsync(eventType, parameters);
        Assert.True(outcome.IsSuccess, $"{eventType}: {outcome.Json}");
        return outcome;
    }

    protected Task<bool> RoleExistsAsync(string role) =>
        cluster.ScalarAsync<bool>("postgres", "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", role);

    protected Task<long> RoleCountAsync() => cluster.ScalarAsync<long>("postgres", "SELECT count(*) FROM pg_roles");

    /// <summary>Logs in as <paramref name="role"/> and runs <paramref name="sql"/>; returns the server's error, or null on success.</summary>
    protected async Task<PostgresException?> TryAsUserAsync(string role, string password, string database, string sql = "SELECT 1")
    {
        try
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString(database, role, password));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
            return null;
        }
        catch (PostgresException ex)
        {
            return ex;
        }
    }

    protected static string UserRole(string username) => RoleNames.ForUser(username);
}
