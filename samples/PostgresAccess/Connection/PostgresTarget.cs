using System.Net;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Configuration;

namespace PostgresAccess.Connection;

/// <summary>
/// One PostgreSQL server this function may manage, configured at deploy time under
/// <c>PostgresAccess:Targets:&lt;name&gt;</c> (environment variables <c>PostgresAccess__Targets__&lt;name&gt;__Host</c>, ...).
/// </summary>
/// <remarks>
/// Deploy-time configuration is trusted; custom parameters are not. A request can only name one of these targets
/// (<c>custom_parameters.target</c>); it never supplies a host, port, user, environment-variable name or secret name.
/// <list type="table">
/// <item><term><c>Host</c></term><description>Required. Server host name (checked against the certificate).</description></item>
/// <item><term><c>Port</c></term><description>Default <c>5432</c>.</description></item>
/// <item><term><c>Database</c></term><description>Maintenance database, also where the <c>apono_access</c> records live. Default <c>postgres</c>.</description></item>
/// <item><term><c>AdminUser</c></term><description>Required. The role the function logs in as.</description></item>
/// <item><term><c>AdminSecret</c></term><description>Required. Name of the secret holding the admin password, read through the SDK's secrets helper.</description></item>
/// <item><term><c>RootCertificate</c></term><description>Optional path of a PEM CA bundle (e.g. the Amazon RDS bundle shipped with the package) that the server certificate must chain to.</description></item>
/// <item><term><c>LoopbackTestMode</c></term><description><c>true</c> turns TLS off; refused unless <c>Host</c> is a loopback address literal (127.0.0.0/8, ::1). For local tests only.</description></item>
/// </list>
/// TLS is <c>VerifyFull</c> (certificate chain and host name checked) unless the loopback test mode is on, and the
/// password is only ever sent through SCRAM-SHA-256: a server asking for cleartext or md5 is refused before the
/// password leaves the function.
/// </remarks>
internal sealed record PostgresTarget(string Name, string Host, int Port, string Database, string AdminUser, string AdminSecret, string? RootCertificate, bool LoopbackTestMode)
{
    public const string Section = "PostgresAccess:Targets";

    /// <summary>Reads one target's section.</summary>
    /// <exception cref="InvalidRequestException">A setting is missing or invalid. Messages name the setting, never a value.</exception>
    public static PostgresTarget Read(IConfigurationSection section)
    {
        var name = section.Key;
        string Required(string key) =>
            section[key] is { Length: > 0 } value
                ? value
                : throw new InvalidRequestException($"The deploy-time setting {Section}:{name}:{key} is missing (environment variable PostgresAccess__Targets__{name}__{key}).");

        var host = Required("Host");
        var port = 5432;
        if (section["Port"] is { Length: > 0 } portText
            && (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new InvalidRequestException($"The deploy-time setting {Section}:{name}:Port must be a port number (1-65535).");
        }

        var database = section["Database"] is { Length: > 0 } db ? db : "postgres";
        var adminUser = Required("AdminUser");
        var adminSecret = Required("AdminSecret");
        var rootCertificate = section["RootCertificate"] is { Length: > 0 } certificate ? certificate : null;

        var testMode = false;
        if (section["LoopbackTestMode"] is { Length: > 0 } testModeText && !bool.TryParse(testModeText, out testMode))
        {
            throw new InvalidRequestException($"The deploy-time setting {Section}:{name}:LoopbackTestMode must be true or false.");
        }

        if (testMode && !(IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)))
        {
            throw new InvalidRequestException(
                $"The deploy-time setting {Section}:{name}:LoopbackTestMode turns TLS off and is only accepted for a loopback address literal (127.0.0.1, ::1) as Host.");
        }

        return new PostgresTarget(name, host, port, database, adminUser, adminSecret, rootCertificate, testMode);
    }
}
