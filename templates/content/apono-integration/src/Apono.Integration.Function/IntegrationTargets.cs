using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Configuration;

namespace Apono.Integration.Function;

/// <summary>
/// The deploy-time allow-list of systems this function may call, from its environment:
/// <c>Integration__Targets__&lt;name&gt;__BaseUrl</c> (an absolute https/http URL). An invocation only <em>selects</em>
/// one by name with <c>custom_parameters.target</c> (optional when one is configured); any other custom parameter is
/// refused, so no request can name a host, a URL, an environment variable or a secret.
/// </summary>
/// <remarks>
/// Trust model: the function's environment and secrets are set by the team that deploys it and are trusted; every
/// invocation parameter, custom parameters included, is untrusted. Keep credentials out of custom parameters: read
/// them with the SDK's <c>IAponoSecrets</c> (<c>services.AddAponoSecrets()</c>) under a name configured at deploy time.
/// </remarks>
internal sealed class IntegrationTargets
{
    public const string TargetParameter = "target";

    // TODO: remove this example once you configure real targets; it is only here so the example runs as created.
    private static readonly IntegrationTarget Example = new("example", new Uri("https://example.invalid/"));

    private readonly Dictionary<string, IntegrationTarget> targets;

    private IntegrationTargets(Dictionary<string, IntegrationTarget> targets)
    {
        this.targets = targets;
        Names = string.Join(", ", targets.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Gets the configured names, comma-separated, for error messages.</summary>
    public string Names { get; }

    /// <exception cref="InvalidOperationException">A configured base URL is not an absolute http/https URL (the message names the key, not the value).</exception>
    public static IntegrationTargets Read(IConfiguration configuration)
    {
        var targets = new Dictionary<string, IntegrationTarget>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in configuration.GetSection("Integration:Targets").GetChildren())
        {
            if (!Uri.TryCreate(child["BaseUrl"], UriKind.Absolute, out var baseUrl)
                || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp) || baseUrl.UserInfo.Length > 0)
            {
                throw new InvalidOperationException($"Integration:Targets:{child.Key}:BaseUrl must be an absolute http or https URL without credentials.");
            }

            targets[child.Key] = new IntegrationTarget(child.Key, baseUrl);
        }

        if (targets.Count == 0)
        {
            targets[Example.Name] = Example;
        }

        return new IntegrationTargets(targets);
    }

    /// <summary>Picks the target a request selects.</summary>
    /// <exception cref="InvalidRequestException">
    /// A custom parameter other than <c>target</c> is present, <c>target</c> names no configured target, or it is
    /// missing while several are configured. The message lists configured names and never repeats the value.
    /// </exception>
    public IntegrationTarget Select(CustomParameters parameters)
    {
        if (parameters.Keys.Where(static k => k != TargetParameter).Order(StringComparer.Ordinal).FirstOrDefault() is { } unexpected)
        {
            throw new InvalidRequestException(
                $"custom_parameters.{unexpected} is not accepted: hosts and credentials are deploy-time settings; custom_parameters.{TargetParameter} selects one of: {Names}.");
        }

        var name = parameters.GetString(TargetParameter);
        if (string.IsNullOrEmpty(name))
        {
            return targets.Count == 1
                ? targets.Values.Single()
                : throw new InvalidRequestException($"custom_parameters.{TargetParameter} is required: one of {Names}.");
        }

        return targets.TryGetValue(name, out var target)
            ? target
            : throw new InvalidRequestException($"custom_parameters.{TargetParameter} names no configured target; configured: {Names}.");
    }
}
