using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Apono.Integration.Sdk.Testing;
using InternalAppAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace InternalAppAccess.Tests;

public sealed class InternalAppAccessFunctionTests : InternalAppTestBase
{
    [Fact]
    public async Task ListResources_FakeApp_ProjectsWithMetadataAndRolesAsPermissions()
    {
        var outcome = await Host.InvokeAsync("list-resources", ListParams());

        Assert.True(outcome.IsSuccess, outcome.Json);
        Assert.Equal(
            """{"resources":[{"id":"payments","name":"Payments","type":"internal-app","metadata":{"description":"Card payments service","owner":"team-payments"}},{"id":"search","name":"Search","type":"internal-app","metadata":{}},{"id":"ops/core tools","name":"Ops core tools","type":"internal-app","metadata":{"description":"Internal tooling","owner":"team-ops"}}],"permissions":[{"id":"viewer","name":"Viewer"},{"id":"editor","name":"Editor"},{"id":"owner","name":"Owner"}]}""",
            outcome.Json);
        Assert.All(App.AuthorizationHeaders, header => Assert.Equal("Bearer " + App.Token, header));
    }

    [Fact]
    public async Task GrantAccess_SeveralProjects_PutsEachWithEscapedSegments()
    {
        var outcome = await Host.InvokeAsync("grant-access", AccessParams("o'brien+x@example.com", "editor", "payments", "ops/core tools"));

        Assert.Equal("""{"status":"ok"}""", outcome.Json);
        Assert.True(App.HasRole("payments", "o'brien+x@example.com", "editor"));
        Assert.True(App.HasRole("ops/core tools", "o'brien+x@example.com", "editor"));
        Assert.Equal(
            // As the server sees the paths: the escaped slash keeps the project id one segment.
            ["PUT /api/projects/payments/members/o'brien+x@example.com/roles/editor", "PUT /api/projects/ops%2Fcore%20tools/members/o'brien+x@example.com/roles/editor"],
            App.RequestPaths);
    }

