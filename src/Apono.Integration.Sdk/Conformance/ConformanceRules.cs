namespace Apono.Integration.Sdk.Conformance;

/// <summary>
/// The conformance rule ids, defined once: the reply validator (<see cref="Internal.ReplyWriter"/>) names the rule a
/// reply broke with these, the runner reports its findings under them, and docs/testing.md lists them.
/// </summary>
internal static class ConformanceRules
{
    public const string GetStatusStatus = "get-status.status";
    public const string ListSucceeds = "list-resources.succeeds";
    public const string ListShape = "list-resources.shape";
    public const string ListNotEmpty = "list-resources.not-empty";
    public const string ResourceId = "list-resources.resource-id";
    public const string ResourceIdUnique = "list-resources.resource-id-unique";
    public const string ResourceName = "list-resources.resource-name";
    public const string ResourceType = "list-resources.resource-type";
    public const string ResourceMetadata = "list-resources.resource-metadata";
    public const string PermissionId = "list-resources.permission-id";
    public const string PermissionIdUnique = "list-resources.permission-id-unique";
    public const string PermissionName = "list-resources.permission-name";
    public const string PermissionDeclared = "list-resources.permission-declared";
    public const string StableIds = "list-resources.stable-ids";
    public const string GrantSucceeds = "grant-access.succeeds";
    public const string GrantIdempotent = "grant-access.idempotent";
    public const string RevokeSucceeds = "revoke-access.succeeds";
    public const string RevokeIdempotent = "revoke-access.idempotent";
    public const string GrantRejectsUnlistedPermission = "grant-access.rejects-unlisted-permission";
    public const string GrantRejectsUnlistedResource = "grant-access.rejects-unlisted-resource";
    public const string CreateCredentialsSecret = "create-credentials.secret";
    public const string ResetCredentialsSecret = "reset-credentials.secret";
    public const string DeleteCredentialsSucceeds = "delete-credentials.succeeds";
    public const string UndeclaredResourceType = "errors.undeclared-resource-type";
    public const string UnknownEvent = "errors.unknown-event";
    public const string MalformedEnvelope = "errors.malformed-envelope";
    public const string TagsResourceId = "list-resources-tags.resource-id";
    public const string TagsResourceIdUnique = "list-resources-tags.resource-id-unique";
    public const string TagsValues = "list-resources-tags.tags";

    /// <summary>Gets the rule a credentials reply without a secret breaks, for the event that answered it.</summary>
    public static string? CredentialsSecret(string eventType) => eventType switch
    {
        Contracts.AponoEventType.CreateCredentials => CreateCredentialsSecret,
        Contracts.AponoEventType.ResetCredentials => ResetCredentialsSecret,
        _ => null,
    };
}
