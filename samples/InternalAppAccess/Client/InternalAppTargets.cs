using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Configuration;

namespace InternalAppAccess.Client;

/// <summary>
/// The deploy-time allow-list of internal apps, read once from the function's environment:
/// <c>InternalApp__Targets__&lt;name&gt;__BaseUrl</c> (absolute http/https URL without query, fragment or credentials)
/// and <c>InternalApp__Targets__&lt;name&gt;__TokenSecret</c> (the logical name of its bearer token's secret,
/// configured as <c>AponoSecrets__&lt;name&gt;__SecretId</c>, read through <c>IAponoSecrets</c>; default
/// <c>InternalApp__TokenSecret</c>). An invocation may only <em>select</em> a target by name with
/// <c>custom_parameters.target</c> (optional when exactly one is configured); no other custom parameter is accepted,
/// so no invocation can name a host, a URL, an environment variable or a secret.
/// </summary>
/// <remarks>
/// A configuration error is reported on every invocation (as <c>InvalidRequest</c> naming the configuration key,
/// never its value) rather than at start-up, so Apono shows it where the integration's status is read.
/// </remarks>
internal sealed class InternalAppTargets
{
    public const string Section = "InternalApp";
    public const string TargetParameter = "target";

    private readonly Dictionary<string, InternalAppTarget> targets;
    private readonly string? configurationError;

    private InternalAppTargets(Dictionary<string, InternalAppTarget> targets, string? configurationError)
    {
        this.targets = targets;
        this.configurationError = configurationError;
        Names = string.Join(", ", targets.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Gets the configured target names, sorted and comma-separated, for error messages.</summary>
    public string Names { get; }

    public static InternalAppTargets Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaultSecret = section["TokenSecret"];
        // Configuration keys are case-insensitive, so target names are too.
        var targets = new Dictionary<string, InternalAppTarget>(StringComparer.OrdinalIgnoreCase);
        string? error = null;
        foreach (var child in section.GetSection("Targets").GetChildren().OrderBy(static c => c.Key, StringComparer.Ordinal))
        {
            var key = $"{Section}:Targets:{child.Key}";
            if (!TryBaseUrl(child["BaseUrl"], out var baseUrl))
            {
                error ??= $"The function's configuration is invalid: {key}:BaseUrl must be an absolute http or https URL without query, fragment or credentials.";
                continue;
            }

            var secret = child["TokenSecret"] is { Length: > 0 } own ? own : defaultSecret;
            if (string.IsNullOrEmpty(secret))
            {
                error ??= $"The function's configuration is invalid: set {key}:TokenSecret or {Section}:TokenSecret to the name of the AponoSecrets secret holding the app's token.";
                continue;
            }

            targets[child.Key] = new InternalAppTarget(child.Key, baseUrl, secret);
        }

        if (error is null && targets.Count == 0)
        {
            error = $"No internal app is configured: set {Section}__Targets__<name>__BaseUrl and {Section}__TokenSecret in the function's environment.";
        }

        return new InternalAppTargets(targets, error);
    }

    /// <summary>Picks the target an invocation selects.</summary>
    /// <exception cref="InvalidRequestException">
    /// The configuration is invalid; a custom parameter other than <c>target</c> is present; <c>target</c> is missing
    /// while several targets are configured; or it names no configured target. Messages list the configured names and
    /// never repeat the parameter's value (it may be a host or URL an attacker chose).
    /// </exception>
    public InternalAppTarget Select(CustomParameters parameters)
    {
        if (configurationError is not null)
        {
            throw new InvalidRequestException(configurationError);
        }

        if (parameters.Keys.Where(static k => k != TargetParameter).Order(StringComparer.Ordinal).FirstOrDefault() is { } unexpected)
        {
            throw new InvalidRequestException(
                $"custom_parameters.{unexpected} is not accepted: the app's URL and token are deploy-time settings ({Section}:Targets:<name>); custom_parameters.{TargetParameter} selects one of: {Names}.");
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

    private static bool TryBaseUrl(string? text, out Uri baseUrl)
    {
        baseUrl = null!;
        if (string.IsNullOrWhiteSpace(text)
            || !Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        baseUrl = uri;
        return true;
    }
}
