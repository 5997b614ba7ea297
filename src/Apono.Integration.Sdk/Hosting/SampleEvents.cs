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
    /// <param name="eventType">The event's wire name.</param>
    /// <param name="defaults">The resource type, permission and custom parameters to put in it.</param>
    public static AponoRequest? For(string eventType, Defaults defaults)
    {
        var type = defaults.ResourceType;
        var permission = defaults.Permission;
        var parameters = defaults.CustomParameters ?? Parameters;
        return eventType switch
        {
            AponoEventType.ListResources => new ListResourcesRequest { ResourceType = type, CustomParameters = parameters },
            AponoEventType.ListResourceTags => new ListResourceTagsRequest { ResourceType = type, CustomParameters = parameters },
            AponoEventType.GrantAccess => new GrantAccessRequest
            {
                GrantId = GrantId, Username = Username, ResourceType = type, Resources = [Resource], Permission = permission, CustomParameters = parameters,
            },
            AponoEventType.RevokeAccess => new RevokeAccessRequest
            {
                GrantId = GrantId, Username = Username, ResourceType = type, Resources = [Resource], Permission = permission, CustomParameters = parameters,
            },
            AponoEventType.CreateCredentials => new CreateCredentialsRequest
            {
                GrantId = GrantId, Username = Username, ResourceType = type, Resources = [Resource], Permission = permission, CustomParameters = parameters,
            },
            AponoEventType.ResetCredentials => new ResetCredentialsRequest
            {
                GrantId = GrantId, Username = Username, ResourceType = type, Resources = [Resource], Permission = permission, CustomParameters = parameters,
            },
            AponoEventType.DeleteCredentials => new DeleteCredentialsRequest
            {
                GrantId = GrantId, Username = Username, ResourceType = type, Resources = [Resource], Permission = permission, CustomParameters = parameters,
            },
            AponoEventType.GetStatus => new GetStatusRequest { CustomParameters = parameters },
            _ => null,
        };
    }

    /// <summary>What a sample carries besides the fixed grant id, grantee and resource.</summary>
    internal sealed class Defaults
    {
        public string ResourceType { get; init; } = SampleEvents.ResourceType;

        public string Permission { get; init; } = SampleEvents.Permission;

        /// <summary>Gets the custom parameters; <see langword="null"/> for the placeholders <c>param1</c>/<c>param2</c>.</summary>
        public CustomParameters? CustomParameters { get; init; }
    }
}
