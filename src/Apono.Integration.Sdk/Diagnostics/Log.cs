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
}
