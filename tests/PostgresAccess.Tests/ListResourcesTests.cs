using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ListResourcesTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Fact]
    public async Task ListResources_DatabaseType_ListsDatabasesOnlyWithMetadataAndTheDatabasePermissions()
    {
        var outcome = await InvokeOkAsync("list-resources", ListParams(DatabaseType));

        var resources = outcome.Reply()["resources"]!.AsArray().ToDictionary(static r => r!["id"]!.GetValue<string>(), static r => r!);
        Assert.All(resources.Keys, static id => Assert.StartsWith("db:", id, StringComparison.Ordinal));
        Assert.DoesNotContain("db:template0", resources.Keys);
        Assert.DoesNotContain("db:template1", resources.Keys);
        Assert.Contains("db:crm", resources.Keys);
        Assert.Contains("db:postgres", resources.Keys);

        var orders = resources["db:orders"];
        Assert.Equal("orders", orders["name"]!.GetValue<string>());
        Assert.Equal(DatabaseType, orders["type"]!.GetValue<string>());
        var metadata = orders["metadata"]!.AsObject();
        Assert.Equal(["owner", "encoding", "size"], metadata.Select(static p => p.Key));
        Assert.Equal("postgres", metadata["owner"]!.GetValue<string>());
        Assert.Equal("UTF8", metadata["encoding"]!.GetValue<string>());
        Assert.Matches(@"^\d+ (bytes|kB|MB|GB)$", metadata["size"]!.GetValue<string>());
        Assert.Equal(
            """[{"id":"connect","name":"Connect"},{"id":"read-all","name":"Read every schema"},{"id":"write-all","name":"Write every schema"},{"id":"admin-all","name":"Admin every schema"}]""",
            outcome.Reply()["permissions"]!.ToJsonString());
    }

    [Fact]
    public async Task ListResources_SchemaType_ListsUserSchemasOfEveryDatabaseWithMetadataAndTheSchemaPermissions()
    {
        var outcome = await InvokeOkAsync("list-resources", ListParams(SchemaType));

        var resources = outcome.Reply()["resources"]!.AsArray().ToDictionary(static r => r!["id"]!.GetValue<string>(), static r => r!);
        Assert.All(resources.Keys, static id => Assert.StartsWith("schema:", id, StringComparison.Ordinal));
        Assert.DoesNotContain(resources.Keys, static id => id.StartsWith("schema:orders/pg_", StringComparison.Ordinal) || id.EndsWith("/information_schema", StringComparison.Ordinal));
        Assert.DoesNotContain(resources.Keys, static id => id.StartsWith("schema:template", StringComparison.Ordinal));

        var sales = resources["schema:orders/sales"];
        Assert.Equal("orders.sales", sales["name"]!.GetValue<string>());
        Assert.Equal(SchemaType, sales["type"]!.GetValue<string>());
        Assert.Equal("""{"database":"orders","owner":"postgres"}""", sales["metadata"]!.ToJsonString());
        Assert.Contains("schema:orders/public", resources.Keys);
        Assert.Contains("schema:crm/public", resources.Keys);
        Assert.Equal(
            """[{"id":"read","name":"Read"},{"id":"write","name":"Write"},{"id":"admin","name":"Admin"}]""",
            outcome.Reply()["permissions"]!.ToJsonString());
    }

    [Fact]
    public async Task ListResources_TheSingleTypeOfEarlierVersions_InvalidRequestNamingTheDeclaredTypes()
    {
        var outcome = await Host.InvokeAsync("list-resources", ListParams("postgresql"));

        Assert.Equal("InvalidRequest", outcome.ErrorType);
        Assert.Equal("resource_type 'postgresql' is not served by this integration; it declares: postgres-database, postgres-schema.", outcome.ErrorMessage);
    }

    [Fact]
    public async Task GetStatus_ReachableServer_Active()
    {
        var outcome = await InvokeOkAsync("get-status", new System.Text.Json.Nodes.JsonObject { ["custom_parameters"] = CustomParameters() });

        Assert.Equal("""{"status":"active"}""", outcome.Json);
    }
}
