using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Routing;
using QuickStart;

namespace QuickStart.Tests;

/// <summary>Each seed event answers exactly what the Node sample in Apono's docs answers (with the create-credentials secret fixed).</summary>
public sealed class QuickStartSeedEventTests
{
    private const string ListResourcesReply = """
        {"resources":[
          {"id":"resource1","name":"Resource 1","type":"custom-app","metadata":{"key1":"value1"}},
          {"id":"resource2","name":"Resource 2","type":"custom-app","metadata":{"key2":"value2"}},
          {"id":"resource3","name":"Resource 3","type":"custom-app","metadata":{"key3":"value3"}}],
         "permissions":[{"id":"admin","name":"Admin"},{"id":"reader","name":"Reader"}]}
        """;

    public static TheoryData<string, string> SeedEvents() => new()
    {
        { "list-resources", ListResourcesReply },
        { "grant-access", """{"status":"ok"}""" },
        { "revoke-access", """{"status":"ok"}""" },
        { "create-credentials", """{"status":"ok","secret":"created-credentials-secret"}""" },
        { "reset-credentials", """{"status":"ok","secret":"reset-credentials-secret"}""" },
        { "delete-credentials", """{"status":"ok"}""" },
        { "get-status", """{"status":"active"}""" },
    };

    [Theory]
    [MemberData(nameof(SeedEvents))]
    public async Task FunctionHandler_SeedEvent_AnswersLikeTheNodeSample(string eventName, string expected)
    {
        await using var function = new QuickStartFunction();
        using var input = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "events", eventName + ".json"));

        var output = await function.FunctionHandler(input);

        Assert.Equal(Normalize(expected), Normalize(await new StreamReader(output, Encoding.UTF8).ReadToEndAsync()));
    }

    // The Node sample answers any resource_type; QuickStart declares the one it serves, so another is refused by name.
    [Theory]
    [InlineData("list-resources", """{"resource_type":"other-type","custom_parameters":{}}""")]
    [InlineData("grant-access", """{"grant_id":"g-1","username":"jane@example.com","resource_type":"other-type","resources":["resource1"],"permission":"admin"}""")]
    [InlineData("create-credentials", """{"username":"jane@example.com","resource_type":"Custom-App","resources":["resource1"]}""")]
    public async Task FunctionHandler_UndeclaredResourceType_AnswersInvalidRequestNamingTheDeclaredType(string eventType, string parameters)
    {
        await using var function = new QuickStartFunction();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes($$"""{"event_type":"{{eventType}}","params":{{parameters}}}"""));

        var error = await Assert.ThrowsAsync<AponoInvocationException>(() => function.FunctionHandler(input));

        Assert.Equal("InvalidRequest", error.ErrorType);
        var type = JsonDocument.Parse(parameters).RootElement.GetProperty("resource_type").GetString();
        Assert.Equal($"resource_type '{type}' is not served by this integration; it declares: custom-app.", error.Message);
    }

    [Theory]
    [InlineData("grant-access")]
    [InlineData("revoke-access")]
    public async Task FunctionHandler_UndeclaredPermission_AnswersInvalidRequestNamingTheDeclaredOnes(string eventType)
    {
        await using var function = new QuickStartFunction();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(
            $$$"""{"event_type":"{{{eventType}}}","params":{"grant_id":"g-1","username":"jane@example.com","resource_type":"custom-app","resources":["resource1"],"permission":"owner"}}"""));

        var error = await Assert.ThrowsAsync<AponoInvocationException>(() => function.FunctionHandler(input));

        Assert.Equal("InvalidRequest", error.ErrorType);
        Assert.Equal("permission 'owner' is not declared for resource type 'custom-app'; its permissions are: admin, reader.", error.Message);
    }

    [Fact]
    public void SeedEvents_CoverEveryFileInEventsFolder() =>
        Assert.Equal(
            SeedEvents().Select(row => (string)row[0]).Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "events"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));

    /// <summary>Re-serializes compactly so the comparison is exact but ignores insignificant whitespace.</summary>
    private static string Normalize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, QuickStartTestJsonContext.Default.JsonElement);
    }
}
