using System.Collections.Frozen;
using Apono.Integration.Sdk.Contracts;

namespace Apono.Integration.Sdk.ResourceTypes;

/// <summary>One declared resource type as the SDK routes it: its name, its permissions and the events its handler answers.</summary>
/// <remarks>Built from the declaration at start-up (no reflection); read-only afterwards.</remarks>
public sealed class AponoResourceTypeInfo
{
    private readonly FrozenSet<string> permissionIds;
    private readonly Func<IServiceProvider, IResourceTypeHandler> resolve;

    internal AponoResourceTypeInfo(string name, IReadOnlyList<AponoPermission> permissions, IReadOnlyList<string> events, Func<IServiceProvider, IResourceTypeHandler> resolve)
    {
        Name = name;
        Permissions = permissions;
        Events = events;
        permissionIds = permissions.Select(static p => p.Id).ToFrozenSet(StringComparer.Ordinal);
        PermissionList = string.Join(", ", permissions.Select(static p => p.Id));
        this.resolve = resolve;
    }

    /// <summary>Gets the type's name, compared ordinally with the request's <c>resource_type</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the declared permissions, in declaration order: the only ones grant and revoke accept and a listing may name.</summary>
    public IReadOnlyList<AponoPermission> Permissions { get; }

    /// <summary>
    /// Gets the wire names of the per-type events the handler answers, in the order of <see cref="AponoEventType.All"/>:
    /// always <c>list-resources</c>; <c>grant-access</c> and <c>revoke-access</c> for an <see cref="IAccessHandler"/>;
    /// the three credentials events for an <see cref="ICredentialsHandler"/>.
    /// </summary>
    /// <remarks>Function-level events (<c>get-status</c>, <c>list-resources-tags</c>) are never listed here.</remarks>
    public IReadOnlyList<string> Events { get; }

    /// <summary>Gets the permission ids joined by <c>", "</c>, for messages.</summary>
    internal string PermissionList { get; }

    /// <summary>Whether <paramref name="permission"/> is a declared permission id of the type (ordinal).</summary>
    internal bool DeclaresPermission(string permission) => permissionIds.Contains(permission);

    /// <summary>Whether the handler answers <paramref name="eventType"/>.</summary>
    internal bool Handles(string eventType)
    {
        for (var i = 0; i < Events.Count; i++)
        {
            if (string.Equals(Events[i], eventType, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Resolves the handler from the invocation's scope.</summary>
    internal IResourceTypeHandler ResolveHandler(IServiceProvider services) => resolve(services);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (permissions: {PermissionList}; events: {string.Join(", ", Events)})";
}
