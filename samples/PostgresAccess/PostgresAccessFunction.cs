using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostgresAccess.Connection;
using PostgresAccess.Databases;
using PostgresAccess.Grants;
using PostgresAccess.Logins;
using PostgresAccess.Records;
using PostgresAccess.Schemas;

namespace PostgresAccess;

/// <summary>
/// Manages access to PostgreSQL servers configured at deploy time, as two resource types: <c>postgres-database</c>
/// (<see cref="DatabaseAccess"/>: <c>connect</c>, <c>read-all</c>, <c>write-all</c>, <c>admin-all</c>) and
/// <c>postgres-schema</c> (<see cref="SchemaAccess"/>: <c>read</c>, <c>write</c>, <c>admin</c>). A login role per
/// grantee and a group role per grant carry the privileges.
/// </summary>
/// <remarks>
/// Every event connects to the target <c>custom_parameters.target</c> selects among the deploy-time targets (see
/// <see cref="PostgresTarget"/>), with the admin password from the SDK's secrets helper, and closes its connections
/// before it answers. Changes for one grant and one grantee are serialized by advisory locks, so Apono's retries and
/// parallel grants cannot interleave. What each grant id and login role is bound to is kept in the target
/// (<see cref="AccessRecords"/>).
/// </remarks>
public sealed class PostgresAccessFunction : AponoIntegrationFunction
{
    protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes)
    {
        resourceTypes.Add<DatabaseAccess>(DatabaseAccess.ResourceType, DatabaseAccess.Declare);
        resourceTypes.Add<SchemaAccess>(SchemaAccess.ResourceType, SchemaAccess.Declare);
    }

    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddAponoSecrets();
        services.AddSingleton<PostgresTargets>();
        services.AddSingleton<PostgresConnector>();
        services.AddSingleton<AccessRecords>();
        services.AddSingleton<SchemaCatalog>();
        services.AddSingleton<DatabaseCatalog>();
        services.AddSingleton<Roles>();
        services.AddSingleton<AccessGrants>();
        services.AddSingleton<LoginCredentials>();
    }

    /// <summary>Answers <c>active</c> only when the admin login to the selected target works.</summary>
    protected override async Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        // get-status belongs to the function, not to a type, so no handler is built for it; the one service it needs comes from the invocation's scope.
        await using var server = await context.Services.GetRequiredService<PostgresConnector>().OpenServerAsync(request, cancellationToken).ConfigureAwait(false);
        await using var maintenance = await server.OpenAsync(null, cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(maintenance, "SELECT 1", "checking the connection", cancellationToken).ConfigureAwait(false);
        return StatusReply.Active;
    }
}
