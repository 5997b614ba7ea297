using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Function;

/// <summary>
/// The Apono integration: declares the resource type it serves, with its permissions and its handler
/// (<see cref="IntegrationResources"/>), and registers the services the handler is built from.
/// </summary>
/// <remarks>
/// The SDK routes each event to the handler of its <c>resource_type</c>, and refuses a type or a permission not
/// declared here before any handler runs. Trust model: the systems the function may call come from its deploy-time
/// configuration (<see cref="IntegrationTargets"/>); a request's custom parameters only select one by name. Never take
/// a host, URL, environment variable name, credential or secret id from a request.
/// </remarks>
public sealed class IntegrationFunction : AponoIntegrationFunction
{
    /// <summary>
    /// The resource type this function serves. TODO: name it after what you grant access to, and set the Apono
    /// integration's connected resource type to the same name.
    /// </summary>
    public const string ResourceType = "custom-app";

    protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) =>
        resourceTypes.Add<IntegrationResources>(ResourceType, type => type
            .WithPermission("read", "Read")
            .WithPermission("write", "Write"));

    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        // Credentials: services.AddAponoSecrets(), then take IAponoSecrets in IntegrationResources' constructor.
        services.AddSingleton(IntegrationTargets.Read(configuration));
}
