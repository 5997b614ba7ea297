using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PostgresAccess.Access;
using PostgresAccess.Connection;

namespace PostgresAccess;

/// <summary>
/// Manages access to a PostgreSQL server: databases and schemas are the resources, <c>read</c>/<c>write</c>/<c>admin</c>
/// the permissions, a login role per grantee and a group role per grant carry the privileges.
/// </summary>
/// <remarks>
/// Every event connects with the admin settings of its <c>custom_parameters</c> (see <see cref="PostgresSettings"/>)
/// and closes its connections before it answers. Changes for one grantee are serialized by an advisory lock,
/// so Apono's retries and parallel grants cannot interleave.
/// </remarks>
public sealed partial class PostgresAccessFunction : AponoIntegrationFunction
{
    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Schemas>();
        services.AddSingleton<Databases>();
        services.AddSingleton<Roles>();
    }

    protected override async Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context)
    {
        var ct = context.CancellationToken;
        var databases = context.Services.GetRequiredService<Databases>();
        var schemas = context.Services.GetRequiredService<Schemas>();
        await using var server = OpenServer(request, context);
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

    protected override async Task<OkReply> GrantAccessAsync(GrantAccessRequest request, InvocationContext context)
    {
        var ct = context.CancellationToken;
        var level = AccessLevel.Parse(request.Permission);
        var resources = ParseResources(request.Resources);
        var roles = context.Services.GetRequiredService<Roles>();
        var databases = context.Services.GetRequiredService<Databases>();
        var schemas = context.Services.GetRequiredService<Schemas>();
        var userRole = RoleNames.ForUser(request.Username);
        var grantRole = RoleNames.ForGrant(request.GrantId);

        await using var server = OpenServer(request, context);
        await using var maintenance = await server.OpenAsync(null, ct).ConfigureAwait(false);
        await roles.LockAsync(maintenance, userRole, ct).ConfigureAwait(false);
        try
        {
            // Check every resource before changing anything, so an unknown id changes nothing.
            var byDatabase = resources.GroupBy(static id => id.Database, StringComparer.Ordinal).ToList();
            var existing = await databases.FindExistingAsync(maintenance, byDatabase.Select(static g => g.Key), ct).ConfigureAwait(false);
            foreach (var group in byDatabase)
            {
                if (!existing.Contains(group.Key))
                {
                    throw new ResourceNotFoundException($"Resource {group.First()} does not exist: there is no database \"{AccessLevel.Printable(group.Key)}\" open to connections.");
                }

                var schemaNames = group.Where(static id => !id.IsDatabase).Select(static id => id.Schema!).ToList();
                if (schemaNames.Count > 0)
                {
                    await using var connection = await server.OpenAsync(group.Key, ct).ConfigureAwait(false);
                    var found = await schemas.FindExistingAsync(connection, schemaNames, ct).ConfigureAwait(false);
                    if (group.FirstOrDefault(id => !id.IsDatabase && !found.Contains(id.Schema!)) is { } missing)
                    {
                        throw new ResourceNotFoundException($"Resource {missing} does not exist: database \"{AccessLevel.Printable(missing.Database)}\" has no schema \"{AccessLevel.Printable(missing.Schema!)}\".");
                    }
                }
            }

            await roles.EnsureLoginRoleAsync(maintenance, userRole, ct).ConfigureAwait(false);
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
            await roles.UnlockAsync(maintenance, userRole).ConfigureAwait(false);
        }

        return OkReply.Instance;
    }

    protected override async Task<OkReply> RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context)
    {
        var ct = context.CancellationToken;
        AccessLevel.Parse(request.Permission);
        ParseResources(request.Resources);
        var roles = context.Services.GetRequiredService<Roles>();
        var userRole = RoleNames.ForUser(request.Username);
        var grantRole = RoleNames.ForGrant(request.GrantId);

        await using var server = OpenServer(request, context);
        await using var maintenance = await server.OpenAsync(null, ct).ConfigureAwait(false);
        await roles.LockAsync(maintenance, userRole, ct).ConfigureAwait(false);
        try
        {
            // A grant is revoked as a whole: its group role goes, with every privilege it held, wherever it held it.
            var dropped = await roles.DropGrantRoleAsync(server, maintenance, grantRole, ct).ConfigureAwait(false);
            await roles.DropUserIfUnusedAsync(maintenance, userRole, ct).ConfigureAwait(false);
            LogRevoked(context.Logger, grantRole, userRole, dropped);
        }
        finally
        {
            await roles.UnlockAsync(maintenance, userRole).ConfigureAwait(false);
        }

        return OkReply.Instance;
    }

    protected override Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context) =>
        SetPasswordAsync(request, context, createRole: true);

    protected override Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context) =>
        SetPasswordAsync(request, context, createRole: false);

    protected override async Task<OkReply> DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context)
    {
        var ct = context.CancellationToken;
        var roles = context.Services.GetRequiredService<Roles>();
        var userRole = RoleNames.ForUser(request.Username);
        await using var server = OpenServer(request, context);
        await using var maintenance = await server.OpenAsync(null, ct).ConfigureAwait(false);
        await roles.LockAsync(maintenance, userRole, ct).ConfigureAwait(false);
        try
        {
            if (await roles.ExistsAsync(maintenance, userRole, ct).ConfigureAwait(false))
            {
                await roles.DisableLoginAsync(maintenance, userRole, ct).ConfigureAwait(false);
                await roles.DropUserIfUnusedAsync(maintenance, userRole, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            await roles.UnlockAsync(maintenance, userRole).ConfigureAwait(false);
        }

        return OkReply.Instance;
    }

    /// <summary>Answers <c>active</c> only when the admin login works.</summary>
    protected override async Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context)
    {
        await using var server = OpenServer(request, context);
        await using var maintenance = await server.OpenAsync(null, context.CancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(maintenance, "SELECT 1", "checking the connection", context.CancellationToken).ConfigureAwait(false);
        return StatusReply.Active;
    }

    private async Task<CredentialsReply> SetPasswordAsync(CredentialsRequest request, InvocationContext context, bool createRole)
    {
        var ct = context.CancellationToken;
        var roles = context.Services.GetRequiredService<Roles>();
        var userRole = RoleNames.ForUser(request.Username);
        await using var server = OpenServer(request, context);
        await using var maintenance = await server.OpenAsync(null, ct).ConfigureAwait(false);
        await roles.LockAsync(maintenance, userRole, ct).ConfigureAwait(false);
        try
        {
            if (createRole)
            {
                await roles.EnsureLoginRoleAsync(maintenance, userRole, ct).ConfigureAwait(false);
            }
            else if (!await roles.ExistsAsync(maintenance, userRole, ct).ConfigureAwait(false))
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
            await roles.UnlockAsync(maintenance, userRole).ConfigureAwait(false);
        }
    }

    private static PostgresServer OpenServer(AponoRequest request, InvocationContext context) =>
        new(PostgresSettings.Read(request.CustomParameters, context.Services.GetRequiredService<IConfiguration>()));

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

    [LoggerMessage(LogLevel.Information, "Set a new password on {UserRole}")]
    private static partial void LogPasswordSet(ILogger logger, string userRole);
}
