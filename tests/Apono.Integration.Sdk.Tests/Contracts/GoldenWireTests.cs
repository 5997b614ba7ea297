using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.Contracts;

/// <summary>
/// Every folder under <c>Contracts/Golden</c> is one case: <c>request.json</c> goes through the real pipeline,
/// the reply must equal <c>reply.json</c> and the typed request the author received must equal <c>observed.json</c>.
/// </summary>
public sealed class GoldenWireTests
{
    private static readonly string GoldenRoot = Path.Combine(AppContext.BaseDirectory, "Contracts", "Golden");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(GoldenRoot).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(directory));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InvokeAsync_GoldenRequest_RepliesGoldenJson(string name)
    {
        var directory = Path.Combine(GoldenRoot, name);
        await using var function = new RecordingFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(await File.ReadAllBytesAsync(Path.Combine(directory, "request.json")));

        Assert.True(result.IsSuccess, $"{result.ErrorType}: {result.ErrorMessage}");
        JsonAssert.Equivalent(await File.ReadAllTextAsync(Path.Combine(directory, "reply.json")), result.Body);
        var request = Assert.Single(function.Calls);
        JsonAssert.Equivalent(await File.ReadAllTextAsync(Path.Combine(directory, "observed.json")), RequestSnapshot.ToJson(request));
    }

    [Fact]
    public void Cases_CoverEveryEvent()
    {
        var events = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in Directory.GetDirectories(GoldenRoot))
        {
            using var request = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "request.json")));
            events.Add(request.RootElement.GetProperty("event_type").GetString()!);
        }

        Assert.Equal(Sdk.Contracts.AponoEventType.All.Order(StringComparer.Ordinal), events.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_GoldenReply_IsCompactUtf8WithoutEscapedUnicode()
    {
        await using var function = new RecordingFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync("""{"event_type":"list-resources","params":{"resource_type":"t"}}""");

        Assert.Equal(
            """{"resources":[{"id":"db-1","name":"Orders database","type":"t","metadata":{"environment":"prod","region":"us-east-1"}},{"id":"db-ü-東京","name":"Base de données 東京 ✓","type":"t","metadata":{}}],"permissions":[{"id":"admin","name":"Admin"},{"id":"reader","name":"Reader"}]}""",
            Encoding.UTF8.GetString(result.Body.Span));
    }
}
