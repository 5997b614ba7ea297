using System.Diagnostics.CodeAnalysis;
using System.Text;
using PostgresAccess.Connection;

namespace PostgresAccess.Access;

/// <summary>
/// The stable id of a managed resource: <c>db:&lt;database&gt;</c> (resource type <c>postgres-database</c>) or
/// <c>schema:&lt;database&gt;/&lt;schema&gt;</c> (resource type <c>postgres-schema</c>).
/// </summary>
/// <remarks>
/// Names are written as they are, except <c>%</c> → <c>%25</c> and <c>/</c> → <c>%2F</c>, so that a name holding
/// a slash cannot be confused with the separator. The kind prefix stays although each kind has its own resource
/// type: the ids are recorded in <c>apono_access.grants</c> and compared on every redelivery, so they keep the text
/// they had when one type listed both kinds, and an id of one type sent to the other is refused by its syntax
/// instead of being read as a name. Ids are data: they are looked up in the catalog with bound parameters and never
/// spliced into SQL. Public because the id format is what list-resources promises and what the tests check.
/// </remarks>
/// <param name="Database">The database's name, as <c>pg_database.datname</c> holds it.</param>
/// <param name="Schema">The schema's name for a schema id; <see langword="null"/> for a database id.</param>
public sealed record ResourceId(string Database, string? Schema)
{
    private const string DatabasePrefix = "db:";
    private const string SchemaPrefix = "schema:";

    /// <summary>Gets whether this is a database id (<c>db:</c>) rather than a schema id.</summary>
    public bool IsDatabase => Schema is null;

    /// <summary>The id of a database. No check: <see cref="TryParse"/> checks names, this does not.</summary>
    public static ResourceId ForDatabase(string database) => new(database, null);

    /// <summary>The id of schema <paramref name="schema"/> in <paramref name="database"/>. No check, as <see cref="ForDatabase"/>.</summary>
    public static ResourceId ForSchema(string database, string schema) => new(database, schema);

    /// <summary>
    /// Reads an id in either form. <see langword="false"/> for anything else: another prefix (prefixes are
    /// case-sensitive), an empty name, a bare <c>/</c> or <c>%</c> escape other than <c>%25</c>/<c>%2F</c> in a name,
    /// a NUL, or a name PostgreSQL would truncate (over 63 bytes).
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ResourceId? id)
    {
        id = null;
        if (text.StartsWith(DatabasePrefix, StringComparison.Ordinal))
        {
            if (TryUnescape(text[DatabasePrefix.Length..], out var database))
            {
                id = ForDatabase(database);
            }
        }
        else if (text.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            var rest = text[SchemaPrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && TryUnescape(rest[..slash], out var database) && TryUnescape(rest[(slash + 1)..], out var schema))
            {
                id = ForSchema(database, schema);
            }
        }

        return id is not null;
    }

    /// <summary>The id as list-resources returns it; <see cref="TryParse"/> reads it back to an equal value.</summary>
    public override string ToString() =>
        Schema is null ? DatabasePrefix + Escape(Database) : SchemaPrefix + Escape(Database) + "/" + Escape(Schema);

    private static string Escape(string name) =>
        name.Replace("%", "%25", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal);

    private static bool TryUnescape(string text, [NotNullWhen(true)] out string? name)
    {
        name = null;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '/')
            {
                return false;
            }

            if (c == '%')
            {
                if (i + 2 >= text.Length)
                {
                    return false;
                }

                var code = text.Substring(i + 1, 2);
                if (code.Equals("25", StringComparison.Ordinal))
                {
                    builder.Append('%');
                }
                else if (code.Equals("2F", StringComparison.OrdinalIgnoreCase))
                {
                    builder.Append('/');
                }
                else
                {
                    return false;
                }

                i += 2;
                continue;
            }

            builder.Append(c);
        }

        name = builder.ToString();
        if (!Sql.IsValidName(name))
        {
            name = null;
            return false;
        }

        return true;
    }
}
