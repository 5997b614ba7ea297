namespace Apono.Integration.Sdk.Testing;

/// <summary>The outcome of one typed invocation: the reply read back from the wire JSON, or the error.</summary>
/// <typeparam name="TReply">The reply type, e.g. <c>ListResourcesReply</c>.</typeparam>
public sealed class AponoTestResult<TReply> : AponoTestResult
    where TReply : class
{
    internal AponoTestResult(AponoTestResult result, TReply? reply)
        : base(result.IsSuccess, result.Json, result.ErrorType, result.ErrorMessage)
    {
        Reply = reply;
    }

    /// <summary>Gets the reply as parsed from the JSON the connector would receive, or <see langword="null"/> when the invocation failed.</summary>
    public TReply? Reply { get; }

    /// <summary>Returns the reply, or throws when the function answered an error.</summary>
    /// <returns>The reply.</returns>
    /// <exception cref="InvalidOperationException">The function answered an error; the message holds its type and message.</exception>
    public TReply EnsureSuccess() =>
        Reply ?? throw new InvalidOperationException($"The function answered an error instead of a reply: {ErrorType}: {ErrorMessage}");
}
