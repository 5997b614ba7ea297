using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Secrets;
using InternalAppAccess.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InternalAppAccess;

/// <summary>
/// Manages access to an internal web app over its REST API: its projects are the resources, its roles the
/// permissions; a grant adds the user's role in each project and a revoke removes it.
/// </summary>
/// <remarks>
/// Calls go through <see cref="IHttpClientFactory"/> with the standard resilience handler: a timeout per attempt,
/// retries with exponential back-off on connection errors, timeouts, 408, 429 and 5xx, and a total timeout
/// (see <see cref="InternalAppOptions"/>). PUT and DELETE are idempotent in the app, so retries and Apono's repeated
/// deliveries are safe.
/// <para>
/// Trust model (docs/security.md): the apps it may call, their URLs and their token secrets are deploy-time
/// configuration (<see cref="InternalAppTargets"/>); an invocation only selects one by name with
/// <c>custom_parameters.target</c>. Redirects are errors, a revoke's 404 counts as "already gone" only with the app's
/// documented <c>role_not_assigned</c> body, and grants and revokes act only on projects and roles the app lists.
/// </para>
/// <para>
/// Not sealed, so that a test can derive from it and replace a service after <see cref="ConfigureServices"/> (the
/// sample's tests replace the secrets reader that way).
/// </para>
/// </remarks>
public partial class InternalAppAccessFunction : AponoIntegrationFunction
{
    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        var options = InternalAppOptions.Read(configuration);

        // Polly's retry events quote the failure ("Connection refused (host:port)"), and HttpClient's handlers log
        // every URL: the hosts of the configured targets stay out of the log. Errors carry what matters (target,
        // method, path, status, attempts), so these categories are kept out of the log.
        services.Configure<LoggerFilterOptions>(filters =>
        {
            filters.AddFilter("Polly", LogLevel.None);
            filters.AddFilter("System.Net.Http.HttpClient", LogLevel.None);
        });
        services.AddSingleton(options);
        services.AddSingleton(InternalAppTargets.Read(configuration));
        // The app's token: read at run time from the deploy-time secret each target names (never from an event).
        services.AddAponoSecrets();
        services.AddSingleton<InternalAppClient>();
        services.AddHttpClient(InternalAppClient.HttpClientName, client =>
            {
                // The resilience handler's total timeout fires first; this only backs it up.
                client.Timeout = options.TotalTimeout + TimeSpan.FromSeconds(5);
            })
            // A redirect is answered as an error, never followed: following it would send the token to wherever the
            // Location points and report the other side's answer as the app's.
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
                resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts);
                resilience.Retry.Delay = options.RetryDelay;
                resilience.Retry.UseJitter = true;

                // The circuit breaker's sampling window must be at least twice the attempt timeout.
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.AttemptTimeout.Ticks * 2));
            });
    }

    protected override async Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var (client, target) = Resolve(request, context);
        var projects = await client.ListProjectsAsync(target, cancellationToken).ConfigureAwait(false);
        var roles = await client.ListRolesAsync(target, cancellationToken).ConfigureAwait(false);
        return new ListResourcesReply(
            projects.Select(project => new AponoResource(project.Id, string.IsNullOrWhiteSpace(project.Name) ? project.Id : project.Name)
            {
                Type = request.ResourceType,
                Metadata = Metadata(project),
            }),
            roles.Select(static role => new AponoPermission(role.Id, string.IsNullOrWhiteSpace(role.Name) ? role.Id : role.Name)));
    }

    protected override async Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var (client, target) = Resolve(request, context);
        await EnsureListedAsync(client, target, request, cancellationToken).ConfigureAwait(false);
        foreach (var project in request.Resources)
        {
            await client.AddRoleAsync(target, project, request.Username, request.Permission, cancellationToken).ConfigureAwait(false);
        }

        LogGranted(context.Logger, request.Permission, request.Resources.Count, request.Username, target.Name);
    }

    protected override async Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var (client, target) = Resolve(request, context);
        await EnsureListedAsync(client, target, request, cancellationToken).ConfigureAwait(false);
        foreach (var project in request.Resources)
        {
            await client.RemoveRoleAsync(target, project, request.Username, request.Permission, cancellationToken).ConfigureAwait(false);
        }

        LogRevoked(context.Logger, request.Permission, request.Resources.Count, request.Username, target.Name);
    }

    /// <summary>Answers <c>active</c> only when the app answers an authenticated request.</summary>
    protected override async Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken)
    {
        var (client, target) = Resolve(request, context);
        await client.ListRolesAsync(target, cancellationToken).ConfigureAwait(false);
        return StatusReply.Active;
    }

    private static (InternalAppClient Client, InternalAppTarget Target) Resolve(AponoRequest request, InvocationContext context) =>
        (context.Services.GetRequiredService<InternalAppClient>(),
         context.Services.GetRequiredService<InternalAppTargets>().Select(request.CustomParameters));

    /// <summary>
    /// Acts only on projects and roles the app lists right now (what list-resources offered): the app may accept ids
    /// it does not list (archived projects, internal roles), and a grant on those is not one Apono offered.
    /// </summary>
    private static async Task EnsureListedAsync(InternalAppClient client, InternalAppTarget target, AccessRequest request, CancellationToken cancellationToken)
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
