using System.Diagnostics.CodeAnalysis;
using System.Text;
using PostgresAccess.Connection;

namespace PostgresAccess.Access;

/// <summary>
/// The stable id of a managed resource: <c>db:&lt;database&gt;</c> or <c>schema:&lt;database&gt;/&lt;schema&gt;</c>.
/// </summary>
/// <remarks>
/// Names are written as they are, except <c>%</c> → <c>%25</c> and <c>/</c> → <c>%2F</c>, so that a name holding
/// a slash cannot be confused with the separator. Ids are data: they are looked up in the catalog with bound
/// parameters and never spliced into SQL.
/// </remarks>
internal sealed record ResourceId(string Database, string? Schema)
{
    private const string DatabasePrefix = "db:";
    private const string SchemaPrefix = "schema:";

    public bool IsDatabase => Schema is null;

    public static ResourceId ForDatabase(string database) => new(database, null);

    public static ResourceId ForSchema(string database, string schema) => new(database, schema);

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
