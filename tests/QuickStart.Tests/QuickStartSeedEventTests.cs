using System.Text;
using System.Text.Json;
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

    [Fact]
    public async Task FunctionHandler_ListResourcesOfAnotherType_EchoesThatType()
    {
        await using var function = new QuickStartFunction();
        using var input = new MemoryStream("""{"event_type":"list-resources","params":{"resource_type":"other-type","custom_parameters":{}}}"""u8.ToArray());

        var output = await function.FunctionHandler(input);

        using var reply = await JsonDocument.ParseAsync(output);
        var resources = reply.RootElement.GetProperty("resources").EnumerateArray().ToArray();
        Assert.Equal(3, resources.Length);
        Assert.All(resources, r => Assert.Equal("other-type", r.GetProperty("type").GetString()));
        Assert.Equal(2, reply.RootElement.GetProperty("permissions").GetArrayLength());
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
