using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.ResourceTypes;

/// <summary>A resource type's handler that also grants and revokes access (the two always come together).</summary>
/// <remarks>
/// Both methods must be idempotent per grant id, resource and permission: Apono may deliver the same request twice, and
/// revoking what is not granted succeeds. Returning tells Apono the change happened (the SDK answers
/// <c>{"status":"ok"}</c>); throw an <see cref="Errors.AponoException"/> when it did not.
/// </remarks>
public interface IAccessHandler : IResourceTypeHandler
{
    /// <summary>Answers <c>grant-access</c> for this type.</summary>
    /// <param name="request">The request; its permission is one of the type's declared permissions.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>A task that completes once access is granted.</returns>
    Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken);

    /// <summary>Answers <c>revoke-access</c> for this type.</summary>
    /// <param name="request">The request; its permission is one of the type's declared permissions.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>A task that completes once access is revoked.</returns>
    Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken);
}
