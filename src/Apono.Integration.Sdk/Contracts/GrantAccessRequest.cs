namespace Apono.Integration.Sdk.Contracts;

/// <summary>The params of <c>grant-access</c>.</summary>
public sealed class GrantAccessRequest : AccessRequest
{
    /// <inheritdoc/>
    public override string EventType => AponoEventType.GrantAccess;
}
