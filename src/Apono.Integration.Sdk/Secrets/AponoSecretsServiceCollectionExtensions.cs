using Apono.Integration.Sdk.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Apono.Integration.Sdk.Secrets;

/// <summary>Registers <see cref="IAponoSecrets"/>.</summary>
public static class AponoSecretsServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> that talks to the extension, for <c>services.AddHttpClient(HttpClientName)</c> tweaks.</summary>
    public const string HttpClientName = "Apono.Integration.Sdk.Secrets";

    /// <summary>
    /// Registers <see cref="IAponoSecrets"/> as a singleton that reads the <c>AponoSecrets</c> section of the container's
    /// <see cref="IConfiguration"/> (the function's environment: <c>AponoSecrets__db__SecretId</c>), and its named
    /// <see cref="HttpClient"/> <see cref="HttpClientName"/>.
    /// </summary>
    /// <param name="services">The function's services, in <c>ConfigureServices</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>
    /// The configuration is read when the service is first resolved, so a malformed <c>AponoSecrets:CacheTtl</c> fails
    /// the function's start. Calling it twice registers it once.
    /// </remarks>
    public static IServiceCollection AddAponoSecrets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient(HttpClientName, static client => client.MaxResponseContentBufferSize = 1 << 20)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
            // The request URL carries the secret's id: nothing about these requests goes to the function's log.
            .RemoveAllLoggers();
        services.TryAddSingleton<SecretRegistry>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAponoSecrets>(static provider => new ExtensionSecrets(
            AponoSecretsSettings.Read(provider.GetRequiredService<IConfiguration>()),
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<SecretRegistry>(),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
