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
    /// <summary>The resource type of databases (<c>db:</c> ids), as the function declares it.</summary>
    public const string DatabaseType = "postgres-database";

    /// <summary>The resource type of schemas (<c>schema:</c> ids), as the function declares it.</summary>
    public const string SchemaType = "postgres-schema";

    /// <summary>The deploy-time target name the tests configure (under 4 characters, so the SDK's scrubber leaves it readable in messages).</summary>
    public const string TargetName = "ci";

    /// <summary>The logical secret name of the admin password (the secrets helper's local fallback <c>AponoSecrets__pgadmin__Value</c>).</summary>
    public const string AdminSecretName = "pgadmin";

    private readonly List<AponoTestHost> hosts = [];

    protected PostgresCluster Cluster => cluster;

    /// <summary>Gets the function, run in memory through the SDK pipeline, configured with the cluster as its one target.</summary>
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

    /// <summary>The deploy-time environment: the cluster as target <see cref="TargetName"/>, in the loopback test mode (no TLS).</summary>
    protected Dictionary<string, string> TargetEnvironment(string? adminPassword = null, string target = TargetName, int? port = null) => new(StringComparer.Ordinal)
    {
        [$"PostgresAccess__Targets__{target}__Host"] = cluster.Host,
        [$"PostgresAccess__Targets__{target}__Port"] = (port ?? cluster.Port).ToString(CultureInfo.InvariantCulture),
        [$"PostgresAccess__Targets__{target}__Database"] = "postgres",
        [$"PostgresAccess__Targets__{target}__AdminUser"] = PostgresCluster.AdminUser,
        [$"PostgresAccess__Targets__{target}__AdminSecret"] = AdminSecretName,
        [$"PostgresAccess__Targets__{target}__LoopbackTestMode"] = "true",
        [$"AponoSecrets__{AdminSecretName}__Value"] = adminPassword ?? cluster.AdminPassword,
    };

    protected AponoTestHost NewHost(string? adminPassword = null) => NewHost(TargetEnvironment(adminPassword));

    protected AponoTestHost NewHost(IReadOnlyDictionary<string, string> environment)
    {
        var options = new AponoTestHostOptions();
        foreach (var (key, value) in environment)
        {
            options.Environment[key] = value;
        }

        var host = new AponoTestHost(new PostgresAccessFunction(), options);
        hosts.Add(host);
        return host;
    }

    /// <summary>The integration's custom parameters: only the target's name.</summary>
    protected static Dictionary<string, string> Settings() => new(StringComparer.Ordinal) { ["target"] = TargetName };

    protected static JsonObject CustomParameters() =>
        new(Settings().Select(static p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

    protected static string NewUser(string prefix = "user") => $"{prefix}.{Guid.NewGuid().ToString("N")[..8]}@example.com";

    protected static JsonObject AccessParams(string username, string permission, params string[] resources) => GrantParams(Guid.NewGuid().ToString(), username, permission, resources);

    /// <summary>The type whose ids look like <paramref name="resources"/>' first: <see cref="SchemaType"/> for <c>schema:</c>, else <see cref="DatabaseType"/>.</summary>
    protected static string TypeOf(IReadOnlyList<string> resources) =>
        resources is [var first, ..] && first.StartsWith("schema:", StringComparison.Ordinal) ? SchemaType : DatabaseType;

    /// <summary>The read permission of <paramref name="resourceId"/>'s type (<see cref="TypeOf"/>): <c>read</c> on a schema, <c>read-all</c> on a database.</summary>
    protected static string ReadOf(string resourceId) => TypeOf([resourceId]) == SchemaType ? "read" : "read-all";

    /// <summary>grant/revoke params; the resource type is the one whose ids these are (<see cref="TypeOf"/>).</summary>
    protected static JsonObject GrantParams(string grantId, string username, string permission, params string[] resources) => new()
    {
        ["grant_id"] = grantId,
        ["username"] = username,
        ["resource_type"] = TypeOf(resources),
        ["resources"] = new JsonArray(resources.Select(static r => (JsonNode)JsonValue.Create(r)).ToArray()),
        ["permission"] = permission,
        ["custom_parameters"] = CustomParameters(),
    };

    protected static JsonObject CredentialsParams(string username, string resourceType = DatabaseType) => new()
    {
        ["username"] = username,
        ["resource_type"] = resourceType,
        ["resources"] = new JsonArray(),
        ["custom_parameters"] = CustomParameters(),
    };

    protected async Task<AponoTestResult> InvokeOkAsync(string eventType, JsonObject parameters)
    {
        var outcome = await Host.InvokeAsync(eventType, parameters);
        Assert.True(outcome.IsSuccess, $"{eventType}: {outcome.Json}");
        return outcome;
    }

    protected static JsonObject ListParams(string resourceType) => new() { ["resource_type"] = resourceType, ["custom_parameters"] = CustomParameters() };

    protected static string GrantRole(string grantId) => RoleNames.ForGrant(grantId);

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
