using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tests.Hosting.CommandLine;

/// <summary>Serves one resource type, <c>wiki-space</c>, and refuses every other: a function that checks its type.</summary>
internal class WikiFunction : AponoIntegrationFunction
{
    public const string Type = "wiki-space";

    protected virtual IEnumerable<AponoResource> Spaces() => [new AponoResource("eng", "Engineering")];

    protected internal override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context)
    {
        CheckType(request.ResourceType);
        return Task.FromResult(new ListResourcesReply(Spaces(), [new AponoPermission("reader", "Reader")]));
    }

    protected internal override Task<OkReply> GrantAccessAsync(GrantAccessRequest request, InvocationContext context) => Access(request);

    protected internal override Task<OkReply> RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context) => Access(request);

    /// <summary>Answers the custom parameters it was sent, so tests see what reached the function.</summary>
    protected internal override Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context) =>
        Task.FromResult(new StatusReply("active" + string.Concat(request.CustomParameters.Keys.Order(StringComparer.Ordinal).Select(key =>
            $";{key}={(request.CustomParameters.TryGetValue(key, out var value) ? value.GetRawText() : string.Empty)}"))));

    private Task<OkReply> Access(AccessRequest request)
    {
        CheckType(request.ResourceType);
        if (request.Permission != "reader")
        {
            throw new InvalidRequestException($"Permission '{request.Permission}' is not one of: reader.");
        }

        if (request.Resources.Any(id => !Spaces().Any(space => space.Id == id)))
        {
            throw new ResourceNotFoundException("No such space.");
        }

        return Task.FromResult(OkReply.Instance);
    }

    private static void CheckType(string resourceType)
    {
        if (resourceType != Type)
        {
            throw new InvalidRequestException($"resource_type '{resourceType}' is not served; expected '{Type}'.");
        }
    }
}

/// <summary>A wiki with no space yet: its listing is empty.</summary>
internal sealed class EmptyWikiFunction : WikiFunction
{
    protected override IEnumerable<AponoResource> Spaces() => [];
}

/// <summary>Grants any permission it is sent, listed or not.</summary>
internal sealed class GrantsAnythingWikiFunction : WikiFunction
{
    protected internal override Task<OkReply> GrantAccessAsync(GrantAccessRequest request, InvocationContext context) => Task.FromResult(OkReply.Instance);
}
