using System.Text.Json;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Npgsql;

namespace PostgresAccess.Connection;

/// <summary>
/// Admin connections to one deploy-time target for the length of one invocation: one pooled data source per
/// database, closed when the invocation ends.
/// </summary>
/// <remarks>
/// Every connection requires SCRAM-SHA-256 (<c>RequireAuth=ScramSHA256</c>: a server asking for cleartext or md5 is
/// refused before the password is sent) and TLS with the certificate chain and host name verified
/// (<c>SslMode=VerifyFull</c>), unless the target is in the loopback test mode. Uses
/// <see cref="NpgsqlSlimDataSourceBuilder"/>, which is trimming- and Native-AOT-safe.
/// </remarks>
internal sealed class PostgresServer(PostgresTarget target, SecretString adminPassword) : IAsyncDisposable
{
    private readonly Dictionary<string, NpgsqlDataSource> sources = new(StringComparer.Ordinal);

    public PostgresTarget Target => target;

    /// <summary>Reads the admin password from the target's secret: the secret's text, or its <c>password</c> key when it is a JSON object (the Amazon RDS secret format).</summary>
    /// <exception cref="InvalidRequestException">The secret is a JSON object without a string <c>password</c>.</exception>
    public static SecretString PasswordFromSecret(SecretString secret, PostgresTarget target)
    {
        var text = secret.Reveal();
        if (!text.StartsWith('{'))
        {
            return secret;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("password", out var password) && password.ValueKind == JsonValueKind.String && password.GetString() is { Length: > 0 } value)
            {
                return new SecretString(value);
            }
        }
        catch (JsonException)
        {
            // A password that merely starts with '{' is used as it is.
            return secret;
        }

        throw new InvalidRequestException($"The secret {target.AdminSecret} of target {target.Name} is a JSON object without a \"password\" string.");
    }

    /// <summary>Opens an admin connection to <paramref name="database"/>, or to the maintenance database.</summary>
    /// <exception cref="AponoException">The server is unreachable, fails TLS or SCRAM, rejects the admin login, or the database is gone.</exception>
    public async Task<NpgsqlConnection> OpenAsync(string? database, CancellationToken cancellationToken)
    {
        database ??= target.Database;
        if (!sources.TryGetValue(database, out var source))
        {
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = target.Host,
                Port = target.Port,
                Database = database,
                Username = target.AdminUser,
                Password = adminPassword.Reveal(),
                // Never cleartext or md5: a rogue or misconfigured server must not receive the password.
                RequireAuth = "ScramSHA256",
                SslMode = target.LoopbackTestMode ? SslMode.Disable : SslMode.VerifyFull,
                // No Kerberos: one connection attempt, TLS or nothing (Prefer would probe GSS first, then reconnect).
                GssEncryptionMode = GssEncryptionMode.Disable,
                ApplicationName = "apono-postgres-access",
                Timeout = 10,
                CommandTimeout = 30,
                MaxPoolSize = 4,
            };
            if (target.RootCertificate is { } rootCertificate)
            {
                builder.RootCertificate = rootCertificate;
            }

            var dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString);
            dataSource.EnableTransportSecurity();
            dataSource.EnableArrays();
            dataSource.ConfigureTracing(PostgresTracing.Configure);
            source = dataSource.Build();
            sources[database] = source;
        }

        try
        {
            return await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresErrors.TranslateConnect(ex, target, database) is { } translated)
        {
            throw translated;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in sources.Values)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        sources.Clear();
    }
}
