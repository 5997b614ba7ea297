namespace PostgresAccess.Records;

/// <summary>What a <c>grant_id</c> is bound to, as recorded in <c>apono_access.grants</c> by its first grant.</summary>
/// <param name="Identity">The grantee's e-mail as <see cref="Access.RoleNames.Identity"/> records it.</param>
/// <param name="UserRole">The grantee's login role.</param>
/// <param name="GrantRole">The group role holding this grant's privileges.</param>
/// <param name="Permission">The permission id.</param>
/// <param name="Resources">The resource ids, canonical and sorted (ordinal).</param>
/// <param name="Revoked">The grant was revoked; the row stays as a tombstone so a redelivered grant is refused.</param>
internal sealed record GrantRecord(string Identity, string UserRole, string GrantRole, string Permission, IReadOnlyList<string> Resources, bool Revoked)
{
    public bool SameGrant(string identity, string permission, IReadOnlyList<string> resources) =>
        string.Equals(Identity, identity, StringComparison.Ordinal)
        && string.Equals(Permission, permission, StringComparison.Ordinal)
        && Resources.SequenceEqual(resources, StringComparer.Ordinal);
}
