using System.Text.Json.Nodes;
using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Testing;
using InternalAppAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace InternalAppAccess.Tests.Conformance;

public sealed class InternalAppConformanceTests : InternalAppTestBase
{
    [Fact]
    public async Task Function_RealApp_PassesTheConformanceSuite()
    {
        var options = new AponoConformanceOptions { ResourceType = ResourceType };
        foreach (var (key, value) in Settings())
        {
            options.CustomParameters[key] = value;
        }

        var report = await AponoConformance.RunAsync(Host, options);

        report.AssertAllPassed();
        // The sample hands out roles, not credentials: only the three credentials events answer NotSupported.
        Assert.Equal(
            ["create-credentials.secret", "reset-credentials.secret", "delete-credentials.succeeds"],
            report.Results.Where(static r => r.Outcome == AponoConformanceOutcome.Skipped).Select(static r => r.Rule));
        Assert.Equal(3, report.Results.Count(static r => r.Rule == "revoke-access.idempotent" && r.Outcome == AponoConformanceOutcome.Passed));
        // The grants went to the real app, and every one was revoked again.
        Assert.Contains("PUT /api/projects/payments/members/apono-conformance@example.com/roles/owner", App.RequestPaths);
        Assert.DoesNotContain(
            App.Projects.Keys.SelectMany(project => App.Roles.Select(role => (project, role.Id))),
            grant => App.HasRole(grant.project, options.Username, grant.Id));
    }

    [Theory]
    [InlineData("payments", "viewer")]
    [InlineData("payments", "editor")]
    [InlineData("search", "owner")]
    [InlineData("ops/core tools", "viewer")]
    public async Task GrantRevoke_RoleInProject_TakesEffectInTheAppAndRepeatsAreNoOps(string project, string role)
    {
        const string User = "jane.doe@example.com";
        var grant = AccessParams(User, role, project);
        Assert.False(App.HasRole(project, User, role), "role before the grant");

        await AssertOkAsync("grant-access", grant);
        Assert.True(App.HasRole(project, User, role), "no role after the grant");

        await AssertOkAsync("grant-access", grant);
        Assert.True(App.HasRole(project, User, role), "no role after the repeated grant");

        await AssertOkAsync("revoke-access", grant);
        Assert.False(App.HasRole(project, User, role), "role after the revoke");

        await AssertOkAsync("revoke-access", grant);
        Assert.False(App.HasRole(project, User, role), "role after the repeated revoke");
    }

    private async Task AssertOkAsync(string eventType, JsonObject parameters) =>
        Assert.Equal("""{"status":"ok"}""", (await Host.InvokeAsync(eventType, parameters)).Json);
}
