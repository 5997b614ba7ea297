using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>The SDK's log lines about its audit, metrics and tracing side channels, source-generated; types only, never a message.</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(40, LogLevel.Error, "Audit sink {SinkType} failed for request {RequestId} with {ExceptionType}; the answer is unchanged")]
    public static partial void AuditSinkFailed(ILogger logger, string sinkType, string requestId, string exceptionType);

    [LoggerMessage(41, LogLevel.Error, "Audit sink {SinkType} did not finish within {LimitMilliseconds} ms for request {RequestId}; it was cancelled and the answer is unchanged")]
    public static partial void AuditSinkTimedOut(ILogger logger, string sinkType, string requestId, double limitMilliseconds);

    [LoggerMessage(42, LogLevel.Error, "The {Part} of request {RequestId} could not be written ({ExceptionType}); the answer is unchanged")]
    public static partial void TelemetryFailed(ILogger logger, string part, string requestId, string exceptionType);
}
