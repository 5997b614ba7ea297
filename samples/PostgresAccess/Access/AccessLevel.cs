using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;

namespace PostgresAccess.Access;

/// <summary>
/// A permission offered to Apono and the PostgreSQL privileges it stands for. The privilege lists are constants
/// written into DDL templates; they never come from a request.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>id</term><description>database / schema / tables / sequences (+ the same as default privileges)</description></listheader>
/// <item><term><c>read</c></term><description>CONNECT / USAGE / SELECT / SELECT</description></item>
/// <item><term><c>write</c></term><description>CONNECT, TEMPORARY / USAGE / SELECT, INSERT, UPDATE, DELETE / USAGE, SELECT, UPDATE</description></item>
/// <item><term><c>admin</c></term><description>ALL / ALL / ALL / ALL (on a <c>schema:</c> resource the database gets CONNECT only)</description></item>
/// </list>
/// </remarks>
internal sealed record AccessLevel(string Id, string Name, string DatabasePrivileges, string SchemaPrivileges, string TablePrivileges, string SequencePrivileges)
{
    public static readonly AccessLevel Read = new("read", "Read", "CONNECT", "USAGE", "SELECT", "SELECT");

    public static readonly AccessLevel Write = new("write", "Write", "CONNECT, TEMPORARY", "USAGE", "SELECT, INSERT, UPDATE, DELETE", "USAGE, SELECT, UPDATE");

    public static readonly AccessLevel Admin = new("admin", "Admin", "ALL PRIVILEGES", "ALL PRIVILEGES", "ALL PRIVILEGES", "ALL PRIVILEGES");

    public static IReadOnlyList<AccessLevel> All { get; } = [Read, Write, Admin];

    public AponoPermission ToPermission() => new(Id, Name);

    /// <exception cref="InvalidRequestException">The id is not one of <c>read</c>, <c>write</c>, <c>admin</c>.</exception>
    public static AccessLevel Parse(string permission) =>
        All.FirstOrDefault(level => string.Equals(level.Id, permission, StringComparison.Ordinal))
        ?? throw new InvalidRequestException(
            $"Unknown permission \"{Printable(permission)}\"; this integration offers {string.Join(", ", All.Select(static l => l.Id))}.");

    /// <summary>Shows request text in a message without control characters and without letting it grow unbounded.</summary>
    internal static string Printable(string text)
    {
        var cleaned = new string(text.Select(static c => char.IsControl(c) ? '?' : c).Take(80).ToArray());
        return text.Length > 80 ? cleaned + "…" : cleaned;
    }
}
