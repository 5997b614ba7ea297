using Apono.Integration.Sdk.Contracts;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>A realistic request envelope per event, as the connector sends it: what <c>events</c> prints and <c>invoke &lt;event-type&gt;</c> starts from.</summary>
internal static class SampleEvents
{
    public const string GrantId = "3f0a1c9e-7b7e-4a43-9c43-0d3c1b2a9f10";
    public const string Username = "jane.doe@example.com";
    public const string ResourceType = "custom-app";
    public const string Resource = "resource1";
    public const string Permission = "reader";

    private static readonly CustomParameters Parameters = CustomParameters.FromStrings(
        [new("param1", "value1"), new("param2", "value2")]);

    /// <summary>Gets the sample request of an event, or <see langword="null"/> for an event type Apono does not send.</summary>
    public static AponoRequest? For(string eventType) => eventType switch
    {
        AponoEventType.ListResources => new ListResourcesRequest { ResourceType = ResourceType, CustomParameters = Parameters },
        AponoEventType.ListResourceTags => new ListResourceTagsRequest { ResourceType = ResourceType, CustomParameters = Parameters },
        AponoEventType.GrantAccess => new GrantAccessRequest
        {
            GrantId = GrantId, Username = Username, ResourceType = ResourceType, Resources = [Resource], Permission = Permission, CustomParameters = Parameters,
        },
        AponoEventType.RevokeAccess => new RevokeAccessRequest
        {
            GrantId = GrantId, Username = Username, ResourceType = ResourceType, Resources = [Resource], Permission = Permission, CustomParameters = Parameters,
        },
        AponoEventType.CreateCredentials => new CreateCredentialsRequest
        {
            GrantId = GrantId, Username = Username, ResourceType = ResourceType, Resources = [Resource], Permission = Permission, CustomParameters = Parameters,
        },
        AponoEventType.ResetCredentials => new ResetCredentialsRequest
        {
            GrantId = GrantId, Username = Username, ResourceType = ResourceType, Resources = [Resource], Permission = Permission, CustomParameters = Parameters,
        },
        AponoEventType.DeleteCredentials => new DeleteCredentialsRequest
        {
            GrantId = GrantId, Username = Username, ResourceType = ResourceType, Resources = [Resource], Permission = Permission, CustomParameters = Parameters,
        },
        AponoEventType.GetStatus => new GetStatusRequest { CustomParameters = Parameters },
        _ => null,
    };
}
