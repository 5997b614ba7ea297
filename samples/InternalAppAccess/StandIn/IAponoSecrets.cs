// STAND-IN, to be deleted when the SDK's secrets helper (Apono.Integration.Sdk.Secrets, branch `params`) is merged:
// the same name and call shape, so the sample compiles today and needs no other change then.
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Secrets;

/// <summary>STAND-IN for the SDK's secrets helper: reads a deploy-time-named secret.</summary>
internal interface IAponoSecrets
{
    ValueTask<SecretString> GetAsync(string name, CancellationToken cancellationToken);
}

/// <summary>STAND-IN: refuses every read until the SDK's helper replaces it.</summary>
internal sealed class UnavailableAponoSecrets : IAponoSecrets
{
    public ValueTask<SecretString> GetAsync(string name, CancellationToken cancellationToken) =>
        throw new InvalidRequestException("The secrets helper is not available in this build.");
}

/// <summary>STAND-IN for the SDK's <c>AddAponoSecrets</c>.</summary>
internal static class AponoSecretsStandInExtensions
{
    public static IServiceCollection AddAponoSecrets(this IServiceCollection services) =>
        services.AddSingleton<IAponoSecrets, UnavailableAponoSecrets>();
}
