using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using PostgresAccess.Connection;
using PostgresAccess.Grants;
using PostgresAccess.Logins;

namespace PostgresAccess.Databases;

/// <summary>
/// The handler of resource type <c>postgres-database</c>: each database the admin can connect to (not templates) is a
/// resource <c>db:&lt;database&gt;</c>, with the permissions of <see cref="DatabasePermission"/>.
/// </summary>
/// <remarks>
/// Built by the SDK's DI for each invocation. The SDK has already refused another type's permission; this handler
/// refuses another type's ids (<c>schema:</c>) as not found, before anything connects.
/// </remarks>
internal sealed class DatabaseAccess(PostgresConnector connector, DatabaseCatalog databases, AccessGrants grants, LoginCredentials credentials)
    : IAccessHandler, ICredentialsHandler
{
    public const string ResourceType = "postgres-database";

    /// <summary>Declares <see cref="DatabasePermission.All"/> on the type, the same list <see cref="ListResourcesAsync"/> returns.</summary>
    public static void Declare(AponoResourceTypeBuilder type)
    {
        foreach (var permission in DatabasePermission.All)
        {
            type.WithPermission(permission.Id, permission.Name);
        }
    }

    public async Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        await using var server = await connector.OpenServerAsync(request, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, cancellationToken).ConfigureAwait(false);
        var resources = (await databases.ListAsync(maintenance, cancellationToken).ConfigureAwait(false))
            .Select(database => DatabaseCatalog.ToResource(database, request.ResourceType))
            .ToList();
        return new ListResourcesReply(resources, DatabasePermission.All.Select(static p => p.ToPermission()));
    }

    public Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var permission = DatabasePermission.Parse(request.Permission);
        var ids = AccessGrants.ParseResources(request.Resources, databases: true);
        var plan = new GrantPlan(
            permission.Id,
            ids,
            CheckInDatabaseAsync: null,
            (connection, id, grantRole, ct) => databases.GrantAsync(connection, id.Database, permission, grantRole, ct));
        return grants.GrantAsync(request, plan, context.Logger, cancellationToken);
    }

    public Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        DatabasePermission.Parse(request.Permission);
        AccessGrants.ParseResources(request.Resources, databases: true);
        return grants.RevokeAsync(request, context.Logger, cancellationToken);
    }

    public Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        credentials.SetPasswordAsync(request, createRole: true, context.Logger, cancellationToken);

    public Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        credentials.SetPasswordAsync(request, createRole: false, context.Logger, cancellationToken);

    public Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        credentials.DeleteAsync(request, cancellationToken);
}
