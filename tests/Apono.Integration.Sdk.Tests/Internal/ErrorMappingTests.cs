using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.Internal;

public sealed class ErrorMappingTests
{
    private const string Grant = """{"event_type":"grant-access","params":{"grant_id":"g-7","username":"u@example.com","resource_type":"db","resources":["r"],"permission":"p","custom_parameters":{"api_token":"tok-123456-secret","region":"eu"}}}""";

    public static TheoryData<string, string> AponoExceptions() => new()
    {
        { nameof(InvalidRequestException), AponoErrorType.InvalidRequest },
        { nameof(ResourceNotFoundException), AponoErrorType.NotFound },
        { nameof(EventNotSupportedException), AponoErrorType.NotSupported },
        { nameof(TransientException), AponoErrorType.Transient },
        { nameof(QuotaException), "QuotaExceeded" },
    };

    [Theory]
    [MemberData(nameof(AponoExceptions))]
    public async Task InvokeAsync_AuthorThrowsAponoException_AnswersItsTypeAndMessage(string exceptionName, string errorType)
    {
        var message = $"The database refused the grant ({exceptionName}).";
        AponoException exception = exceptionName switch
        {
            nameof(InvalidRequestException) => new InvalidRequestException(message),
            nameof(ResourceNotFoundException) => new ResourceNotFoundException(message, new InvalidOperationException("inner")),
            nameof(EventNotSupportedException) => new EventNotSupportedException(message),
            nameof(TransientException) => new TransientException(message),
            _ => new QuotaException(message),
        };
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => throw exception };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Grant);

        Assert.False(result.IsSuccess);
        Assert.Equal((errorType, message), (result.ErrorType, result.ErrorMessage));
        using var body = JsonDocument.Parse(result.Body);
        Assert.Equal(errorType, body.RootElement.GetProperty("errorType").GetString());
        Assert.Contains($"grant-access failed with {errorType}: {message}", harness.LogText);
    }

    [Fact]
    public void TransientException_IsRetryable_OthersAreNot()
    {
        Assert.True(new TransientException("x").IsRetryable);
        Assert.False(new InvalidRequestException("x").IsRetryable);
        Assert.False(new ResourceNotFoundException("x").IsRetryable);
        Assert.False(new EventNotSupportedException("x").IsRetryable);
    }

    [Fact]
    public async Task InvokeAsync_UnexpectedException_AnswersInternalErrorWithoutItsMessage()
    {
        const string Leak = "Password=hunter2-connection-string-canary";
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => throw new InvalidOperationException(Leak, new FormatException(Leak)) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Grant);

        Assert.Equal(
            ("InternalError", $"An unexpected error (InvalidOperationException) occurred while handling grant-access. The function's log has the details under request id {PipelineHarness.RequestId}."),
            (result.ErrorType, result.ErrorMessage));
        var logs = harness.LogText;
        Assert.DoesNotContain("hunter2", logs);
        Assert.Contains("\"type\":\"System.InvalidOperationException\"", logs);
        Assert.Contains("\"cause\":{\"type\":\"System.FormatException\"", logs);
        Assert.Contains("grant-access failed with an unexpected InvalidOperationException; reported as InternalError", logs);
    }

    [Fact]
    public async Task InvokeAsync_AponoExceptionQuotingCustomParameter_ScrubsTheValue()
    {
        await using var function = new RecordingFunction
        {
            Behavior = (request, _, cancellationToken) => throw new InvalidRequestException($"Token {request.CustomParameters.GetString("api_token")} was rejected in region {request.CustomParameters.GetString("region")}."),
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Grant);

        // Values shorter than four characters ("eu") are too common to scrub.
        Assert.Equal(("InvalidRequest", "Token *** was rejected in region eu."), (result.ErrorType, result.ErrorMessage));
        Assert.DoesNotContain("tok-123456-secret", harness.LogText);
    }

    [Fact]
    public async Task InvokeAsync_AuthorThrowsSynchronously_IsMappedLikeAnAsyncThrow()
    {
        await using var function = new SyncThrowFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Grant);

        Assert.Equal(("NotFound", "No such user."), (result.ErrorType, result.ErrorMessage));
    }

    [Fact]
    public async Task InvokeAsync_AuthorThrowsOperationCanceledWithoutDeadline_AnswersInternalError()
    {
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => throw new OperationCanceledException("own cancel") };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Grant);

        Assert.Equal("InternalError", result.ErrorType);
        Assert.StartsWith("An unexpected error (OperationCanceledException) occurred while handling grant-access.", result.ErrorMessage);
    }

    [Fact]
    public async Task InvokeAsync_HostCancels_AnswersTimeoutAskingForRetry()
    {
        using var shutdown = new CancellationTokenSource();
        await using var function = new RecordingFunction
        {
            Behavior = async (_, context, cancellationToken) =>
            {
                await shutdown.CancelAsync();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return null;
            },
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Grant, cancellationToken: shutdown.Token);

        Assert.Equal(("Timeout", "grant-access was cancelled because the function is shutting down; retry the request."), (result.ErrorType, result.ErrorMessage));
    }

    private sealed class QuotaException(string message) : AponoException(message)
    {
        public override string ErrorType => "QuotaExceeded";
    }

    private sealed class SyncThrowFunction : AponoIntegrationFunction
    {
        protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            throw new ResourceNotFoundException("No such user.");
    }
}
