using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using PostgresAccess.Access;
using PostgresAccess.Connection;
using PostgresAccess.Databases;
using PostgresAccess.Grants;
using PostgresAccess.Logins;

namespace PostgresAccess.Schemas;

/// <summary>
/// The handler of resource type <c>postgres-schema</c>: each user schema of each listed database is a resource
/// <c>schema:&lt;database&gt;/&lt;schema&gt;</c>, with the permissions of <see cref="AccessLevel"/> (<c>read</c>,
/// <c>write</c>, <c>admin</c>); each also grants CONNECT on the schema's database.
/// </summary>
/// <remarks>
/// Built by the SDK's DI for each invocation. The SDK has already refused another type's permission; this handler
/// refuses another type's ids (<c>db:</c>) as not found, before anything connects.
/// </remarks>
internal sealed class SchemaAccess(PostgresConnector connector, DatabaseCatalog databases, SchemaCatalog schemas, AccessGrants grants, LoginCredentials credentials)
    : IAccessHandler, ICredentialsHandler
{
    public const string ResourceType = "postgres-schema";

    /// <summary>Declares <see cref="AccessLevel.All"/> on the type, the same list <see cref="ListResourcesAsync"/> returns.</summary>
    public static void Declare(AponoResourceTypeBuilder type)
    {
        foreach (var level in AccessLevel.All)
        {
            type.WithPermission(level.Id, level.Name);
        }
    }

    public async Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        await using var server = await connector.OpenServerAsync(request, cancellationToken).ConfigureAwait(false);
        var resources = new List<AponoResource>();
        await using (var maintenance = await server.OpenAsync(null, cancellationToken).ConfigureAwait(false))
        {
            foreach (var database in await databases.ListAsync(maintenance, cancellationToken).ConfigureAwait(false))
            {
                await using var connection = await server.OpenAsync(database.Name, cancellationToken).ConfigureAwait(false);
                foreach (var schema in await schemas.ListAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    resources.Add(SchemaCatalog.ToResource(database.Name, schema, request.ResourceType));
                }
            }
        }

        return new ListResourcesReply(resources, AccessLevel.All.Select(static level => level.ToPermission()));
    }

    public Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var level = AccessLevel.Parse(request.Permission);
        var ids = AccessGrants.ParseResources(request.Resources, databases: false);
        var plan = new GrantPlan(
            level.Id,
            ids,
            CheckListedAsync,
            (connection, id, grantRole, ct) => schemas.GrantAsync(connection, id.Database, id.Schema!, level, grantRole, ct));
        return grants.GrantAsync(request, plan, context.Logger, cancellationToken);
    }

    public Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        AccessLevel.Parse(request.Permission);
        AccessGrants.ParseResources(request.Resources, databases: false);
        return grants.RevokeAsync(request, context.Logger, cancellationToken);
    }

    public Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        credentials.SetPasswordAsync(request, createRole: true, context.Logger, cancellationToken);

    public Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        credentials.SetPasswordAsync(request, createRole: false, context.Logger, cancellationToken);

    public Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        credentials.DeleteAsync(request, cancellationToken);

    /// <summary>Refuses, as not found, a schema list-resources would not list in the connected database (system schemas, <c>apono_access</c>, missing ones).</summary>
    private async Task CheckListedAsync(Npgsql.NpgsqlConnection connection, IReadOnlyList<ResourceId> ids, CancellationToken cancellationToken)
    {
        var found = await schemas.FindListedAsync(connection, ids.Select(static id => id.Schema!), cancellationToken).ConfigureAwait(false);
        if (ids.FirstOrDefault(id => !found.Contains(id.Schema!)) is { } missing)
        {
            throw new ResourceNotFoundException(
                $"Resource {missing} does not exist: database \"{AccessLevel.Printable(missing.Database)}\" has no schema \"{AccessLevel.Printable(missing.Schema!)}\" that list-resources lists.");
        }
    }
}
