using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Secrets;
using InternalAppAccess.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InternalAppAccess;

/// <summary>
/// Manages access to an internal web app over its REST API: one resource type, <see cref="ResourceType"/>, whose
/// resources are the app's projects and whose permissions are the app's roles <c>viewer</c>, <c>editor</c> and
/// <c>owner</c>; its handler, <see cref="InternalAppProjects"/>, adds a user's role in each project on a grant and
/// removes it on a revoke.
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
/// The SDK refuses another <c>resource_type</c> and a role not declared here before any call to the app.
/// </para>
/// <para>
/// Not sealed, so that a test can derive from it and replace a service after <see cref="ConfigureServices"/> (the
/// sample's tests replace the secrets reader that way).
/// </para>
/// </remarks>
public partial class InternalAppAccessFunction : AponoIntegrationFunction
{
    /// <summary>The resource type this function serves: the Apono integration's connected resource type.</summary>
    public const string ResourceType = "internal-app";

    /// <summary>The app's roles this integration grants. A role the app lists beyond these is not offered.</summary>
    protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) =>
        resourceTypes.Add<InternalAppProjects>(ResourceType, type => type
            .WithPermission("viewer", "Viewer")
            .WithPermission("editor", "Editor")
            .WithPermission("owner", "Owner"));

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
        services.AddScoped<InternalAppStatus>();
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

    /// <summary>Answers <c>active</c> only when the app answers an authenticated request.</summary>
    /// <remarks>
    /// get-status is a function-level event: the SDK builds no handler for it, so this is the one place the sample
    /// takes a service from the invocation's scope instead of a constructor.
    /// </remarks>
    protected override Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        context.Services.GetRequiredService<InternalAppStatus>().CheckAsync(request, cancellationToken);
}
