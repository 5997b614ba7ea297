namespace Apono.Integration.Sdk.Contracts;

/// <summary>The params of <c>revoke-access</c>.</summary>
public sealed class RevokeAccessRequest : AccessRequest
{
    /// <inheritdoc/>
    public override string EventType => AponoEventType.RevokeAccess;
}
