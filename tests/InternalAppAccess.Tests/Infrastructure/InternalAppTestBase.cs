using System.Text.Json.Nodes;
using SampleConformance;

namespace InternalAppAccess.Tests.Infrastructure;

/// <summary>A fresh fake app and function per test, with short timeouts and retry delays.</summary>
public abstract class InternalAppTestBase : IAsyncLifetime
{
    public const string ResourceType = "internal-app";
    public const string TokenVariable = "APP_TEST_TOKEN";

    protected FakeInternalApp App { get; private set; } = null!;

    protected FunctionHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await FakeInternalApp.StartAsync();
        Harness = new FunctionHarness(new InternalAppAccessFunction(), new Dictionary<string, string?>
        {
            [TokenVariable] = App.Token,
            ["InternalApp__AttemptTimeout"] = "00:00:00.300",
            ["InternalApp__TotalTimeout"] = "00:00:02",
            ["InternalApp__MaxRetryAttempts"] = "2",
            ["InternalApp__RetryDelay"] = "00:00:00.010",
        });
    }

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await App.DisposeAsync();
    }

    protected JsonObject CustomParameters(Uri? baseUrl = null) => new()
    {
        ["base_url"] = (baseUrl ?? App.BaseUrl).ToString(),
        ["token_env"] = TokenVariable,
    };

    protected JsonObject AccessParams(string username, string permission, params string[] projects) => new()
    {
        ["grant_id"] = Guid.NewGuid().ToString(),
        ["username"] = username,
        ["resource_type"] = ResourceType,
        ["resources"] = new JsonArray(projects.Select(static p => (JsonNode)JsonValue.Create(p)).ToArray()),
        ["permission"] = permission,
        ["custom_parameters"] = CustomParameters(),
    };

    protected JsonObject ListParams(Uri? baseUrl = null) => new() { ["resource_type"] = ResourceType, ["custom_parameters"] = CustomParameters(baseUrl) };
}
