using Apono.Integration.Sdk.Errors;
using Npgsql;

namespace PostgresAccess.Connection;

/// <summary>
/// Admin connections to one PostgreSQL server for the length of one invocation: one pooled data source per
/// database, closed when the invocation ends.
/// </summary>
/// <remarks>
/// Uses <see cref="NpgsqlSlimDataSourceBuilder"/>, which is trimming- and Native-AOT-safe; it enables only
/// what this sample needs (TLS and arrays).
/// </remarks>
internal sealed class PostgresServer(PostgresSettings settings) : IAsyncDisposable
{
    private readonly Dictionary<string, NpgsqlDataSource> sources = new(StringComparer.Ordinal);

    public PostgresSettings Settings => settings;

    /// <summary>Opens an admin connection to <paramref name="database"/>, or to the maintenance database.</summary>
    /// <exception cref="AponoException">The server is unreachable, or rejects the admin login, or the database is gone.</exception>
    public async Task<NpgsqlConnection> OpenAsync(string? database, CancellationToken cancellationToken)
    {
        database ??= settings.Database;
        if (!sources.TryGetValue(database, out var source))
        {
            var connectionString = new NpgsqlConnectionStringBuilder
            {
                Host = settings.Host,
                Port = settings.Port,
                Database = database,
                Username = settings.AdminUser,
                Password = settings.AdminPassword,
                SslMode = settings.SslMode,
                ApplicationName = "apono-postgres-access",
                Timeout = 10,
                CommandTimeout = 30,
                MaxPoolSize = 4,
            }.ConnectionString;
            var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
            builder.EnableTransportSecurity();
            builder.EnableArrays();
            source = builder.Build();
            sources[database] = source;
        }

        try
        {
            return await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresErrors.Translate(ex, $"connecting to database {database}") is { } translated)
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
