using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SettingsErrorTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Fact]
    public async Task GrantAccess_WrongAdminPassword_InvalidRequestNamingTheSettingsNotTheirValues()
    {
        var host = NewHost(adminPassword: "wrong-password-123");

        var outcome = await host.InvokeAsync("grant-access", AccessParams(NewUser(), "read", "db:orders"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "PostgreSQL rejected the admin login while connecting to database postgres (SQLSTATE 28P01); check custom_parameters.admin_user and the password in the environment variable named by custom_parameters.password_env.",
            outcome.ErrorMessage);
        Assert.DoesNotContain("wrong-password-123", outcome.Json + host.LogText());
    }

    [Fact]
    public async Task ListResources_ServerDown_TransientWithoutTheHost()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var outcome = await Host.InvokeAsync("list-resources", new JsonObject { ["resource_type"] = ResourceType, ["custom_parameters"] = CustomParameters(closedPort) });

        Assert.Equal("Transient", outcome.ErrorType);
        Assert.Equal("PostgreSQL is unreachable while connecting to database postgres (custom_parameters.host/port).", outcome.ErrorMessage);
        Assert.DoesNotContain(Cluster.AdminPassword, outcome.Json + Host.LogText());
    }

    [Fact]
    public async Task ListResources_PasswordVariableUnset_InvalidRequestNamingTheVariable()
    {
        var parameters = CustomParameters();
        parameters["password_env"] = "NOT_SET_ANYWHERE";

        var outcome = await Host.InvokeAsync("list-resources", new JsonObject { ["resource_type"] = ResourceType, ["custom_parameters"] = parameters });

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "The admin password is not set: the environment variable *** (named by custom_parameters.password_env) is missing or empty.",
            outcome.ErrorMessage);
    }

    [Theory]
    [InlineData("host", "custom_parameters.host is required; set it in the Apono integration's custom parameters.")]
    [InlineData("admin_user", "custom_parameters.admin_user is required; set it in the Apono integration's custom parameters.")]
    public async Task ListResources_RequiredParameterMissing_InvalidRequest(string key, string message)
    {
        var parameters = CustomParameters();
        parameters.Remove(key);

        var outcome = await Host.InvokeAsync("list-resources", new JsonObject { ["resource_type"] = ResourceType, ["custom_parameters"] = parameters });

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(message, outcome.ErrorMessage);
    }

    [Fact]
    public async Task ListResources_BadSslMode_InvalidRequest()
    {
        var parameters = CustomParameters();
        parameters["ssl_mode"] = "sometimes";

        var outcome = await Host.InvokeAsync("list-resources", new JsonObject { ["resource_type"] = ResourceType, ["custom_parameters"] = parameters });

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("custom_parameters.ssl_mode must be one of Disable, Allow, Prefer, Require, VerifyCA, VerifyFull.", outcome.ErrorMessage);
    }
}
