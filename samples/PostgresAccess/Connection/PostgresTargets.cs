using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Configuration;
using PostgresAccess.Access;

namespace PostgresAccess.Connection;

/// <summary>
/// The deploy-time allow-list of servers (<see cref="PostgresTarget"/>) and the one rule for choosing among them:
/// <c>custom_parameters.target</c> names a configured target; with exactly one target configured it may be left out.
/// </summary>
/// <remarks>
/// No other custom parameter is accepted. In particular the keys the first version of this sample read
/// (<c>host</c>, <c>port</c>, <c>admin_user</c>, <c>password_env</c>, ...) are refused by name, so an integration
/// still configured that way fails loudly instead of connecting somewhere else.
/// </remarks>
internal sealed class PostgresTargets(IConfiguration configuration)
{
    public const string TargetParameter = "target";

    /// <summary>Returns the target the request selects.</summary>
    /// <exception cref="InvalidRequestException">An unknown custom parameter, an unknown target, no target configured, or a target's settings are invalid.</exception>
    public PostgresTarget Select(CustomParameters parameters)
    {
        foreach (var key in parameters.Keys)
        {
            if (!string.Equals(key, TargetParameter, StringComparison.Ordinal))
            {
                throw new InvalidRequestException(
                    $"custom_parameters.{AccessLevel.Printable(key)} is not accepted: hosts, users and secrets are deploy-time settings ({PostgresTarget.Section}:<name>:...); custom parameters may only carry \"target\".");
            }
        }

        var sections = configuration.GetSection(PostgresTarget.Section).GetChildren().ToList();
        if (sections.Count == 0)
        {
            throw new InvalidRequestException(
                $"No PostgreSQL target is configured: set {PostgresTarget.Section}:<name>:Host, AdminUser and AdminSecret in the function's environment (PostgresAccess__Targets__<name>__Host, ...).");
        }

        var requested = parameters.GetString(TargetParameter);
        if (string.IsNullOrEmpty(requested))
        {
            return sections.Count == 1
                ? PostgresTarget.Read(sections[0])
                : throw new InvalidRequestException(
                    $"custom_parameters.target is required: this function manages several targets ({Names(sections)}).");
        }

        var section = sections.FirstOrDefault(s => string.Equals(s.Key, requested, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidRequestException(
                $"custom_parameters.target names no target configured at deploy time; configured: {Names(sections)}.");
        return PostgresTarget.Read(section);
    }

    private static string Names(List<IConfigurationSection> sections) => string.Join(", ", sections.Select(static s => s.Key).Order(StringComparer.Ordinal));
}
