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
    public async Task ListResources_AppListsAnUndeclaredRoleAndNotADeclaredOne_OffersOnlyDeclaredRolesItLists()
    {
        App.Roles = [("auditor", "Auditor"), ("editor", "Editor"), ("viewer", "Viewer")];

        var outcome = await Host.InvokeAsync("list-resources", ListParams());

        Assert.True(outcome.IsSuccess, outcome.Json);
        Assert.Equal("""[{"id":"editor","name":"Editor"},{"id":"viewer","name":"Viewer"}]""", outcome.Reply()["permissions"]!.ToJsonString());
    }

    [Fact]
    public void Capabilities_OneDeclaredTypeWithTheRolesThatListsGrantsAndRevokes()
    {
        var type = Assert.Single(Host.Capabilities.ResourceTypes);

        Assert.Equal("internal-app", type.Name);
        Assert.Equal(["viewer", "editor", "owner"], type.Permissions.Select(static p => p.Id));
        Assert.Equal(["list-resources", "grant-access", "revoke-access"], type.Events);
    }

    [Fact]
    public async Task GetStatus_AppAnswersWithTheToken_Active()
    {
        var outcome = await Host.InvokeAsync("get-status", new JsonObject { ["custom_parameters"] = CustomParameters() });

        Assert.Equal("""{"status":"active"}""", outcome.Json);
        Assert.Equal(["GET /api/roles"], App.RequestPaths);
        Assert.Equal([TokenSecretName], Secrets.Requested);
    }

    [Fact]
    public async Task GetStatus_AppRefusesTheToken_InvalidRequestNamingTheSecretsKey()
    {
        Secrets.Values[TokenSecretName] = "wrong-token-value";

        var outcome = await Host.InvokeAsync("get-status", new JsonObject { ["custom_parameters"] = CustomParameters() });

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("The internal app refused the token (401 Unauthorized to GET /api/roles); check the secret named by InternalApp:Targets:app:TokenSecret.", outcome.ErrorMessage);
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
            Mutations());
        Assert.Equal([TokenSecretName, TokenSecretName, TokenSecretName, TokenSecretName], Secrets.Requested);
    }

    [Fact]
    public async Task GrantAccess_UnknownProject_NotFoundWithoutAPut()
    {
        var outcome = await Host.InvokeAsync("grant-access", AccessParams("jane@example.com", "viewer", "nope"));

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Equal("The internal app lists no project \"nope\"; use an id returned by list-resources.", outcome.ErrorMessage);
        Assert.Empty(Mutations());
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
        App.FailureMethod = "PUT";
        App.FailuresToServe = 2;

        var outcome = await Host.InvokeAsync("grant-access", AccessParams("jane@example.com", "viewer", "payments"));

        Assert.Equal("""{"status":"ok"}""", outcome.Json);
        Assert.Equal(3, Mutations().Count);
        Assert.True(App.HasRole("payments", "jane@example.com", "viewer"));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "500 InternalServerError")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "503 ServiceUnavailable")]
    [InlineData(HttpStatusCode.TooManyRequests, "429 TooManyRequests")]
    public async Task GrantAccess_AppKeepsFailing_TransientNamingAppAndStatus(HttpStatusCode status, string code)
    {
        App.FailureStatus = status;
        App.FailureMethod = "PUT";
        App.FailuresToServe = int.MaxValue;

        var outcome = await Host.InvokeAsync("grant-access", AccessParams("jane@example.com", "viewer", "payments"));

        Assert.Equal("Transient", outcome.ErrorType);
        Assert.Equal($"The internal app answered {code} to PUT /api/projects/payments/members/jane%40example.com/roles/viewer after 3 attempts; retry later.", outcome.ErrorMessage);
        Assert.Equal(3, Mutations().Count);
        Assert.Empty(App.Assignments);
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

        var options = HostOptions();
        options.Environment[$"InternalApp__Targets__{TargetName}__BaseUrl"] = $"http://127.0.0.1:{closedPort}/";
        await using var host = CreateHost(options);

        var outcome = await host.InvokeAsync("list-resources", ListParams());

        Assert.Equal("Transient", outcome.ErrorType);
        Assert.Equal("The internal app is unreachable (ConnectionError) for GET /api/projects after 3 attempts; retry later.", outcome.ErrorMessage);
        AssertNoToken(outcome.Json);
        Assert.Contains("list-resources failed with Transient", host.LogText());
        Assert.DoesNotContain($":{closedPort}", host.LogText());
    }

    [Fact]
    public async Task ListResources_AppHangs_TransientTimeout()
    {
        App.Hang = true;
        await using var host = CreateHost(HostOptions(attemptTimeout: "00:00:00.300", totalTimeout: "00:00:02"));

        var outcome = await host.InvokeAsync("list-resources", ListParams());

        Assert.Equal("Transient", outcome.ErrorType);
        Assert.Equal("The internal app did not answer GET /api/projects within 2 s (attempts time out after 0.3 s); retry later.", outcome.ErrorMessage);
        Assert.Equal(3, App.RequestCount);
        AssertNoToken(outcome.Json);
    }

    // The resilience timeouts are far off (30 s): only the invocation's token, passed to the HTTP call, ends the request.
    [Fact]
    public async Task ListResources_AppHangsPastTheDeadline_TheInvocationsTokenAbortsTheHttpRequest()
    {
        App.Hang = true;
        var options = HostOptions(attemptTimeout: "00:00:30", totalTimeout: "00:00:40");
        options.InvocationTimeout = TimeSpan.FromSeconds(2);
        await using var host = CreateHost(options);

        var outcome = await host.InvokeAsync("list-resources", ListParams());

        Assert.Equal("Timeout", outcome.ErrorType);
        for (var i = 0; i < 200 && App.AbandonedRequests == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, App.RequestCount);
        Assert.Equal(1, App.AbandonedRequests);
    }

    [Fact]
    public async Task ListResources_WrongToken_InvalidRequestWithoutTheToken()
    {
        Secrets.Values[TokenSecretName] = "wrong-token-value";

        var outcome = await Host.InvokeAsync("list-resources", ListParams());

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("The internal app refused the token (401 Unauthorized to GET /api/projects); check the secret named by InternalApp:Targets:app:TokenSecret.", outcome.ErrorMessage);
        Assert.Equal(1, App.RequestCount);
        Assert.DoesNotContain("wrong-token-value", outcome.Json + Host.LogText());
    }

    [Fact]
    public async Task ListResources_SdkSecretsHelperWithLocalValue_SendsThatToken()
    {
        // The SDK's own IAponoSecrets (no test double): outside Lambda it reads AponoSecrets__<name>__Value.
        var options = HostOptions();
        options.Environment[$"AponoSecrets__{TokenSecretName}__Value"] = App.Token;
        await using var host = new AponoTestHost(new InternalAppAccessFunction(), options);

        var outcome = await host.InvokeAsync("list-resources", ListParams());

        Assert.True(outcome.IsSuccess, outcome.Json);
        Assert.All(App.AuthorizationHeaders, header => Assert.Equal("Bearer " + App.Token, header));
        Assert.DoesNotContain(App.Token, host.LogText());
    }

    [Fact]
    public async Task ListResources_TargetHasItsOwnTokenSecret_ReadsThatSecret()
    {
        var options = HostOptions();
        options.Environment[$"InternalApp__Targets__{TargetName}__TokenSecret"] = "own-secret";
        Secrets.Values["own-secret"] = App.Token;
        Secrets.Values[TokenSecretName] = "not-this-one";
        await using var host = CreateHost(options);

        var outcome = await host.InvokeAsync("list-resources", ListParams());

        Assert.True(outcome.IsSuccess, outcome.Json);
        Assert.Equal(["own-secret", "own-secret"], Secrets.Requested);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("not a url")]
    [InlineData("http://user:pw@127.0.0.1/")]
    [InlineData("http://127.0.0.1/?x=1")]
    public async Task ListResources_BadConfiguredBaseUrl_InvalidRequestNamingTheKeyNotTheValue(string baseUrl)
    {
        var options = HostOptions();
        options.Environment[$"InternalApp__Targets__{TargetName}__BaseUrl"] = baseUrl;
        await using var host = CreateHost(options);

        var outcome = await host.InvokeAsync("list-resources", ListParams());

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("The function's configuration is invalid: InternalApp:Targets:app:BaseUrl must be an absolute http or https URL without query, fragment or credentials.", outcome.ErrorMessage);
        Assert.Equal(0, App.RequestCount);
    }

    [Fact]
    public async Task ListResources_NoTokenSecretConfigured_InvalidRequest()
    {
        var options = HostOptions();
        options.Environment.Remove("InternalApp__TokenSecret");
        await using var host = CreateHost(options);

        var outcome = await host.InvokeAsync("list-resources", ListParams());

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("The function's configuration is invalid: set InternalApp:Targets:app:TokenSecret or InternalApp:TokenSecret to the name of the AponoSecrets secret holding the app's token.", outcome.ErrorMessage);
        Assert.Equal(0, App.RequestCount);
    }

    [Fact]
    public async Task ListResources_NoTargetConfigured_InvalidRequest()
    {
        var options = HostOptions();
        options.Environment.Remove($"InternalApp__Targets__{TargetName}__BaseUrl");
        await using var host = CreateHost(options);

        var outcome = await host.InvokeAsync("list-resources", ListParams());

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("No internal app is configured: set InternalApp__Targets__<name>__BaseUrl and InternalApp__TokenSecret in the function's environment.", outcome.ErrorMessage);
    }

    [Fact]
    public async Task ListResources_NoTargetParameterAndOneTarget_UsesIt()
    {
        var outcome = await Host.InvokeAsync("list-resources", new JsonObject { ["resource_type"] = ResourceType });

        Assert.True(outcome.IsSuccess, outcome.Json);
        Assert.Equal(2, App.RequestCount);
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

        Assert.Contains("Granted role viewer in 1 projects to jane@example.com in target app", Host.LogText());
        AssertNoToken(Host.LogText());
    }

    private void AssertNoToken(string text) => Assert.DoesNotContain(App.Token, text);
}
