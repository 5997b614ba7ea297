namespace Apono.Integration.Sdk.Contracts;

/// <summary>The params of <c>create-credentials</c>.</summary>
public sealed class CreateCredentialsRequest : CredentialsRequest
{
    /// <inheritdoc/>
    public override string EventType => AponoEventType.CreateCredentials;
}
