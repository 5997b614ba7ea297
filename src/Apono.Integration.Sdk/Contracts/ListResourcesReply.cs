namespace Apono.Integration.Sdk.Contracts;

/// <summary>The reply to <c>list-resources</c>: <c>{ "resources": [...], "permissions": [...] }</c>.</summary>
/// <remarks>
/// The SDK checks the reply while writing it, in one pass: every resource id unique and non-empty, every name
/// non-empty, every <see cref="AponoResource.Type"/> equal to the request's resource type (or unset), permission ids
/// unique. A violation answers an <c>InvalidReply</c> error naming the offending id instead of a list Apono would
/// mishandle.
/// </remarks>
public sealed class ListResourcesReply
{
    /// <summary>Creates a reply from resources held in memory.</summary>
    /// <param name="resources">The resources.</param>
    /// <param name="permissions">The permissions that can be requested on them.</param>
    public ListResourcesReply(IEnumerable<AponoResource> resources, IEnumerable<AponoPermission> permissions)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(permissions);
        SyncResources = resources;
        Permissions = [.. permissions];
    }

    /// <summary>
    /// Creates a reply whose resources are streamed, e.g. read row by row from a database: the SDK writes each
    /// resource as it arrives, so a large listing is never held twice in memory.
    /// </summary>
    /// <param name="resources">The resources, enumerated once.</param>
    /// <param name="permissions">The permissions that can be requested on them.</param>
    public ListResourcesReply(IAsyncEnumerable<AponoResource> resources, IEnumerable<AponoPermission> permissions)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(permissions);
        AsyncResources = resources;
        Permissions = [.. permissions];
    }

    /// <summary>Gets the resources. A streamed reply can be enumerated only once.</summary>
    public IAsyncEnumerable<AponoResource> Resources => AsyncResources ?? ToAsync(SyncResources!);

    /// <summary>Gets the permissions.</summary>
    public IReadOnlyList<AponoPermission> Permissions { get; }

    internal IEnumerable<AponoResource>? SyncResources { get; }

    internal IAsyncEnumerable<AponoResource>? AsyncResources { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"ListResourcesReply {{ Resources = {(SyncResources is IReadOnlyCollection<AponoResource> c ? c.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(streamed)")}, Permissions = {Permissions.Count} }}";

    private static async IAsyncEnumerable<AponoResource> ToAsync(IEnumerable<AponoResource> resources)
    {
        foreach (var resource in resources)
        {
            yield return resource;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
