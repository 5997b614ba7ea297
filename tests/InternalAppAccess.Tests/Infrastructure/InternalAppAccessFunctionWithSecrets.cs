using Apono.Integration.Sdk.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InternalAppAccess.Tests.Infrastructure;

/// <summary>
/// The sample function with its secrets reader replaced, as a customer's test would do it through the public
/// surface: derive, let the function register its services, then register the replacement (the last one wins).
/// </summary>
public sealed class InternalAppAccessFunctionWithSecrets(IAponoSecrets secrets) : InternalAppAccessFunction
{
    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        base.ConfigureServices(services, configuration);
        services.AddSingleton(secrets);
    }
}
