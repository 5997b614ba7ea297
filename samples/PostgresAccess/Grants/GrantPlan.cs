using Npgsql;
using PostgresAccess.Access;

namespace PostgresAccess.Grants;

/// <summary>What one resource type adds to the grant steps both types share (<see cref="AccessGrants"/>).</summary>
/// <param name="Permission">The permission id, as recorded in <c>apono_access.grants</c>.</param>
/// <param name="Resources">The parsed resource ids, all of the handler's own kind.</param>
/// <param name="CheckInDatabaseAsync">
/// Checks, on a connection to one listed database, that the ids of that database are listed too (schemas), throwing
/// <see cref="Apono.Integration.Sdk.Errors.ResourceNotFoundException"/> when not; <see langword="null"/> when the
/// database being listed is all there is to check.
/// </param>
/// <param name="ApplyAsync">Grants the permission on one id to the grant role, on a connection to the id's database inside a transaction.</param>
internal sealed record GrantPlan(
    string Permission,
    IReadOnlyList<ResourceId> Resources,
    Func<NpgsqlConnection, IReadOnlyList<ResourceId>, CancellationToken, Task>? CheckInDatabaseAsync,
    Func<NpgsqlConnection, ResourceId, string, CancellationToken, Task> ApplyAsync);
