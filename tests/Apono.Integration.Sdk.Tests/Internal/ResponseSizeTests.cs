using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.Internal;

public sealed class ResponseSizeTests
{
    private const string ListResources = """{"event_type":"list-resources","params":{"resource_type":"db"}}""";

    [Fact]
    public async Task InvokeAsync_ManyResourcesOverLambdaLimit_AnswersResponseTooLarge()
    {
        static IEnumerable<AponoResource> Many()
        {
            var metadata = new Dictionary<string, string> { ["description"] = new string('d', 1_000) };
            for (var i = 0; ; i++)
            {
                yield return new AponoResource($"r{i}", $"Resource {i}") { Metadata = metadata };
            }
        }

        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new ListResourcesReply(Many(), [])) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(ListResources);

        Assert.Equal("ResponseTooLarge", result.ErrorType);
        Assert.Matches(@"^The list-resources reply exceeds 6,291,456 bytes after [\d,]+ resources, more than Lambda accepts; list fewer resources or shorter metadata\.$", result.ErrorMessage);
    }

    [Fact]
    public async Task InvokeAsync_OneHugeResourceLast_AnswersResponseTooLargeWithTheSize()
    {
        await using var function = new RecordingFunction
        {
            Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new ListResourcesReply([new AponoResource("r", new string('n', 6_291_456))], [])),
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(ListResources);

        Assert.Equal(("ResponseTooLarge", "The list-resources reply is 6,291,535 bytes; Lambda accepts at most 6,291,456."), (result.ErrorType, result.ErrorMessage));
    }

    [Fact]
    public async Task InvokeAsync_SecretOverLimit_AnswersResponseTooLarge()
    {
        await using var function = new RecordingFunction
        {
            Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new CredentialsReply(new SecretString(new string('s', 6_300_000)))),
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Sdk.Tests.BadInput.BadInputCatalog.Credentials("reset-credentials"));

        Assert.Equal(("ResponseTooLarge", "The reset-credentials reply is 6,300,027 bytes; Lambda accepts at most 6,291,456."), (result.ErrorType, result.ErrorMessage));
    }

    [Fact]
    public async Task InvokeAsync_ReplyJustUnderLimit_Succeeds()
    {
        // {"status":"ok","secret":"…"} is 27 bytes plus the secret.
        await using var function = new RecordingFunction
        {
            Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new CredentialsReply(new SecretString(new string('s', 6_291_456 - 27)))),
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Sdk.Tests.BadInput.BadInputCatalog.Credentials("create-credentials"));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(6_291_456, result.Body.Length);
    }

    [Fact]
    public async Task InvokeAsync_ReplyOneByteOverLimit_AnswersResponseTooLarge()
    {
        await using var function = new RecordingFunction
        {
            Behavior = (_, _, cancellationToken) => Task.FromResult<object?>(new CredentialsReply(new SecretString(new string('s', 6_291_456 - 26)))),
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Sdk.Tests.BadInput.BadInputCatalog.Credentials("create-credentials"));

        Assert.Equal(("ResponseTooLarge", "The create-credentials reply is 6,291,457 bytes; Lambda accepts at most 6,291,456."), (result.ErrorType, result.ErrorMessage));
    }
}
