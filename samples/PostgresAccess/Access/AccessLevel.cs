using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;

namespace PostgresAccess.Access;

/// <summary>
/// A level of access to the data in a schema and the PostgreSQL privileges it stands for: the permissions of
/// resource type <c>postgres-schema</c> (same ids), and what <c>postgres-database</c>'s <c>read-all</c>,
/// <c>write-all</c>, <c>admin-all</c> grant in every schema (<see cref="Databases.DatabasePermission"/>). The
/// privilege lists are constants written into DDL templates; they never come from a request.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>id</term><description>database / schema / tables / sequences (tables and sequences also as default privileges)</description></listheader>
/// <item><term><c>read</c></term><description>CONNECT / USAGE / SELECT / SELECT</description></item>
/// <item><term><c>write</c></term><description>CONNECT / USAGE / SELECT, INSERT, UPDATE, DELETE / USAGE, SELECT</description></item>
/// <item><term><c>admin</c></term><description>CONNECT / USAGE / SELECT, INSERT, UPDATE, DELETE, TRUNCATE / USAGE, SELECT, UPDATE</description></item>
/// </list>
/// Never granted: <c>CREATE</c> or <c>TEMPORARY</c> on a database, <c>CREATE</c> on a schema (a grantee who can create
/// objects where others look them up can plant functions, operators or triggers that run as those others), and
/// <c>TRIGGER</c> or <c>REFERENCES</c> on tables (a trigger on someone else's table runs as whoever writes to it).
/// </remarks>
internal sealed record AccessLevel(string Id, string Name, string TablePrivileges, string SequencePrivileges)
{
    /// <summary>The only privilege on a database, for every level: the right to connect.</summary>
    public const string DatabasePrivileges = "CONNECT";

    /// <summary>The only privilege on a schema, for every level: looking up its objects.</summary>
    public const string SchemaPrivileges = "USAGE";

    public static readonly AccessLevel Read = new("read", "Read", "SELECT", "SELECT");

    public static readonly AccessLevel Write = new("write", "Write", "SELECT, INSERT, UPDATE, DELETE", "USAGE, SELECT");

    public static readonly AccessLevel Admin = new("admin", "Admin", "SELECT, INSERT, UPDATE, DELETE, TRUNCATE", "USAGE, SELECT, UPDATE");

    public static IReadOnlyList<AccessLevel> All { get; } = [Read, Write, Admin];

    public AponoPermission ToPermission() => new(Id, Name);

    /// <summary>Reads a <c>postgres-schema</c> permission id. The SDK refuses an undeclared permission before the handler runs; this check stays so the handler never depends on it.</summary>
    /// <exception cref="InvalidRequestException">The id is not one of <c>read</c>, <c>write</c>, <c>admin</c>.</exception>
    public static AccessLevel Parse(string permission) =>
        All.FirstOrDefault(level => string.Equals(level.Id, permission, StringComparison.Ordinal))
        ?? throw new InvalidRequestException(
            $"Unknown permission \"{Printable(permission)}\"; resource type {Schemas.SchemaAccess.ResourceType} offers {string.Join(", ", All.Select(static l => l.Id))}.");

    /// <summary>Shows request text in a message without control characters and without letting it grow unbounded.</summary>
    internal static string Printable(string text)
    {
        var cleaned = new string(text.Select(static c => char.IsControl(c) ? '?' : c).Take(80).ToArray());
        return text.Length > 80 ? cleaned + "…" : cleaned;
    }
}
