using System.Net;
using System.Text.Json.Nodes;
using InternalAppAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace InternalAppAccess.Tests.Attacks;

/// <summary>
/// Attacks by whoever controls an invocation's parameters (an integration editor in Apono, a compromised connector)
/// or the network path to the app, made against the real Kestrel app; each checks the app's state afterwards and
/// that a second listener (another loopback host, standing for the attacker's server) received nothing.
/// </summary>
public sealed class TrustModelAttackTests : InternalAppTestBase
{
    private const string User = "jane.doe@example.com";

    private FakeInternalApp other = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Another loopback address: a different host from the configured target's.
        other = await FakeInternalApp.StartAsync("127.0.0.2");
    }

    public override async Task DisposeAsync()
    {
        await other.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task GrantAccess_BaseUrlParameterNamingAnotherHost_RefusedAndThatHostReceivesNothing()
    {
        var grant = AccessParams(User, "owner", "payments");
        grant["custom_parameters"]!["base_url"] = other.BaseUrl.ToString();

        var outcome = await Host.InvokeAsync("grant-access", grant);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "custom_parameters.base_url is not accepted: the app's URL and token are deploy-time settings (InternalApp:Targets:<name>); custom_parameters.target selects one of: app.",
            outcome.ErrorMessage);
        AssertNothingHappened();
    }

    [Fact]
    public async Task GrantAccess_TokenEnvParameterNamingAwsSessionToken_RefusedAndTheValueIsSentNowhere()
    {
        const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLEsessiontokencanary";
        var options = HostOptions();
        options.Environment["AWS_SESSION_TOKEN"] = SessionToken;
        await using var host = CreateHost(options);
        var grant = AccessParams(User, "owner", "payments");
        grant["custom_parameters"]!["token_env"] = "AWS_SESSION_TOKEN";

        var outcome = await host.InvokeAsync("grant-access", grant);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "custom_parameters.token_env is not accepted: the app's URL and token are deploy-time settings (InternalApp:Targets:<name>); custom_parameters.target selects one of: app.",
            outcome.ErrorMessage);
        AssertNothingHappened();
        Assert.DoesNotContain(App.AuthorizationHeaders.Concat(other.AuthorizationHeaders), header => header.Contains(SessionToken, StringComparison.Ordinal));
        Assert.DoesNotContain(SessionToken, outcome.Json + host.LogText());
    }

    [Theory]
    [InlineData("url")]
    [InlineData("host")]
    public async Task GrantAccess_TargetParameterNamingAHostOrUrl_RefusedWithoutRepeatingIt(string form)
    {
        var grant = AccessParams(User, "owner", "payments");
        grant["custom_parameters"]!["target"] = form == "url" ? other.BaseUrl.ToString() : other.BaseUrl.Authority;

        var outcome = await Host.InvokeAsync("grant-access", grant);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("custom_parameters.target names no configured target; configured: app.", outcome.ErrorMessage);
        AssertNothingHappened();
    }

    [Fact]
    public async Task GrantAccess_TargetSelectsAnotherConfiguredApp_GrantsThereWithThatAppsToken()
    {
        var options = HostOptions();
        options.Environment["InternalApp__Targets__staging__BaseUrl"] = other.BaseUrl.ToString();
        options.Environment["InternalApp__Targets__staging__TokenSecret"] = "staging-token";
        Secrets.Values["staging-token"] = other.Token;
        await using var host = CreateHost(options);
        var grant = AccessParams(User, "editor", "search");
        grant["custom_parameters"]!["target"] = "staging";

        var outcome = await host.InvokeAsync("grant-access", grant);

        Assert.Equal("""{"status":"ok"}""", outcome.Json);
        Assert.Equal(["search/jane.doe@example.com/editor"], other.Assignments);
        Assert.Empty(App.Assignments);
        Assert.Equal(0, App.RequestCount);
        Assert.All(other.AuthorizationHeaders, header => Assert.Equal("Bearer " + other.Token, header));
    }

    [Fact]
    public async Task GrantAccess_SeveralTargetsAndNoTargetParameter_RefusedNamingTheTargets()
    {
        var options = HostOptions();
        options.Environment["InternalApp__Targets__staging__BaseUrl"] = other.BaseUrl.ToString();
        await using var host = CreateHost(options);
        var grant = AccessParams(User, "editor", "search");
        grant["custom_parameters"] = new JsonObject();

        var outcome = await host.InvokeAsync("grant-access", grant);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("custom_parameters.target is required: one of app, staging.", outcome.ErrorMessage);
        AssertNothingHappened();
    }

    [Theory]
    [InlineData(null, HttpStatusCode.TemporaryRedirect, "GET /api/projects", "307 TemporaryRedirect")]
    [InlineData("PUT", HttpStatusCode.TemporaryRedirect, "PUT /api/projects/payments/members/jane.doe%40example.com/roles/owner", "307 TemporaryRedirect")]
    [InlineData("PUT", HttpStatusCode.PermanentRedirect, "PUT /api/projects/payments/members/jane.doe%40example.com/roles/owner", "308 PermanentRedirect")]
    [InlineData(null, HttpStatusCode.Found, "GET /api/projects", "302 Found")]
    public async Task GrantAccess_AppRedirectsToAnotherHost_ErrorNamingTheStatusAndNothingGranted(string? method, HttpStatusCode status, string what, string code)
    {
        App.RedirectTo = other.BaseUrl;
        App.RedirectStatus = status;
        App.RedirectMethods = method is null ? null : new HashSet<string> { method };

        var outcome = await Host.InvokeAsync("grant-access", AccessParams(User, "owner", "payments"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            $"The internal app answered {code} to {what}; redirects are not followed, so nothing was done. Point InternalApp:Targets:app:BaseUrl at the app's API itself.",
            outcome.ErrorMessage);
        Assert.Empty(App.Assignments);
        Assert.Empty(other.Assignments);
        Assert.Equal(0, other.RequestCount);
        AssertNoHostNamed(outcome);
    }

    [Theory]
    [InlineData(null, "GET /api/projects")]
    [InlineData("DELETE", "DELETE /api/projects/payments/members/jane.doe%40example.com/roles/owner")]
    public async Task RevokeAccess_AppRedirectsToAnotherHost_ErrorAndTheRoleIsStillThere(string? method, string what)
    {
        App.Assign("payments", User, "owner");
        other.Assign("payments", User, "owner");
        App.RedirectTo = other.BaseUrl;
        App.RedirectMethods = method is null ? null : new HashSet<string> { method };

        var outcome = await Host.InvokeAsync("revoke-access", AccessParams(User, "owner", "payments"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            $"The internal app answered 307 TemporaryRedirect to {what}; redirects are not followed, so nothing was done. Point InternalApp:Targets:app:BaseUrl at the app's API itself.",
            outcome.ErrorMessage);
        Assert.True(App.HasRole("payments", User, "owner"), "the role is gone although nothing was revoked");
        Assert.True(other.HasRole("payments", User, "owner"), "the other host acted");
        Assert.Equal(0, other.RequestCount);
        AssertNoHostNamed(outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"error":"not_found"}""")]
    [InlineData("""{"message":"role_not_assigned"}""")]
    public async Task RevokeAccess_UndocumentedNotFoundAsFromAWrongPath_ErrorNotOkAndTheRoleIsStillThere(string? body)
    {
        App.Assign("payments", User, "owner");
        App.BareNotFoundMethods = new HashSet<string> { "DELETE" };
        App.BareNotFoundJson = body;

        var outcome = await Host.InvokeAsync("revoke-access", AccessParams(User, "owner", "payments"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal(
            "The internal app answered 404 NotFound to DELETE /api/projects/…/roles/… without a documented error code, so nothing is known to have changed; check InternalApp:Targets:app:BaseUrl.",
            outcome.ErrorMessage);
        Assert.True(App.HasRole("payments", User, "owner"));
        Assert.Equal(["DELETE /api/projects/payments/members/jane.doe@example.com/roles/owner"], Mutations());
    }

    [Fact]
    public async Task RevokeAccess_DocumentedBodyFromTheListingEndpoint_ErrorNotOkAndTheRoleIsStillThere()
    {
        App.Assign("payments", User, "owner");
        App.BareNotFoundMethods = new HashSet<string> { "GET" };
        App.BareNotFoundJson = """{"error":"role_not_assigned"}""";

        var outcome = await Host.InvokeAsync("revoke-access", AccessParams(User, "owner", "payments"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("The internal app answered 404 NotFound to GET /api/projects; check InternalApp:Targets:app:BaseUrl.", outcome.ErrorMessage);
        Assert.True(App.HasRole("payments", User, "owner"));
        Assert.Empty(Mutations());
    }

    [Fact]
    public async Task RevokeAccess_TargetBaseUrlOnAWrongPath_ErrorNotOkAndTheRoleIsStillThere()
    {
        App.Assign("payments", User, "owner");
        var options = HostOptions();
        options.Environment[$"InternalApp__Targets__{TargetName}__BaseUrl"] = new Uri(App.BaseUrl, "v2/").ToString();
        await using var host = CreateHost(options);

        var outcome = await host.InvokeAsync("revoke-access", AccessParams(User, "owner", "payments"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("The internal app answered 404 NotFound to GET /api/projects; check InternalApp:Targets:app:BaseUrl.", outcome.ErrorMessage);
        Assert.True(App.HasRole("payments", User, "owner"));
        Assert.Empty(Mutations());
    }

    [Fact]
    public async Task RevokeAccess_DocumentedRoleNotAssigned_IsOk()
    {
        var outcome = await Host.InvokeAsync("revoke-access", AccessParams(User, "owner", "payments"));

        Assert.Equal("""{"status":"ok"}""", outcome.Json);
        Assert.Equal(["DELETE /api/projects/payments/members/jane.doe@example.com/roles/owner"], Mutations());
        Assert.Empty(App.Assignments);
    }

    [Fact]
    public async Task GrantAccess_ProjectTheAppAcceptsButDoesNotList_RefusedAndNothingGranted()
    {
        var outcome = await Host.InvokeAsync("grant-access", AccessParams(User, "viewer", "payments", App.UnlistedProject));

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Equal($"The internal app lists no project \"{App.UnlistedProject}\"; use an id returned by list-resources.", outcome.ErrorMessage);
        Assert.Empty(Mutations());
        Assert.Empty(App.Assignments);
    }

    // The app accepts "superuser" in a PUT but the function never declared it: the SDK refuses it before any call.
    [Theory]
    [InlineData("grant-access")]
    [InlineData("revoke-access")]
    public async Task AccessEvent_RoleTheAppAcceptsButTheFunctionDoesNotDeclare_RefusedBeforeAnyCall(string eventType)
    {
        var outcome = await Host.InvokeAsync(eventType, AccessParams(User, App.UnlistedRole, "payments"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal($"permission '{App.UnlistedRole}' is not declared for resource type 'internal-app'; its permissions are: viewer, editor, owner.", outcome.ErrorMessage);
        AssertNothingHappened();
    }

    // A declared role the app no longer lists is refused by the handler's own check, after the listing calls only.
    [Fact]
    public async Task GrantAccess_DeclaredRoleTheAppNoLongerLists_RefusedAndNothingGranted()
    {
        App.Roles = [("viewer", "Viewer"), ("editor", "Editor")];

        var outcome = await Host.InvokeAsync("grant-access", AccessParams(User, "owner", "payments"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("The internal app lists no role \"owner\"; use a permission returned by list-resources.", outcome.ErrorMessage);
        Assert.Empty(Mutations());
        Assert.Empty(App.Assignments);
    }

    [Fact]
    public async Task GrantAccess_UndeclaredResourceType_RefusedBeforeAnyCall()
    {
        var parameters = AccessParams(User, "viewer", "payments");
        parameters["resource_type"] = "internal-app-admin";

        var outcome = await Host.InvokeAsync("grant-access", parameters);

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("resource_type 'internal-app-admin' is not served by this integration; it declares: internal-app.", outcome.ErrorMessage);
        AssertNothingHappened();
    }

    [Fact]
    public async Task RevokeAccess_ProjectNotListed_RefusedAndNothingRemoved()
    {
        App.Assign(App.UnlistedProject, User, "viewer");

        var outcome = await Host.InvokeAsync("revoke-access", AccessParams(User, "viewer", App.UnlistedProject));

        Assert.Equal("NotFound", outcome.ErrorType);
        Assert.Empty(Mutations());
        Assert.Equal([$"{App.UnlistedProject}/{User}/viewer"], App.Assignments);
    }

    /// <summary>No call reached either app, nothing changed in either, and no secret was read.</summary>
    private void AssertNothingHappened()
    {
        Assert.Equal(0, App.RequestCount);
        Assert.Equal(0, other.RequestCount);
        Assert.Empty(App.Assignments);
        Assert.Empty(other.Assignments);
        Assert.Empty(Secrets.Requested);
    }

    private void AssertNoHostNamed(Apono.Integration.Sdk.Testing.AponoTestResult outcome)
    {
        foreach (var text in new[] { outcome.Json, Host.LogText() })
        {
            Assert.DoesNotContain("127.0.0.", text);
            Assert.DoesNotContain(App.Token, text);
            Assert.DoesNotContain(other.BaseUrl.Authority, text);
        }
    }
}
