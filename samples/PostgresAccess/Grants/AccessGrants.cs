using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Microsoft.Extensions.Logging;
using PostgresAccess.Access;
using PostgresAccess.Connection;
using PostgresAccess.Databases;
using PostgresAccess.Records;
using PostgresAccess.Schemas;

namespace PostgresAccess.Grants;

/// <summary>
/// The grant and revoke steps both resource types share: the <c>grant_id</c> record, the advisory locks, the login
/// and grant roles, and the order that keeps a failed grant harmless. Each type's handler parses its own permission
/// and ids and says, through a <see cref="GrantPlan"/>, what to check and grant per resource.
/// </summary>
internal sealed partial class AccessGrants(PostgresConnector connector, Roles roles, AccessRecords records, DatabaseCatalog databases)
{
    /// <summary>Parses the ids of a grant or revoke for a handler that serves only <paramref name="databases"/> ids (<c>db:</c>) or only schema ids.</summary>
    /// <exception cref="ResourceNotFoundException">An id is malformed, or is of the other type; nothing has been changed.</exception>
    public static List<ResourceId> ParseResources(IReadOnlyList<string> resources, bool databases)
    {
        var ids = new List<ResourceId>(resources.Count);
        foreach (var text in resources)
        {
            if (!ResourceId.TryParse(text, out var id))
            {
                throw new ResourceNotFoundException(
                    $"Unknown resource id \"{AccessLevel.Printable(text)}\"; {(databases ? $"{DatabaseAccess.ResourceType} ids look like db:<database>" : $"{SchemaAccess.ResourceType} ids look like schema:<database>/<schema>")}, as list-resources returns them.");
            }

            if (id.IsDatabase != databases)
            {
                var (own, other) = databases ? (DatabaseAccess.ResourceType, SchemaAccess.ResourceType) : (SchemaAccess.ResourceType, DatabaseAccess.ResourceType);
                throw new ResourceNotFoundException($"Resource {id} is not a {own} resource; resource type {other} lists it.");
            }

            ids.Add(id);
        }

        return ids;
    }

