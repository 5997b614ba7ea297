using System.Text.Json.Nodes;
using Apono.Integration.Sdk.Testing;

namespace InternalAppAccess.Tests.Infrastructure;

/// <summary>
/// A fresh fake app and function per test, with short retry delays. The function's deploy-time configuration names
/// one target, <see cref="TargetName"/>, whose base URL is the fake app and whose token secret is
/// <see cref="TokenSecretName"/>; <see cref="Secrets"/> holds that secret's value (the app's token).
/// </summary>
public abstract class InternalAppTestBase : IAsyncLifetime
{
    public const string ResourceType = "internal-app";
    public const string TargetName = "app";
    public const string TokenSecretName = "InternalAppToken";

    protected FakeInternalApp App { get; private set; } = null!;

    protected RecordingSecrets Secrets { get; } = new();

    /// <summary>Gets the function, run in memory through the SDK pipeline, configured with the fake app as its only target.</summary>
    protected AponoTestHost Host { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        App = await FakeInternalApp.StartAsync();
        Secrets.Values[TokenSecretName] = App.Token;
        // Timeouts generous enough for a loaded CI machine; the hanging-app test makes its own host with short ones.
        Host = CreateHost();
    }

    /// <summary>The function's environment as the deploy files set it: the target allow-list, the token's secret id, timeouts.</summary>
    protected AponoTestHostOptions HostOptions(string attemptTimeout = "00:00:05", string totalTimeout = "00:00:20")
    {
        var options = new AponoTestHostOptions();
        options.Environment[$"InternalApp__Targets__{TargetName}__BaseUrl"] = App.BaseUrl.ToString();
        options.Environment["InternalApp__TokenSecret"] = TokenSecretName;
        options.Environment["InternalApp__AttemptTimeout"] = attemptTimeout;
        options.Environment["InternalApp__TotalTimeout"] = totalTimeout;
        options.Environment["InternalApp__MaxRetryAttempts"] = "2";
        options.Environment["InternalApp__RetryDelay"] = "00:00:00.010";
        return options;
    }

    /// <summary>Creates a function host with the given options (default <see cref="HostOptions"/>) and <see cref="Secrets"/> as its secrets reader.</summary>
    protected AponoTestHost CreateHost(AponoTestHostOptions? options = null) =>
        new(new InternalAppAccessFunctionWithSecrets(Secrets), options ?? HostOptions());

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await App.DisposeAsync();
    }

    /// <summary>The integration's custom parameters: only the target's name.</summary>
    protected static Dictionary<string, string> Settings() => new(StringComparer.Ordinal) { ["target"] = TargetName };

    protected static JsonObject CustomParameters() =>
        new(Settings().Select(static p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

    protected static JsonObject AccessParams(string username, string permission, params string[] projects) => new()
    {
        ["grant_id"] = Guid.NewGuid().ToString(),
        ["username"] = username,
        ["resource_type"] = ResourceType,
        ["resources"] = new JsonArray(projects.Select(static p => (JsonNode)JsonValue.Create(p)).ToArray()),
        ["permission"] = permission,
        ["custom_parameters"] = CustomParameters(),
    };

    protected static JsonObject ListParams() => new() { ["resource_type"] = ResourceType, ["custom_parameters"] = CustomParameters() };

    /// <summary>Gets the non-GET requests the app received (GETs are the listing checks before each grant and revoke).</summary>
    protected IReadOnlyList<string> Mutations(FakeInternalApp? app = null) =>
        (app ?? App).RequestPaths.Where(static p => !p.StartsWith("GET ", StringComparison.Ordinal)).ToList();
}
