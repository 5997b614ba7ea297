using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>The SDK's own log lines, source-generated. None of them carries a custom parameter value or a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "{EventType} answered in {ElapsedMilliseconds} ms ({ReplyBytes} bytes)")]
    public static partial void Answered(ILogger logger, string eventType, double elapsedMilliseconds, int replyBytes);

    [LoggerMessage(2, LogLevel.Warning, "{EventType} failed with {ErrorType}: {ErrorMessage}")]
    public static partial void Failed(ILogger logger, string eventType, string errorType, string errorMessage);

    [LoggerMessage(3, LogLevel.Error, "{EventType} failed with an unexpected {ExceptionType}; reported as InternalError")]
    public static partial void Unexpected(ILogger logger, string eventType, string exceptionType, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "{EventType} did not finish before the deadline; answered Timeout and abandoned the handler")]
    public static partial void TimedOut(ILogger logger, string eventType);

    [LoggerMessage(5, LogLevel.Warning, "{EventType} abandoned at the deadline finished later with {Outcome}; it was dropped (the Timeout answer stands)")]
    public static partial void AbandonedFinished(ILogger logger, string eventType, string outcome);

    [LoggerMessage(6, LogLevel.Warning, "{EventType}: the ErrorType of {ExceptionType} cannot be sent ({Problem}); answered {ReplacementType} instead")]
    public static partial void ErrorTypeReplaced(ILogger logger, string eventType, string exceptionType, string problem, string replacementType);

    [LoggerMessage(10, LogLevel.Information, "Serving the Lambda Runtime API at {Endpoint} with {Concurrency} poll loop(s)")]
    public static partial void Serving(ILogger logger, string endpoint, int concurrency);

    [LoggerMessage(11, LogLevel.Warning, "GET /runtime/invocation/next failed ({Reason}); retry {Attempt} of {MaxRetries} in {DelayMilliseconds} ms")]
    public static partial void NextRetrying(ILogger logger, string reason, int attempt, int maxRetries, double delayMilliseconds);

    [LoggerMessage(12, LogLevel.Critical, "The Runtime API failed ({Reason}); exiting with code {ExitCode} so that Lambda replaces the environment")]
    public static partial void RuntimeApiFailed(ILogger logger, string reason, int exitCode);

    [LoggerMessage(13, LogLevel.Error, "The Runtime API rejected the {AnswerKind} of request {RequestId} with status {StatusCode}; the loop goes on")]
    public static partial void AnswerRejected(ILogger logger, string answerKind, string requestId, int statusCode);

    [LoggerMessage(14, LogLevel.Error, "Posting the {AnswerKind} of request {RequestId} failed ({Reason}); the loop goes on")]
    public static partial void AnswerFailed(ILogger logger, string answerKind, string requestId, string reason);

    [LoggerMessage(15, LogLevel.Critical, "The function could not start: {ErrorMessage}")]
    public static partial void InitFailed(ILogger logger, string errorMessage, Exception exception);

    [LoggerMessage(16, LogLevel.Error, "Posting the init error to the Runtime API failed ({Reason})")]
    public static partial void InitErrorNotPosted(ILogger logger, string reason);
}
