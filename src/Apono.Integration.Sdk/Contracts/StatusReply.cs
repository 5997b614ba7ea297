namespace Apono.Integration.Sdk.Contracts;

/// <summary>The reply to <c>get-status</c>, e.g. <c>{ "status": "active" }</c>.</summary>
/// <param name="Status">The status; not empty.</param>
public sealed record StatusReply(string Status)
{
    /// <summary>Gets <c>{ "status": "active" }</c>, the default reply.</summary>
    public static StatusReply Active { get; } = new("active");
}
