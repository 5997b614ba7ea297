namespace Apono.Integration.Sdk.Contracts;

/// <summary>The params of <c>reset-credentials</c>.</summary>
public sealed class ResetCredentialsRequest : CredentialsRequest
{
    /// <inheritdoc/>
    public override string EventType => AponoEventType.ResetCredentials;
}
