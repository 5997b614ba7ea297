using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests.Attacks;

/// <summary>
/// Finding 4: custom parameters chose the destination host and which environment variable's value was sent there.
/// Now they may only select a deploy-time target, and the admin password only ever travels through SCRAM-SHA-256.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TrustModelTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    private static JsonObject ListParams(JsonObject customParameters) => new() { ["resource_type"] = DatabaseType, ["custom_parameters"] = customParameters };

    [Theory]
    [InlineData("host")]
    [InlineData("port")]
    [InlineData("admin_user")]
    [InlineData("password_env")]
    [InlineData("ssl_mode")]
    public async Task ListResources_ConnectionDetailInCustomParameters_RefusedWithoutConnectingAnywhere(string key)
    {
        using var rogue = new RoguePostgresServer(RoguePostgresServer.Cleartext);
        var parameters = CustomParameters();
        parameters[key] = key switch
        {
            "host" => "127.0.0.1",
            "port" => rogue.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "password_env" => "AWS_SESSION_TOKEN",
            _ => "x",
        };

        var outcome = await Host.InvokeAsync("list-resources", ListParams(parameters));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            $"custom_parameters.{key} is not accepted: hosts, users and secrets are deploy-time settings (PostgresAccess:Targets:<name>:...); custom parameters may only carry \"target\".",
            outcome.ErrorMessage);
        Assert.False(rogue.Connected);
    }

    [Fact]
    public async Task GrantAccess_PasswordEnvNamingTheSessionToken_RefusedAndTheTokenGoesNowhere()
    {
        const string token = "FAKE-SESSION-TOKEN-0123456789";
        var environment = TargetEnvironment();
        environment["AWS_SESSION_TOKEN"] = token;
        var host = NewHost(environment);
        var user = NewUser("token");
        var grant = AccessParams(user, "read-all", "db:orders");
        grant["custom_parameters"]!["password_env"] = "AWS_SESSION_TOKEN";

        var outcome = await host.InvokeAsync("grant-access", grant);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.DoesNotContain(token, outcome.Json + host.LogText());
        Assert.False(await RoleExistsAsync(UserRole(user)));
    }

    [Theory]
    [InlineData(RoguePostgresServer.Cleartext)]
    [InlineData(RoguePostgresServer.Md5)]
    public async Task ListResources_TargetServerAsksForWeakerAuthentication_RefusedBeforeThePasswordIsSent(int authenticationRequest)
    {
        using var rogue = new RoguePostgresServer(authenticationRequest);
        var host = NewHost(TargetEnvironment(port: rogue.Port));

        var outcome = await host.InvokeAsync("list-resources", ListParams(CustomParameters()));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "Refused the server while connecting to target ci, database postgres: it does not offer TLS, or asked for an authentication method other than SCRAM-SHA-256 (cleartext and md5 are never used); configure it for hostssl and scram-sha-256.",
            outcome.ErrorMessage);
        var received = await rogue.ReceivedAfterAuthenticationRequestAsync();
        Assert.True(rogue.Connected);
        // No PasswordMessage ('p'), and not the password in any form: the client only hung up (or said Terminate, 'X').
        Assert.DoesNotContain((byte)'p', received);
        Assert.DoesNotContain(Cluster.AdminPassword, Encoding.UTF8.GetString(received));
        Assert.DoesNotContain(Cluster.AdminPassword, outcome.Json + host.LogText());
    }

    [Fact]
    public async Task GrantAccess_TargetWithoutTestMode_CertificateFromAnUntrustedCa_RefusedAndNothingCreated()
    {
        var environment = TargetEnvironment();
        environment.Remove($"PostgresAccess__Targets__{TargetName}__LoopbackTestMode");
        var host = NewHost(environment);
        var user = NewUser("tls");

        var outcome = await host.InvokeAsync("grant-access", AccessParams(user, "read-all", "db:orders"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "TLS failed while connecting to target ci, database postgres: the server certificate did not verify (chain and host name, SslMode=VerifyFull); set PostgresAccess:Targets:ci:RootCertificate to the CA bundle that signed it.",
            outcome.ErrorMessage);
        Assert.False(await RoleExistsAsync(UserRole(user)));
    }

    [Fact]
    public async Task GrantAccess_TargetWithoutTestMode_CertificateVerifiedAgainstRootCertificate_GrantsOverTls()
    {
        var environment = TargetEnvironment();
        environment.Remove($"PostgresAccess__Targets__{TargetName}__LoopbackTestMode");
        environment[$"PostgresAccess__Targets__{TargetName}__RootCertificate"] = Cluster.CaCertificatePath;
        var user = NewUser("verified");
        var grant = AccessParams(user, "read-all", "db:orders");

        Assert.Equal("""{"status":"ok"}""", (await NewHost(environment).InvokeAsync("grant-access", grant)).Json);

        Assert.True(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, 'sales.invoices', 'SELECT')", UserRole(user)));
        Assert.Equal("""{"status":"ok"}""", (await NewHost(environment).InvokeAsync("revoke-access", grant)).Json);
    }

    [Fact]
    public async Task ListResources_TargetWithoutTestMode_ServerRefusingTls_RefusedBeforeTheStartupMessage()
    {
        using var rogue = new RoguePostgresServer(RoguePostgresServer.Cleartext);
        var environment = TargetEnvironment(port: rogue.Port);
        environment.Remove($"PostgresAccess__Targets__{TargetName}__LoopbackTestMode");
        var host = NewHost(environment);

        var outcome = await host.InvokeAsync("list-resources", ListParams(CustomParameters()));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "Refused the server while connecting to target ci, database postgres: it does not offer TLS, or asked for an authentication method other than SCRAM-SHA-256 (cleartext and md5 are never used); configure it for hostssl and scram-sha-256.",
            outcome.ErrorMessage);
        Assert.False(await rogue.StartupReceivedAsync());
    }

    [Theory]
    [InlineData("db.example.com")]
    [InlineData("10.0.0.5")]
    [InlineData("localhost")]
    public async Task ListResources_LoopbackTestModeOnANonLoopbackHost_RefusedAtTheSettings(string hostName)
    {
        var environment = TargetEnvironment();
        environment[$"PostgresAccess__Targets__{TargetName}__Host"] = hostName;

        var outcome = await NewHost(environment).InvokeAsync("list-resources", ListParams(CustomParameters()));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "The deploy-time setting PostgresAccess:Targets:ci:LoopbackTestMode turns TLS off and is only accepted for a loopback address literal (127.0.0.1, ::1) as Host.",
            outcome.ErrorMessage);
    }

    [Fact]
    public async Task ListResources_UnknownTarget_InvalidRequestNamingTheConfiguredOnes()
    {
        var environment = TargetEnvironment();
        foreach (var (key, value) in TargetEnvironment(target: "qa"))
        {
            environment[key] = value;
        }

        var outcome = await NewHost(environment).InvokeAsync("list-resources", ListParams(new JsonObject { ["target"] = "prod" }));
        var missing = await NewHost(environment).InvokeAsync("list-resources", ListParams(new JsonObject()));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("custom_parameters.target names no target configured at deploy time; configured: ci, qa.", outcome.ErrorMessage);
        Assert.Equal("custom_parameters.target is required: this function manages several targets (ci, qa).", missing.ErrorMessage);
    }

    [Fact]
    public async Task GetStatus_OneTargetAndNoCustomParameters_UsesThatTarget()
    {
        var outcome = await Host.InvokeAsync("get-status", new JsonObject { ["custom_parameters"] = new JsonObject() });

        Assert.Equal("""{"status":"active"}""", outcome.Json);
    }

    [Fact]
    public async Task GetStatus_NoTargetConfigured_InvalidRequest()
    {
        var outcome = await NewHost(new Dictionary<string, string>()).InvokeAsync("get-status", new JsonObject { ["custom_parameters"] = new JsonObject() });

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "No PostgreSQL target is configured: set PostgresAccess:Targets:<name>:Host, AdminUser and AdminSecret in the function's environment (PostgresAccess__Targets__<name>__Host, ...).",
            outcome.ErrorMessage);
    }

    [Fact]
    public async Task GetStatus_SecretInTheRdsJsonFormat_UsesItsPasswordKey()
    {
        var environment = TargetEnvironment();
        environment[$"AponoSecrets__{AdminSecretName}__Value"] = new JsonObject { ["username"] = "postgres", ["password"] = Cluster.AdminPassword }.ToJsonString();

        var outcome = await NewHost(environment).InvokeAsync("get-status", new JsonObject { ["custom_parameters"] = CustomParameters() });

        Assert.Equal("""{"status":"active"}""", outcome.Json);
    }

    [Fact]
    public async Task GrantAccess_WrongAdminPassword_InvalidRequestNamingTheSettingsNotTheirValues()
    {
        var host = NewHost(adminPassword: "wrong-password-123");

        var outcome = await host.InvokeAsync("grant-access", AccessParams(NewUser(), "read-all", "db:orders"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "PostgreSQL rejected the admin login while connecting to target ci, database postgres (SQLSTATE 28P01); check PostgresAccess:Targets:ci:AdminUser and the secret pgadmin.",
            outcome.ErrorMessage);
        Assert.DoesNotContain("wrong-password-123", outcome.Json + host.LogText());
    }

    [Fact]
    public async Task ListResources_ServerDown_Transient()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var host = NewHost(TargetEnvironment(port: closedPort));
        var outcome = await host.InvokeAsync("list-resources", ListParams(CustomParameters()));

        Assert.Equal("Transient", outcome.ErrorType);
        Assert.Equal("PostgreSQL is unreachable while connecting to target ci, database postgres.", outcome.ErrorMessage);
        Assert.DoesNotContain(Cluster.AdminPassword, outcome.Json + host.LogText());
    }
}
