using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;
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
/// </remarks>
public sealed partial class InternalAppAccessFunction : AponoIntegrationFunction
{
    protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        var options = InternalAppOptions.Read(configuration);

        // Polly's retry events quote the failure ("Connection refused (host:port)"), and HttpClient's handlers log
        // every URL: parts of custom_parameters.base_url the SDK's scrubber cannot match whole. Errors carry what
        // matters (method, path, status, attempts), so these categories are kept out of the log.
        services.Configure<LoggerFilterOptions>(filters =>
        {
            filters.AddFilter("Polly", LogLevel.None);
            filters.AddFilter("System.Net.Http.HttpClient", LogLevel.None);
        });
        services.AddSingleton(options);
        services.AddSingleton<InternalAppClient>();
        services.AddHttpClient(InternalAppClient.HttpClientName, client =>
            {
                // The resilience handler's total timeout fires first; this only backs it up.
                client.Timeout = options.TotalTimeout + TimeSpan.FromSeconds(5);
            })
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

    protected override async Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context)
    {
        var (client, settings) = Resolve(request, context);
        var projects = await client.ListProjectsAsync(settings, context.CancellationToken).ConfigureAwait(false);
        var roles = await client.ListRolesAsync(settings, context.CancellationToken).ConfigureAwait(false);
        return new ListResourcesReply(
            projects.Select(project => new AponoResource(project.Id, string.IsNullOrWhiteSpace(project.Name) ? project.Id : project.Name)
            {
                Type = request.ResourceType,
                Metadata = Metadata(project),
            }),
            roles.Select(static role => new AponoPermission(role.Id, string.IsNullOrWhiteSpace(role.Name) ? role.Id : role.Name)));
    }

    protected override async Task<OkReply> GrantAccessAsync(GrantAccessRequest request, InvocationContext context)
    {
        var (client, settings) = Resolve(request, context);
        foreach (var project in request.Resources)
        {
            await client.AddRoleAsync(settings, project, request.Username, request.Permission, context.CancellationToken).ConfigureAwait(false);
        }

        LogGranted(context.Logger, request.Permission, request.Resources.Count, request.Username);
        return OkReply.Instance;
    }

    protected override async Task<OkReply> RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context)
    {
        var (client, settings) = Resolve(request, context);
        foreach (var project in request.Resources)
        {
            await client.RemoveRoleAsync(settings, project, request.Username, request.Permission, context.CancellationToken).ConfigureAwait(false);
        }

        LogRevoked(context.Logger, request.Permission, request.Resources.Count, request.Username);
        return OkReply.Instance;
    }

    /// <summary>Answers <c>active</c> only when the app answers an authenticated request.</summary>
    protected override async Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context)
    {
        var (client, settings) = Resolve(request, context);
        await client.ListRolesAsync(settings, context.CancellationToken).ConfigureAwait(false);
        return StatusReply.Active;
    }

    private static (InternalAppClient Client, InternalAppSettings Settings) Resolve(AponoRequest request, InvocationContext context) =>
        (context.Services.GetRequiredService<InternalAppClient>(),
         InternalAppSettings.Read(request.CustomParameters, context.Services.GetRequiredService<IConfiguration>()));

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

    [LoggerMessage(LogLevel.Information, "Granted role {Role} in {ProjectCount} projects to {Username}")]
    private static partial void LogGranted(ILogger logger, string role, int projectCount, string username);

    [LoggerMessage(LogLevel.Information, "Revoked role {Role} in {ProjectCount} projects from {Username}")]
    private static partial void LogRevoked(ILogger logger, string role, int projectCount, string username);
}
