namespace Apono.Integration.Sdk.Contracts;

/// <summary>The params of <c>delete-credentials</c>.</summary>
public sealed class DeleteCredentialsRequest : CredentialsRequest
{
    /// <inheritdoc/>
    public override string EventType => AponoEventType.DeleteCredentials;
}
