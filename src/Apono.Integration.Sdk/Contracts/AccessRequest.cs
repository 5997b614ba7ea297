namespace Apono.Integration.Sdk.Contracts;

/// <summary>What <c>grant-access</c> and <c>revoke-access</c> carry.</summary>
/// <remarks>
/// Apono may deliver the same grant more than once: handle each request idempotently per
/// <see cref="GrantId"/>, resource and <see cref="Permission"/>.
/// </remarks>
public abstract class AccessRequest : AponoRequest
{
    private protected AccessRequest()
    {
    }

    /// <summary>Gets Apono's unique id of the access request (<c>grant_id</c>).</summary>
    public required string GrantId { get; init; }

    /// <summary>Gets the grantee (<c>username</c>), an e-mail address.</summary>
    public required string Username { get; init; }

    /// <summary>Gets the configured resource type (<c>resource_type</c>).</summary>
    public required string ResourceType { get; init; }

    /// <summary>Gets the resource ids as listed by <c>list-resources</c>; may be empty, never has duplicates.</summary>
    public required IReadOnlyList<string> Resources { get; init; }

    /// <summary>Gets the permission id as listed by <c>list-resources</c>.</summary>
    public required string Permission { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{GetType().Name} {{ GrantId = {GrantId}, Username = {Username}, ResourceType = {ResourceType}, Resources = [{string.Join(", ", Resources)}], Permission = {Permission} }}";
}
