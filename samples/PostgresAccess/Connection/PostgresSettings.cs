using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace PostgresAccess.Connection;

/// <summary>
/// Where and how the function connects to PostgreSQL, read from the integration's <c>custom_parameters</c>;
/// the admin password comes from the function's environment, never from the event.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>host</c></term><description>Required. Server host name or address.</description></item>
/// <item><term><c>port</c></term><description>Default <c>5432</c>.</description></item>
/// <item><term><c>database</c></term><description>The maintenance database the function connects to first. Default <c>postgres</c>.</description></item>
/// <item><term><c>admin_user</c></term><description>Required. A superuser, or a role with <c>CREATEROLE</c> that can grant on the managed objects.</description></item>
/// <item><term><c>password_env</c></term><description>Name of the environment variable holding the admin password. Default <c>POSTGRES_ADMIN_PASSWORD</c>.</description></item>
/// <item><term><c>ssl_mode</c></term><description>Npgsql <see cref="SslMode"/>: <c>Disable</c>, <c>Prefer</c> (default), <c>Require</c>, <c>VerifyCA</c>, <c>VerifyFull</c>.</description></item>
/// </list>
/// </remarks>
internal sealed record PostgresSettings(string Host, int Port, string Database, string AdminUser, string AdminPassword, SslMode SslMode)
{
    public const string DefaultPasswordVariable = "POSTGRES_ADMIN_PASSWORD";

    /// <summary>Reads the settings.</summary>
    /// <exception cref="InvalidRequestException">A parameter is missing or invalid, or the password variable is unset. Messages name keys and variables, never values.</exception>
    public static PostgresSettings Read(CustomParameters parameters, IConfiguration environment)
    {
        var host = parameters.GetRequiredString("host");
        var port = parameters.GetInt32("port") ?? 5432;
        if (port is < 1 or > 65535)
        {
            throw new InvalidRequestException("custom_parameters.port must be between 1 and 65535.");
        }

        var database = parameters.GetString("database") is { Length: > 0 } db ? db : "postgres";
        var adminUser = parameters.GetRequiredString("admin_user");
        var passwordVariable = parameters.GetString("password_env") is { Length: > 0 } name ? name : DefaultPasswordVariable;
        var password = environment[passwordVariable];
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidRequestException(
                $"The admin password is not set: the environment variable {passwordVariable} (named by custom_parameters.password_env) is missing or empty.");
        }

        var sslMode = SslMode.Prefer;
        if (parameters.GetString("ssl_mode") is { Length: > 0 } ssl && !Enum.TryParse(ssl, ignoreCase: true, out sslMode))
        {
            throw new InvalidRequestException("custom_parameters.ssl_mode must be one of Disable, Allow, Prefer, Require, VerifyCA, VerifyFull.");
        }

        return new PostgresSettings(host, port, database, adminUser, password, sslMode);
    }

    /// <summary>Keeps the password out of logs and debugger views.</summary>
    public override string ToString() =>
        $"PostgresSettings {{ Host = {Host}, Port = {Port}, Database = {Database}, AdminUser = {AdminUser}, SslMode = {SslMode} }}";
}
