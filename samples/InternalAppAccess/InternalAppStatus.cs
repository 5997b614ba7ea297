using Apono.Integration.Sdk.Contracts;
using InternalAppAccess.Client;

namespace InternalAppAccess;

/// <summary>The get-status check: the selected target's app answers an authenticated <c>GET /api/roles</c>.</summary>
internal sealed class InternalAppStatus(InternalAppClient client, InternalAppTargets targets)
{
    public async Task<StatusReply> CheckAsync(GetStatusRequest request, CancellationToken cancellationToken)
    {
        await client.ListRolesAsync(targets.Select(request.CustomParameters), cancellationToken).ConfigureAwait(false);
        return StatusReply.Active;
    }
}
