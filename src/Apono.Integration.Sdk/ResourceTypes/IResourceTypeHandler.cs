using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.ResourceTypes;

/// <summary>
/// Serves one declared resource type: lists its resources. Implement <see cref="IAccessHandler"/> to grant and revoke
/// access to them, <see cref="ICredentialsHandler"/> to manage credentials.
/// </summary>
/// <remarks>
/// <para>
/// Declared with <see cref="AponoResourceTypes.Add{THandler}"/>. The SDK registers the handler as a scoped service and
/// builds it through dependency injection (constructor injection) from a fresh scope per invocation, which is disposed
/// when the invocation ends: a handler instance never serves two invocations.
/// </para>
/// <para>
/// Before the handler is called the SDK has refused a <c>resource_type</c> that is not declared and a grant or revoke of
/// a permission the type does not declare; after it returns, a listing that names an undeclared permission is refused.
/// </para>
/// </remarks>
public interface IResourceTypeHandler
{
    /// <summary>Answers <c>list-resources</c> for this type: its resources and the permissions users can request on them.</summary>
    /// <param name="request">The request; <see cref="ListResourcesRequest.ResourceType"/> is this type's name.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>The resources and permissions. Every permission must be one of the type's declared permissions (by id).</returns>
    Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken);
}
