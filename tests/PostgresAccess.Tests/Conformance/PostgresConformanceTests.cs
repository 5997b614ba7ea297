using SampleConformance;
using PostgresAccess.Tests.Infrastructure;

namespace PostgresAccess.Tests.Conformance;

[Collection(PostgresCollection.Name)]
public sealed class PostgresConformanceTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Fact]
    public async Task ListResources_SeededCluster_FollowsTheContractRules()
    {
        var reply = await AccessConformance.ListResourcesFollowsTheRulesAsync(Harness, ResourceType, CustomParameters());

        Assert.Equal(["read", "write", "admin"], reply["permissions"]!.AsArray().Select(static p => p!["id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("db:orders", "read")]
    [InlineData("db:orders", "write")]
    [InlineData("db:orders", "admin")]
    [InlineData("schema:orders/sales", "read")]
    [InlineData("schema:orders/sales", "write")]
    [InlineData("schema:orders/sales", "admin")]
    [InlineData("schema:orders/public", "read")]
    public async Task GrantRevoke_PermissionOnResource_TakesEffectAndRepeatsAreNoOps(string resourceId, string permission)
    {
        await AccessConformance.GrantRevokeCycleAsync(
            Harness, new PostgresProbe(Cluster), ResourceType, CustomParameters(), NewUser("conformance"), resourceId, permission);
    }
}
