using System.Text.Json.Nodes;

namespace SampleConformance;

/// <summary>
/// The contract checks every integration must pass against its real backend: list-resources follows the rules,
/// and for a resource and each permission grant → effect → repeated grant is a no-op → revoke → no effect →
/// repeated revoke is a no-op. Written against <see cref="FunctionHarness"/> and <see cref="IAccessProbe"/> only,
/// so it can be replaced by the Testing package's conformance suite without touching the sample's tests.
/// </summary>
public static class AccessConformance
{
    public static async Task<JsonObject> ListResourcesFollowsTheRulesAsync(FunctionHarness harness, string resourceType, JsonObject customParameters)
    {
        var outcome = await harness.InvokeAsync("list-resources", new JsonObject
        {
            ["resource_type"] = resourceType,
            ["custom_parameters"] = customParameters.DeepClone(),
        });

        Assert.True(outcome.IsSuccess, outcome.Json);
        var reply = outcome.Reply.AsObject();
        var resources = reply["resources"]!.AsArray();
        Assert.NotEmpty(resources);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var id = resource!["id"]!.GetValue<string>();
            Assert.True(ids.Add(id), $"duplicate resource id {id}");
            Assert.False(string.IsNullOrWhiteSpace(resource["name"]!.GetValue<string>()));
            Assert.Equal(resourceType, resource["type"]!.GetValue<string>());
            foreach (var (_, value) in resource["metadata"]?.AsObject() ?? [])
            {
                Assert.NotNull(value!.GetValue<string>());
            }
        }

        var permissionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var permission in reply["permissions"]!.AsArray())
        {
            Assert.True(permissionIds.Add(permission!["id"]!.GetValue<string>()));
            Assert.False(string.IsNullOrWhiteSpace(permission["name"]!.GetValue<string>()));
        }

        Assert.NotEmpty(permissionIds);

        // Listing twice gives the same ids: they are stable.
        var again = await harness.InvokeAsync("list-resources", new JsonObject
        {
            ["resource_type"] = resourceType,
            ["custom_parameters"] = customParameters.DeepClone(),
        });
        Assert.Equal(
            ids.Order(StringComparer.Ordinal),
            again.Reply["resources"]!.AsArray().Select(static r => r!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        return reply;
    }

    public static async Task GrantRevokeCycleAsync(
        FunctionHarness harness, IAccessProbe probe, string resourceType, JsonObject customParameters, string username, string resourceId, string permission)
    {
        var request = new JsonObject
        {
            ["grant_id"] = Guid.NewGuid().ToString(),
            ["username"] = username,
            ["resource_type"] = resourceType,
            ["resources"] = new JsonArray(resourceId),
            ["permission"] = permission,
            ["custom_parameters"] = customParameters.DeepClone(),
        };
        var context = $"{permission} on {resourceId}";
        Assert.False(await probe.HasAccessAsync(username, resourceId, permission), $"access before the grant: {context}");

        await AssertOkAsync(harness, "grant-access", request, context);
        Assert.True(await probe.HasAccessAsync(username, resourceId, permission), $"no access after the grant: {context}");

        await AssertOkAsync(harness, "grant-access", request, context);
        Assert.True(await probe.HasAccessAsync(username, resourceId, permission), $"no access after the repeated grant: {context}");

        await AssertOkAsync(harness, "revoke-access", request, context);
        Assert.False(await probe.HasAccessAsync(username, resourceId, permission), $"access after the revoke: {context}");

        await AssertOkAsync(harness, "revoke-access", request, context);
        Assert.False(await probe.HasAccessAsync(username, resourceId, permission), $"access after the repeated revoke: {context}");
    }

    private static async Task AssertOkAsync(FunctionHarness harness, string eventType, JsonObject request, string context)
    {
        var outcome = await harness.InvokeAsync(eventType, (JsonObject)request.DeepClone());
        Assert.True(outcome.IsSuccess, $"{eventType} {context}: {outcome.Json}");
        Assert.Equal("""{"status":"ok"}""", outcome.Json);
    }
}