    public async Task GrantAsync(GrantAccessRequest request, GrantPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        var resources = plan.Resources;
        var canonical = resources.Select(static id => id.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var identity = RoleNames.Identity(request.Username);
        var userRole = RoleNames.ForUser(request.Username);
        var grantRole = RoleNames.ForGrant(request.GrantId);

        await using var server = await connector.OpenServerAsync(request, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, cancellationToken).ConfigureAwait(false);
        await records.PrepareAsync(maintenance, server.Target, cancellationToken).ConfigureAwait(false);
        await roles.LockAsync(maintenance, Roles.GrantLock(request.GrantId), cancellationToken).ConfigureAwait(false);
        try
        {
            // A grant_id is bound to its user, permission and resources by its first delivery; a redelivery after
            // its revoke, or a reuse with other values, is refused before anything changes. Permission ids differ
            // between the two types, so a grant_id reused with the other type is a reuse too.
            var record = await records.FindGrantAsync(maintenance, request.GrantId, cancellationToken).ConfigureAwait(false);
            if (record is { Revoked: true })
            {
                throw new InvalidRequestException("This grant_id was revoked; a grant delivered again after its revoke is refused. Request access anew.");
            }

            if (record is not null && !record.SameGrant(identity, plan.Permission, canonical))
            {
                throw new InvalidRequestException("This grant_id is already bound to another user, permission or resource list; a reused grant_id is refused.");
            }

            await roles.LockAsync(maintenance, Roles.UserLock(userRole), cancellationToken).ConfigureAwait(false);
            try
            {
                // Check every resource before changing anything, with the same filters list-resources uses.
                var byDatabase = resources.GroupBy(static id => id.Database, StringComparer.Ordinal).ToList();
                var listed = await databases.FindListedAsync(maintenance, byDatabase.Select(static g => g.Key), cancellationToken).ConfigureAwait(false);
                foreach (var group in byDatabase)
                {
                    if (!listed.Contains(group.Key))
                    {
                        throw new ResourceNotFoundException($"Resource {group.First()} does not exist: there is no database \"{AccessLevel.Printable(group.Key)}\" that list-resources lists.");
                    }

                    if (plan.CheckInDatabaseAsync is { } check)
                    {
                        await using var connection = await server.OpenAsync(group.Key, cancellationToken).ConfigureAwait(false);
                        await check(connection, group.ToList(), cancellationToken).ConfigureAwait(false);
                    }
                }

                await roles.EnsureLoginRoleAsync(maintenance, userRole, identity, cancellationToken).ConfigureAwait(false);
                if (record is null)
                {
                    await records.RecordGrantAsync(maintenance, request.GrantId, new GrantRecord(identity, userRole, grantRole, plan.Permission, canonical, Revoked: false), cancellationToken).ConfigureAwait(false);
                }

                await roles.EnsureGrantRoleAsync(maintenance, grantRole, cancellationToken).ConfigureAwait(false);
                foreach (var group in byDatabase)
                {
                    // Privileges inside a database can only be granted while connected to it; one transaction each.
                    await using var connection = await server.OpenAsync(group.Key, cancellationToken).ConfigureAwait(false);
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    foreach (var id in group)
                    {
                        await plan.ApplyAsync(connection, id, grantRole, cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                // Membership last: until here the user has none of this grant's privileges.
                await roles.AddMemberAsync(maintenance, grantRole, userRole, cancellationToken).ConfigureAwait(false);
                LogGranted(logger, plan.Permission, resources.Count, userRole, grantRole);
            }
            finally
            {
                await roles.UnlockAsync(maintenance, Roles.UserLock(userRole)).ConfigureAwait(false);
            }
        }
        finally
        {
            await roles.UnlockAsync(maintenance, Roles.GrantLock(request.GrantId)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Revokes the grant recorded under the request's <c>grant_id</c> as a whole, whatever resources the revoke lists:
    /// its group role goes, with every privilege it held, wherever it held it. The handler has checked the
    /// request's permission and ids for its type before.
    /// </summary>
    public async Task RevokeAsync(RevokeAccessRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        var identity = RoleNames.Identity(request.Username);
        await using var server = await connector.OpenServerAsync(request, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, cancellationToken).ConfigureAwait(false);
        await records.PrepareAsync(maintenance, server.Target, cancellationToken).ConfigureAwait(false);
        await roles.LockAsync(maintenance, Roles.GrantLock(request.GrantId), cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await records.FindGrantAsync(maintenance, request.GrantId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                // Never granted under this id (or its tombstone expired): nothing of ours to take away.
                LogNothingToRevoke(logger);
                return;
            }

            if (!string.Equals(record.Identity, identity, StringComparison.Ordinal))
            {
                throw new InvalidRequestException("This grant_id was granted to another user; a revoke naming a different username is refused and changes nothing.");
            }

            if (record.Revoked)
            {
                return;
            }

            await roles.LockAsync(maintenance, Roles.UserLock(record.UserRole), cancellationToken).ConfigureAwait(false);
            try
            {
                var dropped = await roles.DropGrantRoleAsync(server, maintenance, record.GrantRole, record.UserRole, cancellationToken).ConfigureAwait(false);
                await records.MarkRevokedAsync(maintenance, request.GrantId, cancellationToken).ConfigureAwait(false);
                await roles.DropUserIfUnusedAsync(server, maintenance, record.UserRole, cancellationToken).ConfigureAwait(false);
                LogRevoked(logger, record.GrantRole, record.UserRole, dropped);
            }
            finally
            {
                await roles.UnlockAsync(maintenance, Roles.UserLock(record.UserRole)).ConfigureAwait(false);
            }
        }
        finally
        {
            await roles.UnlockAsync(maintenance, Roles.GrantLock(request.GrantId)).ConfigureAwait(false);
        }
    }

    [LoggerMessage(LogLevel.Information, "Granted {Permission} on {ResourceCount} resources to {UserRole} through {GrantRole}")]
    private static partial void LogGranted(ILogger logger, string permission, int resourceCount, string userRole, string grantRole);

    [LoggerMessage(LogLevel.Information, "Revoked {GrantRole} from {UserRole} (it existed: {Existed})")]
    private static partial void LogRevoked(ILogger logger, string grantRole, string userRole, bool existed);

    [LoggerMessage(LogLevel.Information, "Nothing to revoke: no grant is recorded under this grant_id")]
    private static partial void LogNothingToRevoke(ILogger logger);
}
