namespace Apono.Integration.Sdk.Contracts;

/// <summary>A permission users can request on the listed resources.</summary>
/// <param name="Id">Unique id; Apono sends it back in <c>permission</c> of grant and revoke.</param>
/// <param name="Name">Display name shown to the requester; not empty.</param>
public sealed record AponoPermission(string Id, string Name);