    [Fact]
    public async Task GrantAccess_UnknownProject_NotFound()
    {
        var outcome = await Host.InvokeAsync("grant-access", AccessParams("jane@example.com", "viewer", "nope"));

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Equal("The internal app has no project \"nope\" or no role \"viewer\" (404 NotFound to PUT /api/projects/…/roles/…).", outcome.ErrorMessage);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public async Task GrantAccess_DotSegmentProjectId_NotFoundWithoutCallingTheApp(string project)
    {
        var outcome = await Host.InvokeAsync("grant-access", AccessParams("jane@example.com", "viewer", project));

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Equal($"Unknown resource id \"{project}\"; use an id returned by list-resources.", outcome.ErrorMessage);
        Assert.Equal(0, App.RequestCount);
    }

    [Fact]
    public async Task RevokeAccess_NotGranted_IsOk()
    {
        var outcome = await Host.InvokeAsync("revoke-access", AccessParams("jane@example.com", "viewer", "payments"));

        Assert.Equal("""{"status":"ok"}""", outcome.Json);
    }

    [Fact]
    public async Task GrantAccess_AppFailsTwiceThenRecovers_RetriedAndOk()
    {
        App.FailuresToServe = 2;

        var outcome = await Host.InvokeAsync("grant-access", AccessParams("jane@example.com", "viewer", "payments"));

        Assert.Equal("""{"status":"ok"}""", outcome.Json);
        Assert.Equal(3, App.RequestCount);
        Assert.True(App.HasRole("payments", "jane@example.com", "viewer"));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "500 InternalServerError")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "503 ServiceUnavailable")]
    [InlineData(HttpStatusCode.TooManyRequests, "429 TooManyRequests")]
    public async Task GrantAccess_AppKeepsFailing_TransientNamingAppAndStatus(HttpStatusCode status, string code)
    {
        App.FailureStatus = status;
        App.FailuresToServe = int.MaxValue;

        var outcome = await Host.InvokeAsync("grant-access", AccessParams("jane@example.com", "viewer", "payments"));

        Assert.Equal("Transient", outcome.ErrorType);
        Assert.Equal($"The internal app answered {code} to PUT /api/projects/payments/members/jane%40example.com/roles/viewer after 3 attempts; retry later.", outcome.ErrorMessage);
        Assert.Equal(3, App.RequestCount);
        AssertNoToken(outcome.Json);
    }

    [Fact]
    public async Task ListResources_AppDown_TransientConnectionError()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var outcome = await Host.InvokeAsync("list-resources", ListParams(new Uri($"http://127.0.0.1:{closedPort}/")));

        Assert.Equal("Transient", outcome.ErrorType);
        Assert.Equal("The internal app is unreachable (ConnectionError) for GET /api/projects after 3 attempts; retry later.", outcome.ErrorMessage);
        AssertNoToken(outcome.Json);
        Assert.Contains("list-resources failed with Transient", Host.LogText());
        Assert.DoesNotContain($":{closedPort}", Host.LogText());
    }

    [Fact]
    public async Task ListResources_AppHangs_TransientTimeout()
    {
        App.Hang = true;
        await using var host = CreateHost(attemptTimeout: "00:00:00.300", totalTimeout: "00:00:02");

        var outcome = await host.InvokeAsync("list-resources", ListParams());

        Assert.Equal("Transient", outcome.ErrorType);
        Assert.Equal("The internal app did not answer GET /api/projects within 2 s (attempts time out after 0.3 s); retry later.", outcome.ErrorMessage);
        Assert.Equal(3, App.RequestCount);
        AssertNoToken(outcome.Json);
    }

    [Fact]
    public async Task ListResources_WrongToken_InvalidRequestWithoutTheToken()
    {
        var options = new AponoTestHostOptions();
        options.Environment[TokenVariable] = "wrong-token-value";
        await using var host = new AponoTestHost(new InternalAppAccessFunction(), options);

        var outcome = await host.InvokeAsync("list-resources", ListParams());

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("The internal app refused the token (401 Unauthorized to GET /api/projects); check the token in the environment variable named by custom_parameters.token_env.", outcome.ErrorMessage);
        Assert.Equal(1, App.RequestCount);
        Assert.DoesNotContain("wrong-token-value", outcome.Json + host.LogText());
    }

    [Fact]
    public async Task ListResources_TokenVariableUnset_InvalidRequest()
    {
        var parameters = ListParams();
        parameters["custom_parameters"]!["token_env"] = "NOT_SET_ANYWHERE";

        var outcome = await Host.InvokeAsync("list-resources", parameters);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("The app token is not set: the environment variable *** (named by custom_parameters.token_env) is missing or empty.", outcome.ErrorMessage);
        Assert.Equal(0, App.RequestCount);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("not a url")]
    [InlineData("http://user:pw@127.0.0.1/")]
    public async Task ListResources_BadBaseUrl_InvalidRequest(string baseUrl)
    {
        var parameters = ListParams();
        parameters["custom_parameters"]!["base_url"] = baseUrl;

        var outcome = await Host.InvokeAsync("list-resources", parameters);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("custom_parameters.base_url must be an absolute http or https URL without query or credentials.", outcome.ErrorMessage);
    }

    [Fact]
    public async Task GetStatus_AppUp_Active()
    {
        var outcome = await Host.InvokeAsync("get-status", new JsonObject { ["custom_parameters"] = CustomParameters() });

        Assert.Equal("""{"status":"active"}""", outcome.Json);
    }

    [Fact]
    public async Task EveryPath_Logs_NeverContainTheToken()
    {
        await Host.InvokeAsync("list-resources", ListParams());
        await Host.InvokeAsync("grant-access", AccessParams("jane@example.com", "viewer", "payments"));
        App.FailuresToServe = int.MaxValue;
        await Host.InvokeAsync("revoke-access", AccessParams("jane@example.com", "viewer", "payments"));

        Assert.Contains("Granted role viewer in 1 projects to jane@example.com", Host.LogText());
        AssertNoToken(Host.LogText());
    }

    private void AssertNoToken(string text) => Assert.DoesNotContain(App.Token, text);
}
