namespace Apono.Integration.Sdk.Routing;

/// <summary>What a host knows about an invocation before the SDK reads its body.</summary>
/// <param name="RequestId">The request id.</param>
/// <param name="Deadline">When the invocation ends, if it has a deadline.</param>
internal sealed record InvocationMetadata(string RequestId, DateTimeOffset? Deadline)
{
    public string? InvokedFunctionArn { get; init; }

    public string? TraceId { get; init; }

    public string? ClientContext { get; init; }

    public string? CognitoIdentity { get; init; }

    public static InvocationMetadata Local() => new("local-" + Guid.NewGuid().ToString("N"), null);
}
