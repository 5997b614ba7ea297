using System.Text;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.BadInput;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.Routing;

public sealed class EventSupportTests
{
    public static TheoryData<string, string> UnimplementedEvents() => new()
    {
        { AponoEventType.ListResources, """{"event_type":"list-resources","params":{"resource_type":"db"}}""" },
        { AponoEventType.ListResourceTags, """{"event_type":"list-resources-tags","params":{}}""" },
        { AponoEventType.GrantAccess, BadInputCatalog.Access("grant-access") },
        { AponoEventType.RevokeAccess, BadInputCatalog.Access("revoke-access") },
        { AponoEventType.CreateCredentials, BadInputCatalog.Credentials("create-credentials") },
        { AponoEventType.ResetCredentials, BadInputCatalog.Credentials("reset-credentials") },
        { AponoEventType.DeleteCredentials, BadInputCatalog.Credentials("delete-credentials") },
    };

    [Theory]
    [MemberData(nameof(UnimplementedEvents))]
    public async Task InvokeAsync_EventNotOverridden_AnswersNotSupportedNamingIt(string eventType, string request)
    {
        await using var function = new EmptyFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(request);

        Assert.False(result.IsSuccess);
        Assert.Equal(("NotSupported", $"This integration does not support {eventType}."), (result.ErrorType, result.ErrorMessage));
        Assert.DoesNotContain("\"ok\"", Encoding.UTF8.GetString(result.Body.Span));
    }

    [Theory]
    [InlineData("""{"event_type":"get-status","params":{}}""")]
    [InlineData("""{"event_type":"get-status"}""")]
    [InlineData("""{"event_type":"get-status","params":{"custom_parameters":{"a":1}}}""")]
    public async Task InvokeAsync_GetStatusNotOverridden_AnswersActive(string request)
    {
        await using var function = new EmptyFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(request);

        Assert.True(result.IsSuccess);
        Assert.Equal("""{"status":"active"}""", Encoding.UTF8.GetString(result.Body.Span));
    }

    [Fact]
    public async Task InvokeAsync_SuccessfulInvocation_LogsAnsweredLineWithRequestIdAndGrantId()
    {
        await using var function = new RecordingFunction();
        await using var harness = PipelineHarness.Create(function);

        await harness.InvokeAsync(BadInputCatalog.Access("grant-access"));

        var line = Assert.Single(harness.LogText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("INFO", json.RootElement.GetProperty("level").GetString());
        Assert.Equal(PipelineHarness.RequestId, json.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("grant-access", json.RootElement.GetProperty("eventType").GetString());
        Assert.Equal("g-1", json.RootElement.GetProperty("grantId").GetString());
        Assert.StartsWith("grant-access answered in ", json.RootElement.GetProperty("message").GetString());
    }

    private sealed class EmptyFunction : AponoIntegrationFunction;
}
