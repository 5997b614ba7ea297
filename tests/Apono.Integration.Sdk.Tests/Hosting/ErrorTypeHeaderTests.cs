using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tests.Hosting;

/// <summary>The <c>Lambda-Runtime-Function-Error-Type</c> header is never built from an author's unchecked text.</summary>
public sealed class ErrorTypeHeaderTests
{
    [Theory]
    [InlineData("Bad\r\nX-Injected: 1")]
    [InlineData("Bad\nX-Injected: 1")]
    [InlineData("Fehler-ü")]
    [InlineData("错误")]
    [InlineData("")]
    public async Task RunAsync_AuthorErrorTypeCannotBeAHeader_PostsInvalidErrorTypeAndNoOtherHeader(string errorType)
    {
        await using var host = await HostHarness.StartAsync(() => new ThrowingFunction(errorType));
        var id = host.Server.Enqueue(Events.Access("grant-access"));
        var next = host.Server.Enqueue(Events.Simple("get-status"));

        var answers = await host.Server.WaitForAnswersAsync(2, HostHarness.Patience);

        var error = Assert.Single(answers, a => a.RequestId == id);
        Assert.Equal(("error", "InvalidErrorType"), (error.Kind, error.ErrorTypeHeader));
        Assert.Equal("""{"errorType":"InvalidErrorType","errorMessage":"The quota of the team is used up."}""", error.Body);
        Assert.Equal(
            ["Content-Length", "Content-Type", "Host", "Lambda-Runtime-Function-Error-Type"],
            error.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase).ToArray());
        Assert.Equal("""{"status":"active"}""", Assert.Single(answers, a => a.RequestId == next).Body);
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
    }

    [Fact]
    public async Task RunAsync_AuthorErrorTypeIsAToken_PostsItAsTheHeader()
    {
        await using var host = await HostHarness.StartAsync(() => new ThrowingFunction("QuotaExceeded"));
        var id = host.Server.Enqueue(Events.Access("grant-access"));

        var error = Assert.Single(await host.Server.WaitForAnswersAsync(1, HostHarness.Patience));

        Assert.Equal((id, "QuotaExceeded"), (error.RequestId, error.ErrorTypeHeader));
        Assert.Equal("""{"errorType":"QuotaExceeded","errorMessage":"The quota of the team is used up."}""", error.Body);
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
    }

    [Theory]
    [InlineData("Bad\r\nX-Injected: 1")]
    [InlineData("Fehler-ü")]
    [InlineData("")]
    public async Task PostErrorAsync_UncheckedErrorType_SendsInvalidErrorTypeAndNoOtherHeader(string errorType)
    {
        await using var server = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(server.Endpoint);

        var status = await client.PostErrorAsync("req-1", errorType, """{"errorType":"x","errorMessage":"y"}"""u8.ToArray(), CancellationToken.None);

        Assert.Equal(202, (int)status);
        var answer = Assert.Single(await server.WaitForAnswersAsync(1, HostHarness.Patience));
        Assert.Equal("InvalidErrorType", answer.ErrorTypeHeader);
        Assert.DoesNotContain("X-Injected", answer.Headers.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(4, answer.Headers.Count);
    }

    private sealed class ThrowingFunction(string errorType) : AponoIntegrationFunction
    {
        protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            throw new TypedException(errorType, "The quota of the team is used up.");
    }

    private sealed class TypedException(string errorType, string message) : AponoException(message)
    {
        public override string ErrorType => errorType;
    }
}
