using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Configuration;

namespace InternalAppAccess.Client;

/// <summary>
/// Where the internal app is and how to authenticate, from <c>custom_parameters</c>: <c>base_url</c> (required,
/// absolute http/https URL) and <c>token_env</c> (the environment variable holding the bearer token; default
/// <c>INTERNAL_APP_TOKEN</c>). The token itself is never sent in an event.
/// </summary>
internal sealed record InternalAppSettings(Uri BaseUrl, string Token)
{
    public const string DefaultTokenVariable = "INTERNAL_APP_TOKEN";

    /// <exception cref="InvalidRequestException">A parameter is missing or malformed, or the token variable is unset. Messages name keys and variables, never values.</exception>
    public static InternalAppSettings Read(CustomParameters parameters, IConfiguration environment)
    {
        var text = parameters.GetRequiredString("base_url");
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            throw new InvalidRequestException("custom_parameters.base_url must be an absolute http or https URL without query or credentials.");
        }

        var variable = parameters.GetString("token_env") is { Length: > 0 } name ? name : DefaultTokenVariable;
        var token = environment[variable];
        if (string.IsNullOrEmpty(token))
        {
            throw new InvalidRequestException(
                $"The app token is not set: the environment variable {variable} (named by custom_parameters.token_env) is missing or empty.");
        }

        return new InternalAppSettings(baseUrl, token);
    }

    /// <summary>Keeps the token out of logs and debugger views.</summary>
    public override string ToString() => $"InternalAppSettings {{ BaseUrl = {BaseUrl} }}";
}
