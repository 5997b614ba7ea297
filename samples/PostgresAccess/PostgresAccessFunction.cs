using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostgresAccess.Access;
using PostgresAccess.Connection;
using PostgresAccess.Records;

namespace PostgresAccess;

/// <summary>
/// Manages access to PostgreSQL servers configured at deploy time: databases and schemas are the resources,
/// <c>read</c>/<c>write</c>/<c>admin</c> the permissions, a login role per grantee and a group role per grant carry
/// the privileges.
/// </summary>
/// <remarks>
/// Every event connects to the target <c>custom_parameters.target</c> selects among the deploy-time targets (see
/// <see cref="PostgresTarget"/>), with the admin password from the SDK's secrets helper, and closes its connections
/// before it answers. Changes for one grant and one grantee are serialized by advisory locks, so Apono's retries and
/// parallel grants cannot interleave. What each grant id and login role is bound to is kept in the target
/// (<see cref="AccessRecords"/>).
/// </remarks>
public sealed partial class PostgresAccessFunction : AponoIntegrationFunction
{
    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddAponoSecrets();
        services.AddSingleton<PostgresTargets>();
        services.AddSingleton<AccessRecords>();
        services.AddSingleton<Schemas>();
        services.AddSingleton<Databases>();
        services.AddSingleton<Roles>();
    }

    protected override async Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var databases = context.Services.GetRequiredService<Databases>();
        var schemas = context.Services.GetRequiredService<Schemas>();
        await using var server = await OpenServerAsync(request, context, cancellationToken).ConfigureAwait(false);
        var resources = new List<AponoResource>();
        await using (var maintenance = await server.OpenAsync(null, ct).ConfigureAwait(false))
        {
            foreach (var database in await databases.ListAsync(maintenance, ct).ConfigureAwait(false))
            {
                resources.Add(Databases.ToResource(database, request.ResourceType));
                await using var connection = await server.OpenAsync(database.Name, ct).ConfigureAwait(false);
                foreach (var schema in await schemas.ListAsync(connection, ct).ConfigureAwait(false))
                {
                    resources.Add(Schemas.ToResource(database.Name, schema, request.ResourceType));
                }
            }
        }

        return new ListResourcesReply(resources, AccessLevel.All.Select(static level => level.ToPermission()));
    }

    protected override async Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var level = AccessLevel.Parse(request.Permission);
        var resources = ParseResources(request.Resources);
        var canonical = resources.Select(static id => id.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var roles = context.Services.GetRequiredService<Roles>();
        var records = context.Services.GetRequiredService<AccessRecords>();
        var databases = context.Services.GetRequiredService<Databases>();
        var schemas = context.Services.GetRequiredService<Schemas>();
        var identity = RoleNames.Identity(request.Username);
        var userRole = RoleNames.ForUser(request.Username);
        var grantRole = RoleNames.ForGrant(request.GrantId);

        await using var server = await OpenServerAsync(request, context, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, ct).ConfigureAwait(false);
        await records.PrepareAsync(maintenance, server.Target, ct).ConfigureAwait(false);
        await roles.LockAsync(maintenance, Roles.GrantLock(request.GrantId), ct).ConfigureAwait(false);
        try
        {
            // A grant_id is bound to its user, permission and resources by its first delivery; a redelivery after
            // its revoke, or a reuse with other values, is refused before anything changes.
            var record = await records.FindGrantAsync(maintenance, request.GrantId, ct).ConfigureAwait(false);
            if (record is { Revoked: true })
            {
                throw new InvalidRequestException("This grant_id was revoked; a grant delivered again after its revoke is refused. Request access anew.");
            }

            if (record is not null && !record.SameGrant(identity, level.Id, canonical))
            {
                throw new InvalidRequestException("This grant_id is already bound to another user, permission or resource list; a reused grant_id is refused.");
            }

            await roles.LockAsync(maintenance, Roles.UserLock(userRole), ct).ConfigureAwait(false);
            try
            {
                // Check every resource before changing anything, with the same filters list-resources uses.
                var byDatabase = resources.GroupBy(static id => id.Database, StringComparer.Ordinal).ToList();
                var listed = await databases.FindListedAsync(maintenance, byDatabase.Select(static g => g.Key), ct).ConfigureAwait(false);
                foreach (var group in byDatabase)
                {
                    if (!listed.Contains(group.Key))
                    {
                        throw new ResourceNotFoundException($"Resource {group.First()} does not exist: there is no database \"{AccessLevel.Printable(group.Key)}\" that list-resources lists.");
                    }

                    var schemaNames = group.Where(static id => !id.IsDatabase).Select(static id => id.Schema!).ToList();
                    if (schemaNames.Count > 0)
                    {
                        await using var connection = await server.OpenAsync(group.Key, ct).ConfigureAwait(false);
                        var found = await schemas.FindListedAsync(connection, schemaNames, ct).ConfigureAwait(false);
                        if (group.FirstOrDefault(id => !id.IsDatabase && !found.Contains(id.Schema!)) is { } missing)
                        {
                            throw new ResourceNotFoundException(
                                $"Resource {missing} does not exist: database \"{AccessLevel.Printable(missing.Database)}\" has no schema \"{AccessLevel.Printable(missing.Schema!)}\" that list-resources lists.");
                        }
                    }
                }

                await roles.EnsureLoginRoleAsync(maintenance, userRole, identity, ct).ConfigureAwait(false);
                if (record is null)
                {
                    await records.RecordGrantAsync(maintenance, request.GrantId, new GrantRecord(identity, userRole, grantRole, level.Id, canonical, Revoked: false), ct).ConfigureAwait(false);
                }

                await roles.EnsureGrantRoleAsync(maintenance, grantRole, ct).ConfigureAwait(false);
                foreach (var group in byDatabase)
                {
                    // Privileges inside a database can only be granted while connected to it; one transaction each.
                    await using var connection = await server.OpenAsync(group.Key, ct).ConfigureAwait(false);
                    await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                    foreach (var id in group)
                    {
                        if (id.IsDatabase)
                        {
                            await databases.GrantAsync(connection, id.Database, level, grantRole, ct).ConfigureAwait(false);
                        }
                        else
                        {
                            await schemas.GrantAsync(connection, id.Database, id.Schema!, level, grantRole, ct).ConfigureAwait(false);
                        }
                    }

                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                }

                // Membership last: until here the user has none of this grant's privileges.
                await roles.AddMemberAsync(maintenance, grantRole, userRole, ct).ConfigureAwait(false);
                LogGranted(context.Logger, level.Id, resources.Count, userRole, grantRole);
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

    protected override async Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        AccessLevel.Parse(request.Permission);
        ParseResources(request.Resources);
        var roles = context.Services.GetRequiredService<Roles>();
        var records = context.Services.GetRequiredService<AccessRecords>();
        var identity = RoleNames.Identity(request.Username);

        await using var server = await OpenServerAsync(request, context, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, ct).ConfigureAwait(false);
        await records.PrepareAsync(maintenance, server.Target, ct).ConfigureAwait(false);
        await roles.LockAsync(maintenance, Roles.GrantLock(request.GrantId), ct).ConfigureAwait(false);
        try
        {
            var record = await records.FindGrantAsync(maintenance, request.GrantId, ct).ConfigureAwait(false);
            if (record is null)
            {
                // Never granted under this id (or its tombstone expired): nothing of ours to take away.
                LogNothingToRevoke(context.Logger);
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

            // A grant is revoked as a whole, whatever resources the revoke lists: its group role goes, with every
            // privilege it held, wherever it held it.
            await roles.LockAsync(maintenance, Roles.UserLock(record.UserRole), ct).ConfigureAwait(false);
            try
            {
                var dropped = await roles.DropGrantRoleAsync(server, maintenance, record.GrantRole, record.UserRole, ct).ConfigureAwait(false);
                await records.MarkRevokedAsync(maintenance, request.GrantId, ct).ConfigureAwait(false);
                await roles.DropUserIfUnusedAsync(server, maintenance, record.UserRole, ct).ConfigureAwait(false);
                LogRevoked(context.Logger, record.GrantRole, record.UserRole, dropped);
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

    protected override Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        SetPasswordAsync(request, context, createRole: true, cancellationToken);

    protected override Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        SetPasswordAsync(request, context, createRole: false, cancellationToken);

    protected override async Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var roles = context.Services.GetRequiredService<Roles>();
        var records = context.Services.GetRequiredService<AccessRecords>();
        var userRole = RoleNames.ForUser(request.Username);
        await using var server = await OpenServerAsync(request, context, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, ct).ConfigureAwait(false);
        await records.PrepareAsync(maintenance, server.Target, ct).ConfigureAwait(false);
        await roles.LockAsync(maintenance, Roles.UserLock(userRole), ct).ConfigureAwait(false);
        try
        {
            if (await roles.CheckOwnershipAsync(maintenance, userRole, RoleNames.Identity(request.Username), ct).ConfigureAwait(false))
            {
                await roles.DisableLoginAsync(maintenance, userRole, ct).ConfigureAwait(false);
                await roles.DropUserIfUnusedAsync(server, maintenance, userRole, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            await roles.UnlockAsync(maintenance, Roles.UserLock(userRole)).ConfigureAwait(false);
        }

    }

    /// <summary>Answers <c>active</c> only when the admin login to the selected target works.</summary>
    protected override async Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        await using var server = await OpenServerAsync(request, context, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(maintenance, "SELECT 1", "checking the connection", cancellationToken).ConfigureAwait(false);
        return StatusReply.Active;
    }

    private async Task<CredentialsReply> SetPasswordAsync(CredentialsRequest request, InvocationContext context, bool createRole, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var roles = context.Services.GetRequiredService<Roles>();
        var records = context.Services.GetRequiredService<AccessRecords>();
        var identity = RoleNames.Identity(request.Username);
        var userRole = RoleNames.ForUser(request.Username);
        await using var server = await OpenServerAsync(request, context, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, ct).ConfigureAwait(false);
        await records.PrepareAsync(maintenance, server.Target, ct).ConfigureAwait(false);
        await roles.LockAsync(maintenance, Roles.UserLock(userRole), ct).ConfigureAwait(false);
        try
        {
            if (createRole)
            {
                await roles.EnsureLoginRoleAsync(maintenance, userRole, identity, ct).ConfigureAwait(false);
            }
            else if (!await roles.CheckOwnershipAsync(maintenance, userRole, identity, ct).ConfigureAwait(false))
            {
                throw new ResourceNotFoundException($"There is no PostgreSQL role {userRole} for this user; grant access or create credentials first.");
            }

            var password = PasswordGenerator.Generate();
            await roles.SetPasswordAsync(maintenance, userRole, ScramVerifier.Create(password), ct).ConfigureAwait(false);
            LogPasswordSet(context.Logger, userRole);
            return new CredentialsReply(password);
        }
        finally
        {
            await roles.UnlockAsync(maintenance, Roles.UserLock(userRole)).ConfigureAwait(false);
        }
    }

    /// <summary>Selects the deploy-time target and reads its admin password through the secrets helper.</summary>
    private static async Task<PostgresServer> OpenServerAsync(AponoRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var target = context.Services.GetRequiredService<PostgresTargets>().Select(request.CustomParameters);
        var secret = await context.Services.GetRequiredService<IAponoSecrets>().GetAsync(target.AdminSecret, cancellationToken).ConfigureAwait(false);
        return new PostgresServer(target, PostgresServer.PasswordFromSecret(secret, target));
    }

    private static List<ResourceId> ParseResources(IReadOnlyList<string> resources)
    {
        var ids = new List<ResourceId>(resources.Count);
        foreach (var text in resources)
        {
            if (!ResourceId.TryParse(text, out var id))
            {
                throw new ResourceNotFoundException(
                    $"Unknown resource id \"{AccessLevel.Printable(text)}\"; ids look like db:<database> or schema:<database>/<schema>, as list-resources returns them.");
            }

            ids.Add(id);
        }

        return ids;
    }

    [LoggerMessage(LogLevel.Information, "Granted {Permission} on {ResourceCount} resources to {UserRole} through {GrantRole}")]
    private static partial void LogGranted(ILogger logger, string permission, int resourceCount, string userRole, string grantRole);

    [LoggerMessage(LogLevel.Information, "Revoked {GrantRole} from {UserRole} (it existed: {Existed})")]
    private static partial void LogRevoked(ILogger logger, string grantRole, string userRole, bool existed);

    [LoggerMessage(LogLevel.Information, "Nothing to revoke: no grant is recorded under this grant_id")]
    private static partial void LogNothingToRevoke(ILogger logger);

    [LoggerMessage(LogLevel.Information, "Set a new password on {UserRole}")]
    private static partial void LogPasswordSet(ILogger logger, string userRole);
}
