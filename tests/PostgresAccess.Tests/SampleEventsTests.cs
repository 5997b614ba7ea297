using System.Text.Json.Nodes;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests;

/// <summary>The sample's own event files (<c>events/</c>), with their target renamed to the tests' one, work against the real cluster in the order Apono sends them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SampleEventsTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Theory]
    [InlineData("postgres-database", "db:orders", "SELECT has_table_privilege($1, 'sales.invoices', 'SELECT') AND has_table_privilege($1, 'public.customers', 'SELECT')", "orders")]
    [InlineData("postgres-schema", "schema:crm/public", "SELECT has_table_privilege($1, 'public.contacts', 'SELECT')", "crm")]
    public async Task EventFiles_OfAType_ListGrantCredentialsAndRevokeInOrder(string resourceType, string resourceId, string grantedSql, string database)
    {
        var listed = await InvokeFileAsync(resourceType, "list-resources");
        Assert.Contains(resourceId, listed.Reply()["resources"]!.AsArray().Select(static r => r!["id"]!.GetValue<string>()));
        var grant = Load(resourceType, "grant-access");
        var role = UserRole(grant["params"]!["username"]!.GetValue<string>());

        await InvokeFileAsync(resourceType, "grant-access");
        Assert.True(await Cluster.ScalarAsync<bool>(database, grantedSql, role));
        await InvokeFileAsync(resourceType, "create-credentials");
        var password = (await InvokeFileAsync(resourceType, "reset-credentials")).Reply()["secret"]!.GetValue<string>();
        Assert.Null(await TryAsUserAsync(role, password, database));
        await InvokeFileAsync(resourceType, "delete-credentials");
        await InvokeFileAsync(resourceType, "revoke-access");

        Assert.False(await RoleExistsAsync(role));
        Assert.False(await RoleExistsAsync(GrantRole(grant["params"]!["grant_id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task EventFile_GetStatus_Active()
    {
        var envelope = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "events", "get-status.json")))!.AsObject();
        envelope["params"]!["custom_parameters"]!["target"] = TargetName;

        Assert.Equal("""{"status":"active"}""", (await Host.InvokeAsync(envelope["event_type"]!.GetValue<string>(), envelope["params"]!.AsObject())).Json);
    }

    private static JsonObject Load(string resourceType, string eventType)
    {
        var envelope = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "events", resourceType, eventType + ".json")))!.AsObject();
        Assert.Equal("main", envelope["params"]!["custom_parameters"]!["target"]!.GetValue<string>());
        envelope["params"]!["custom_parameters"]!["target"] = TargetName;
        return envelope;
    }

    private async Task<Apono.Integration.Sdk.Testing.AponoTestResult> InvokeFileAsync(string resourceType, string eventType)
    {
        var envelope = Load(resourceType, eventType);
        Assert.Equal(eventType, envelope["event_type"]!.GetValue<string>());
        return await InvokeOkAsync(eventType, envelope["params"]!.AsObject());
    }
}
