using Apono.Integration.Sdk.Errors;
using Npgsql;

namespace PostgresAccess.Connection;

/// <summary>Runs SQL with values as parameters and DDL built by PostgreSQL's own quoting.</summary>
internal static class Sql
{
    /// <summary>
    /// Runs a utility statement (GRANT, CREATE ROLE, ...) that cannot take bind parameters. The server builds
    /// the text with <c>format()</c>: <c>%I</c> quotes an identifier exactly like <c>quote_ident</c>, <c>%L</c>
    /// a literal like <c>quote_literal</c>. The template is a constant of this sample; the arguments travel
    /// as a bound <c>text[]</c> and are never spliced into SQL on the client.
    /// </summary>
    public static async Task ExecuteFormattedAsync(NpgsqlConnection connection, string template, string[] arguments, string action, CancellationToken cancellationToken)
    {
        try
        {
            string statement;
            await using (var format = new NpgsqlCommand("SELECT format($1, VARIADIC $2::text[])", connection))
            {
                format.Parameters.Add(new NpgsqlParameter<string> { TypedValue = template });
                format.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = arguments });
                statement = (string)(await format.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresErrors.Translate(ex, action) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Runs a parameterized query and maps each row.</summary>
    public static async Task<List<T>> QueryAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map, string action, CancellationToken cancellationToken, params object[] parameters)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var value in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        catch (Exception ex) when (PostgresErrors.Translate(ex, action) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Runs a parameterized command that returns nothing of interest.</summary>
    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, string action, CancellationToken cancellationToken, params object[] parameters)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var value in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresErrors.Translate(ex, action) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Fails fast on text PostgreSQL cannot store in a name (NUL) or would silently truncate (over 63 bytes).</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && !name.Contains('\0', StringComparison.Ordinal) && System.Text.Encoding.UTF8.GetByteCount(name) <= 63;

}
