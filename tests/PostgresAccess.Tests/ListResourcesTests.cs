using System.Text.Json.Nodes;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ListResourcesTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Fact]
    public async Task ListResources_SeededCluster_ListsDatabasesAndSchemasWithMetadata()
    {
        var outcome = await InvokeOkAsync("list-resources", new JsonObject { ["resource_type"] = ResourceType, ["custom_parameters"] = CustomParameters() });

        var resources = outcome.Reply()["resources"]!.AsArray().ToDictionary(static r => r!["id"]!.GetValue<string>(), static r => r!);
        Assert.DoesNotContain("db:template0", resources.Keys);
        Assert.DoesNotContain("db:template1", resources.Keys);
        Assert.DoesNotContain(resources.Keys, static id => id.StartsWith("schema:orders/pg_", StringComparison.Ordinal) || id.EndsWith("/information_schema", StringComparison.Ordinal));

        var orders = resources["db:orders"];
        Assert.Equal("orders", orders["name"]!.GetValue<string>());
        Assert.Equal(ResourceType, orders["type"]!.GetValue<string>());
        var metadata = orders["metadata"]!.AsObject();
        Assert.Equal("database", metadata["kind"]!.GetValue<string>());
        Assert.Equal("postgres", metadata["owner"]!.GetValue<string>());
        Assert.Equal("UTF8", metadata["encoding"]!.GetValue<string>());
        Assert.Matches(@"^\d+ (bytes|kB|MB|GB)$", metadata["size"]!.GetValue<string>());

        var sales = resources["schema:orders/sales"];
        Assert.Equal("orders.sales", sales["name"]!.GetValue<string>());
        Assert.Equal("""{"kind":"schema","database":"orders","owner":"postgres"}""", sales["metadata"]!.ToJsonString());
        Assert.Contains("schema:orders/public", resources.Keys);
        Assert.Contains("db:crm", resources.Keys);
        Assert.Contains("schema:crm/public", resources.Keys);
        Assert.Equal(
            """[{"id":"read","name":"Read"},{"id":"write","name":"Write"},{"id":"admin","name":"Admin"}]""",
            outcome.Reply()["permissions"]!.ToJsonString());
    }

    [Fact]
    public async Task GetStatus_ReachableServer_Active()
    {
        var outcome = await InvokeOkAsync("get-status", new JsonObject { ["custom_parameters"] = CustomParameters() });

        Assert.Equal("""{"status":"active"}""", outcome.Json);
    }
}
