using System.Globalization;
using System.Text.Json.Nodes;
using Apono.Integration.Sdk.Testing;
using Npgsql;
using PostgresAccess.Access;
using SampleTestSupport;

namespace PostgresAccess.Tests.Infrastructure;

/// <summary>What the PostgreSQL tests share: the cluster, the function's settings and catalog helpers.</summary>
public abstract class PostgresTestBase(PostgresCluster cluster) : IAsyncLifetime
{
    public const string ResourceType = "postgresql";
    public const string PasswordVariable = "PG_TEST_ADMIN_PASSWORD";

    private readonly List<AponoTestHost> hosts = [];

    protected PostgresCluster Cluster => cluster;

    /// <summary>Gets the function, run in memory through the SDK pipeline, with the cluster's admin password in its environment.</summary>
    protected AponoTestHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = NewHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
    }

    protected AponoTestHost NewHost(string? adminPassword = null)
    {
        var options = new AponoTestHostOptions();
        options.Environment[PasswordVariable] = adminPassword ?? cluster.AdminPassword;
        var host = new AponoTestHost(new PostgresAccessFunction(), options);
        hosts.Add(host);
        return host;
    }

    /// <summary>The integration's custom parameters, pointing at the throwaway cluster.</summary>
    protected Dictionary<string, string> Settings(int? port = null) => new(StringComparer.Ordinal)
    {
        ["host"] = cluster.Host,
        ["port"] = (port ?? cluster.Port).ToString(CultureInfo.InvariantCulture),
        ["database"] = "postgres",
        ["admin_user"] = PostgresCluster.AdminUser,
        ["password_env"] = PasswordVariable,
        ["ssl_mode"] = "Disable",
    };

    protected JsonObject CustomParameters(int? port = null) =>
        new(Settings(port).Select(static p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

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

    protected async Task<AponoTestResult> InvokeOkAsync(string eventType, JsonObject parameters)
    {
        var outcome = await Host.InvokeAsync(eventType, parameters);
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
