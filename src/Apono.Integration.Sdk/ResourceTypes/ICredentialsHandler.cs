using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.ResourceTypes;

/// <summary>A resource type's handler that also creates, resets and deletes a user's credentials.</summary>
/// <remarks>
/// The secret a method returns is registered with the invocation's log redaction before the reply is written, so a
/// later line of the same invocation that quotes it shows <c>***</c>.
/// </remarks>
public interface ICredentialsHandler : IResourceTypeHandler
{
    /// <summary>Answers <c>create-credentials</c> for this type: creates credentials and returns their secret.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>The secret; an empty one is an invalid reply.</returns>
    Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken);

    /// <summary>Answers <c>reset-credentials</c> for this type: replaces the secret and returns the new one.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>The new secret; an empty one is an invalid reply.</returns>
    Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken);

    /// <summary>Answers <c>delete-credentials</c> for this type: removes the user's credentials.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>A task that completes once the credentials are gone (the SDK answers <c>{"status":"ok"}</c>).</returns>
    Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken);
}
