using InternalAppAccess.Tests.Infrastructure;
using SampleConformance;

namespace InternalAppAccess.Tests.Conformance;

public sealed class InternalAppConformanceTests : InternalAppTestBase
{
    [Fact]
    public async Task ListResources_FakeApp_FollowsTheContractRules()
    {
        await AccessConformance.ListResourcesFollowsTheRulesAsync(Harness, ResourceType, CustomParameters());
    }

    [Theory]
    [InlineData("payments", "viewer")]
    [InlineData("payments", "editor")]
    [InlineData("search", "owner")]
    [InlineData("ops/core tools", "viewer")]
    public async Task GrantRevoke_RoleInProject_TakesEffectAndRepeatsAreNoOps(string project, string role)
    {
        await AccessConformance.GrantRevokeCycleAsync(Harness, new Probe(App), ResourceType, CustomParameters(), "jane.doe@example.com", project, role);
    }

    private sealed class Probe(FakeInternalApp app) : IAccessProbe
    {
        public Task<bool> HasAccessAsync(string username, string resourceId, string permission) =>
            Task.FromResult(app.HasRole(resourceId, username, permission));
    }
}
