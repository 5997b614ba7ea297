namespace Apono.Integration.Sdk.Contracts;

/// <summary>What <c>create-credentials</c>, <c>reset-credentials</c> and <c>delete-credentials</c> carry.</summary>
public abstract class CredentialsRequest : AponoRequest
{
    private protected CredentialsRequest()
    {
    }

    /// <summary>Gets the user whose credentials are meant (<c>username</c>), an e-mail address.</summary>
    public required string Username { get; init; }

    /// <summary>Gets the configured resource type (<c>resource_type</c>).</summary>
    public required string ResourceType { get; init; }

    /// <summary>Gets the target resource ids; may be empty, never has duplicates.</summary>
    public required IReadOnlyList<string> Resources { get; init; }

    /// <summary>Gets the <c>grant_id</c> when the connector sends one.</summary>
    public string? GrantId { get; init; }

    /// <summary>Gets the <c>permission</c> when the connector sends one.</summary>
    public string? Permission { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{GetType().Name} {{ Username = {Username}, ResourceType = {ResourceType}, Resources = [{string.Join(", ", Resources)}], GrantId = {GrantId}, Permission = {Permission} }}";
}
