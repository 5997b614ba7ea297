namespace Apono.Integration.Sdk.Contracts;

/// <summary>
/// The <c>event_type</c> values an Apono connector sends, spelled exactly as on the wire.
/// </summary>
/// <remarks>Event types are case-sensitive: <c>Grant-Access</c> is not <c>grant-access</c>.</remarks>
public static class AponoEventType
{
    /// <summary>Lists the resources and permissions the integration manages.</summary>
    public const string ListResources = "list-resources";

    /// <summary>Lists tags per resource id. Not documented by Apono; see the contract reference.</summary>
    public const string ListResourceTags = "list-resources-tags";

    /// <summary>Grants a permission on resources to a user.</summary>
    public const string GrantAccess = "grant-access";

    /// <summary>Revokes a permission on resources from a user.</summary>
    public const string RevokeAccess = "revoke-access";

    /// <summary>Creates credentials for a user and returns their secret.</summary>
    public const string CreateCredentials = "create-credentials";

    /// <summary>Resets the credentials of a user and returns the new secret.</summary>
    public const string ResetCredentials = "reset-credentials";

    /// <summary>Deletes the credentials of a user.</summary>
    public const string DeleteCredentials = "delete-credentials";

    /// <summary>Asks whether the integration is healthy.</summary>
    public const string GetStatus = "get-status";

    /// <summary>Gets every event type, in the order of the contract.</summary>
    /// <remarks>The SDK's one list of events: the reader, the router, the sample envelopes and the capability table use the same.</remarks>
    public static IReadOnlyList<string> All => Internal.EventTable.Names;
}
