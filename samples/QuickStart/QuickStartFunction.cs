using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;

namespace QuickStart;

/// <summary>
/// The C# port of the sample function in Apono's "AWS Lambda Custom Integration" page: one resource type with the
/// page's two permissions (<c>admin</c>, <c>reader</c>), served by <see cref="QuickStartResources"/>.
/// </summary>
/// <remarks>
/// The Node sample answers any <c>resource_type</c>; this function declares the one it serves, so the SDK refuses
/// another type (naming <see cref="ResourceType"/>), refuses a grant or revoke of a permission it did not declare,
/// and routes every per-type event to <see cref="QuickStartResources"/>. <c>get-status</c> answers <c>active</c>,
/// as the Node sample's <c>default</c> case does.
/// </remarks>
public sealed class QuickStartFunction : AponoIntegrationFunction
{
    /// <summary>The resource type this function serves: what the Apono integration's connected resource type is set to.</summary>
    public const string ResourceType = "custom-app";

    protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) =>
        resourceTypes.Add<QuickStartResources>(ResourceType, type => type
            .WithPermission("admin", "Admin")
            .WithPermission("reader", "Reader"));
}
