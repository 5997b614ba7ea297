using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using PostgresAccess.Access;

namespace PostgresAccess.Databases;

/// <summary>
/// A permission of resource type <c>postgres-database</c>: CONNECT on the database, and with <see cref="Level"/> that
/// level in every schema the database lists at grant time.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>id</term><description>what it grants</description></listheader>
/// <item><term><c>connect</c></term><description>CONNECT only: a session in the database, nothing in any schema.</description></item>
/// <item><term><c>read-all</c></term><description>CONNECT, and <see cref="AccessLevel.Read"/> in every listed schema.</description></item>
/// <item><term><c>write-all</c></term><description>CONNECT, and <see cref="AccessLevel.Write"/> in every listed schema.</description></item>
/// <item><term><c>admin-all</c></term><description>CONNECT, and <see cref="AccessLevel.Admin"/> in every listed schema.</description></item>
/// </list>
/// The ids differ from the schema type's (<c>read</c>, <c>write</c>, <c>admin</c>) so that a permission says how far it
/// reaches, and a permission of one type sent with the other is refused from the declarations.
/// </remarks>
internal sealed record DatabasePermission(string Id, string Name, AccessLevel? Level)
{
    public static readonly DatabasePermission Connect = new("connect", "Connect", null);

    public static readonly DatabasePermission ReadAll = new("read-all", "Read every schema", AccessLevel.Read);

    public static readonly DatabasePermission WriteAll = new("write-all", "Write every schema", AccessLevel.Write);

    public static readonly DatabasePermission AdminAll = new("admin-all", "Admin every schema", AccessLevel.Admin);

    public static IReadOnlyList<DatabasePermission> All { get; } = [Connect, ReadAll, WriteAll, AdminAll];

    public AponoPermission ToPermission() => new(Id, Name);

    /// <summary>Reads a <c>postgres-database</c> permission id. The SDK refuses an undeclared permission before the handler runs; this check stays so the handler never depends on it.</summary>
    /// <exception cref="InvalidRequestException">The id is not one of <see cref="All"/>.</exception>
    public static DatabasePermission Parse(string permission) =>
        All.FirstOrDefault(p => string.Equals(p.Id, permission, StringComparison.Ordinal))
        ?? throw new InvalidRequestException(
            $"Unknown permission \"{AccessLevel.Printable(permission)}\"; resource type {DatabaseAccess.ResourceType} offers {string.Join(", ", All.Select(static p => p.Id))}.");
}
