using Apono.Integration.Sdk.Contracts;

namespace Apono.Integration.Sdk.Audit;

/// <summary>
/// The request's part of an audit record, as the request holds it (not yet escaped): taken without allocating, so the
/// audit line can be written when no sink needs an <see cref="AuditRecord"/>.
/// </summary>
internal readonly record struct AuditFields(string EventType, string? GrantId, string ResourceType, string Username, IReadOnlyList<string> Resources, string? Permission)
{
    /// <summary>Gets the fields of an access-changing request; <see langword="false"/> for any other (list-resources).</summary>
    public static bool TryGet(AponoRequest? request, out AuditFields fields)
    {
        switch (request)
        {
            case AccessRequest access:
                fields = new(access.EventType, access.GrantId, access.ResourceType, access.Username, access.Resources, access.Permission);
                return true;
            case CredentialsRequest credentials:
                fields = new(credentials.EventType, credentials.GrantId, credentials.ResourceType, credentials.Username, credentials.Resources, credentials.Permission);
                return true;
            default:
                fields = default;
                return false;
        }
    }
}
