using System.Text.Json;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Tests.BadInput;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.Internal;

public sealed class ErrorTypeTests
{
    private const string Message = "The quota of the team is used up.";

    public static TheoryData<string, string> BadErrorTypes() => new()
    {
        { "", "it is empty" },
        { "Bad\r\nX-Injected: 1", "character 4 (U+000D) is not an RFC 7230 token character" },
        { "Fehler-ü", "character 8 (U+00FC) is not an RFC 7230 token character" },
        { "Quota Exceeded", "character 6 (U+0020) is not an RFC 7230 token character" },
        { "Quota:Exceeded", "character 6 (U+003A) is not an RFC 7230 token character" },
        { new string('Q', 65), "it is 65 characters long, more than 64" },
    };

    [Theory]
    [MemberData(nameof(BadErrorTypes))]
    public async Task InvokeAsync_AuthorErrorTypeCannotBeSent_AnswersInvalidErrorTypeWithItsMessageAndWarns(string errorType, string problem)
    {
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => throw new CustomTypeException(errorType, Message) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(BadInputCatalog.Access("grant-access"));

        Assert.Equal(("InvalidErrorType", Message), (result.ErrorType, result.ErrorMessage));
        using var body = JsonDocument.Parse(result.Body);
        Assert.Equal("InvalidErrorType", body.RootElement.GetProperty("errorType").GetString());
        var logs = harness.LogText;
        Assert.Contains($"grant-access: the ErrorType of CustomTypeException cannot be sent ({problem}); answered InvalidErrorType instead", logs);
        Assert.Contains("\"level\":\"WARN\"", logs);
        Assert.DoesNotContain("X-Injected", logs);
    }

    [Theory]
    [InlineData("QuotaExceeded")]
    [InlineData("A!#$%&'*+-.^_`|~09az")]
    [InlineData("Q234567890123456789012345678901234567890123456789012345678901234")]
    public async Task InvokeAsync_AuthorErrorTypeIsAToken_AnswersItUnchanged(string errorType)
    {
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => throw new CustomTypeException(errorType, Message) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(BadInputCatalog.Access("grant-access"));

        Assert.Equal((errorType, Message), (result.ErrorType, result.ErrorMessage));
        Assert.DoesNotContain("cannot be sent", harness.LogText);
    }

    [Fact]
    public async Task InvokeAsync_AuthorErrorTypeGetterThrows_AnswersInternalError()
    {
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => throw new ThrowingTypeException() };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(BadInputCatalog.Access("grant-access"));

        Assert.Equal(
            ("InternalError", $"An unexpected error (NotImplementedException) occurred while handling grant-access. The function's log has the details under request id {PipelineHarness.RequestId}."),
            (result.ErrorType, result.ErrorMessage));
    }

    internal sealed class CustomTypeException(string errorType, string message) : AponoException(message)
    {
        public override string ErrorType => errorType;
    }

    private sealed class ThrowingTypeException() : AponoException("never shown")
    {
        public override string ErrorType => throw new NotImplementedException();
    }
}
