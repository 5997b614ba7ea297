using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using InternalAppAccess.Client;
using Microsoft.Extensions.Logging;

namespace InternalAppAccess;

/// <summary>
/// The handler of the <see cref="InternalAppAccessFunction.ResourceType"/> type: the app's projects are its
/// resources, the declared roles its permissions. Built by DI for each invocation.
/// </summary>
/// <remarks>
/// Before a method runs the SDK has checked that the request's <c>resource_type</c> is the declared type and that a
/// grant's or revoke's <c>permission</c> is a declared role; this class checks in the app itself that the role and
/// the projects are listed right now.
/// </remarks>
internal sealed partial class InternalAppProjects(InternalAppClient client, InternalAppTargets targets) : IAccessHandler
{
    public async Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var target = targets.Select(request.CustomParameters);
        var projects = await client.ListProjectsAsync(target, cancellationToken).ConfigureAwait(false);
        var roles = await client.ListRolesAsync(target, cancellationToken).ConfigureAwait(false);
        var declared = context.DeclaredResourceType!.Permissions;
        return new ListResourcesReply(
            projects.Select(project => new AponoResource(project.Id, string.IsNullOrWhiteSpace(project.Name) ? project.Id : project.Name)
            {
                Metadata = Metadata(project),
            }),
            // Only the declared roles the app lists: a role it lists beyond those cannot be granted, so it is not offered.
            roles.Where(role => declared.Any(p => p.Id == role.Id))
                .Select(static role => new AponoPermission(role.Id, string.IsNullOrWhiteSpace(role.Name) ? role.Id : role.Name)));
    }

    public async Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var target = targets.Select(request.CustomParameters);
        await EnsureListedAsync(target, request, cancellationToken).ConfigureAwait(false);
        foreach (var project in request.Resources)
        {
            await client.AddRoleAsync(target, project, request.Username, request.Permission, cancellationToken).ConfigureAwait(false);
        }

        LogGranted(context.Logger, request.Permission, request.Resources.Count, request.Username, target.Name);
    }

    public async Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var target = targets.Select(request.CustomParameters);
        await EnsureListedAsync(target, request, cancellationToken).ConfigureAwait(false);
        foreach (var project in request.Resources)
        {
            await client.RemoveRoleAsync(target, project, request.Username, request.Permission, cancellationToken).ConfigureAwait(false);
        }

        LogRevoked(context.Logger, request.Permission, request.Resources.Count, request.Username, target.Name);
    }

    /// <summary>
    /// Acts only on projects and roles the app lists right now (what list-resources offered): the app may accept ids
    /// it does not list (archived projects, internal roles), and a grant on those is not one Apono offered.
    /// </summary>
    private async Task EnsureListedAsync(InternalAppTarget target, AccessRequest request, CancellationToken cancellationToken)
    {
        // Ids that cannot be path segments are refused before any call.
        foreach (var project in request.Resources)
        {
            _ = InternalAppClient.MemberRolePath(project, request.Username, request.Permission);
        }

        var projects = await client.ListProjectsAsync(target, cancellationToken).ConfigureAwait(false);
        var roles = await client.ListRolesAsync(target, cancellationToken).ConfigureAwait(false);
        if (!roles.Exists(role => role.Id == request.Permission))
        {
            throw new InvalidRequestException($"The internal app lists no role \"{request.Permission}\"; use a permission returned by list-resources.");
        }

        foreach (var project in request.Resources)
        {
            if (!projects.Exists(p => p.Id == project))
            {
                throw new ResourceNotFoundException($"The internal app lists no project \"{project}\"; use an id returned by list-resources.");
            }
        }
    }

    private static Dictionary<string, string> Metadata(Project project)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(project.Description))
        {
            metadata["description"] = project.Description;
        }

        if (!string.IsNullOrEmpty(project.Owner))
        {
            metadata["owner"] = project.Owner;
        }

        return metadata;
    }

    [LoggerMessage(LogLevel.Information, "Granted role {Role} in {ProjectCount} projects to {Username} in target {Target}")]
    private static partial void LogGranted(ILogger logger, string role, int projectCount, string username, string target);

    [LoggerMessage(LogLevel.Information, "Revoked role {Role} in {ProjectCount} projects from {Username} in target {Target}")]
    private static partial void LogRevoked(ILogger logger, string role, int projectCount, string username, string target);
}
