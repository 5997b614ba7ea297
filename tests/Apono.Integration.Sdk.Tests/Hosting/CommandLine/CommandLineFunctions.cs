using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Tests.Hosting.CommandLine;

/// <summary>The spaces a wiki has; the handlers get it by constructor injection.</summary>
internal sealed class WikiStore(IReadOnlyList<AponoResource> spaces)
{
    public IReadOnlyList<AponoResource> Spaces { get; } = spaces;
}

/// <summary>Declares two resource types, <c>wiki-space</c> (reader, editor) and <c>wiki-page</c> (viewer), so the SDK refuses any other type.</summary>
internal class WikiFunction : AponoIntegrationFunction
{
    public const string Type = "wiki-space";
    public const string PageType = "wiki-page";

    protected virtual IReadOnlyList<AponoResource> Spaces() => [new AponoResource("eng", "Engineering")];

    protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes)
    {
        DeclareSpaces(resourceTypes);
        resourceTypes.Add<WikiPages>(PageType, type => type.WithPermission("viewer", "Viewer"));
    }

    protected virtual void DeclareSpaces(AponoResourceTypes resourceTypes) =>
        resourceTypes.Add<WikiSpaces>(Type, type => type.WithPermission("reader", "Reader").WithPermission("editor", "Editor"));

    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(new WikiStore(Spaces()));

    /// <summary>Answers the custom parameters it was sent, so tests see what reached the function.</summary>
    protected internal override Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new StatusReply("active" + string.Concat(request.CustomParameters.Keys.Order(StringComparer.Ordinal).Select(key =>
            $";{key}={(request.CustomParameters.TryGetValue(key, out var value) ? value.GetRawText() : string.Empty)}"))));
}

/// <summary>Grants and revokes on listed spaces; the SDK has already checked the type and the permission.</summary>
internal class WikiSpaces(WikiStore store) : IAccessHandler
{
    protected WikiStore Store => store;

    public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ListResourcesReply(store.Spaces, [new AponoPermission("reader", "Reader"), new AponoPermission("editor", "Editor")]));

    public virtual Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) => Check(request);

    public Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) => Check(request);

    private Task Check(AccessRequest request) =>
        request.Resources.All(id => store.Spaces.Any(space => space.Id == id)) ? Task.CompletedTask : throw new ResourceNotFoundException("No such space.");
}

/// <summary>Lists pages only: no grant, no credentials.</summary>
internal sealed class WikiPages : IResourceTypeHandler
{
    public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ListResourcesReply([new AponoResource("home", "Home page")], [new AponoPermission("viewer", "Viewer")]));
}

/// <summary>A wiki with no space yet: the wiki-space listing is empty.</summary>
internal sealed class EmptyWikiFunction : WikiFunction
{
    protected override IReadOnlyList<AponoResource> Spaces() => [];
}

/// <summary>Grants on any resource it is sent, listed or not.</summary>
internal sealed class GrantsAnythingWikiFunction : WikiFunction
{
    protected override void DeclareSpaces(AponoResourceTypes resourceTypes) =>
        resourceTypes.Add<CarelessSpaces>(Type, type => type.WithPermission("reader", "Reader").WithPermission("editor", "Editor"));

    private sealed class CarelessSpaces(WikiStore store) : WikiSpaces(store)
    {
        public override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
