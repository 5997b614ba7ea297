using System.Text.Json.Nodes;
using Apono.Integration.Sdk.Testing;

namespace InternalAppAccess.Tests.Infrastructure;

/// <summary>A fresh fake app and function per test, with short retry delays.</summary>
public abstract class InternalAppTestBase : IAsyncLifetime
{
    public const string ResourceType = "internal-app";
    public const string TokenVariable = "APP_TEST_TOKEN";

    protected FakeInternalApp App { get; private set; } = null!;

    /// <summary>Gets the function, run in memory through the SDK pipeline, with the app's token in its environment.</summary>
    protected AponoTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await FakeInternalApp.StartAsync();
        // Timeouts generous enough for a loaded CI machine; the hanging-app test makes its own host with short ones.
        Host = CreateHost(attemptTimeout: "00:00:05", totalTimeout: "00:00:20");
    }

    /// <summary>Creates a function host with the given per-attempt and total timeouts of the app client.</summary>
    protected AponoTestHost CreateHost(string attemptTimeout, string totalTimeout)
    {
        var options = new AponoTestHostOptions();
        options.Environment[TokenVariable] = App.Token;
        options.Environment["InternalApp__AttemptTimeout"] = attemptTimeout;
        options.Environment["InternalApp__TotalTimeout"] = totalTimeout;
        options.Environment["InternalApp__MaxRetryAttempts"] = "2";
        options.Environment["InternalApp__RetryDelay"] = "00:00:00.010";
        return new AponoTestHost(new InternalAppAccessFunction(), options);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await App.DisposeAsync();
    }

    /// <summary>The integration's custom parameters, pointing at the in-test app.</summary>
    protected Dictionary<string, string> Settings(Uri? baseUrl = null) => new(StringComparer.Ordinal)
    {
        ["base_url"] = (baseUrl ?? App.BaseUrl).ToString(),
        ["token_env"] = TokenVariable,
    };

    protected JsonObject CustomParameters(Uri? baseUrl = null) =>
        new(Settings(baseUrl).Select(static p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

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
