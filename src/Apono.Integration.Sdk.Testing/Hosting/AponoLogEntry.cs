namespace Apono.Integration.Sdk.Testing;

/// <summary>One log line the function wrote during a test, parsed from the JSON line the SDK writes to CloudWatch.</summary>
/// <param name="Level">The level as written: <c>TRACE</c>, <c>DEBUG</c>, <c>INFO</c>, <c>WARN</c>, <c>ERROR</c> or <c>FATAL</c>.</param>
/// <param name="Logger">The logger category.</param>
/// <param name="Message">The message, with the invocation's known secrets already replaced by <c>***</c>.</param>
/// <param name="Json">The whole line as written.</param>
public sealed record AponoLogEntry(string Level, string Logger, string Message, string Json)
{
    /// <summary>Gets when the line was written, on the host's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the request id of the invocation that wrote the line, if any.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the event type of the invocation that wrote the line, if known.</summary>
    public string? EventType { get; init; }

    /// <summary>Gets the grant id of the invocation that wrote the line, if any.</summary>
    public string? GrantId { get; init; }

    /// <summary>Gets the type name of the logged exception, if any.</summary>
    public string? ExceptionType { get; init; }
}
