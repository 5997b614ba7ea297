using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;
using Apono.Integration.Sdk.Errors;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace InternalAppAccess.Client;

/// <summary>
/// The internal app's REST API, through the named <see cref="HttpClient"/> <see cref="HttpClientName"/>
/// (timeouts and retries come from its resilience handler):
/// <list type="bullet">
/// <item><c>GET /api/projects</c> → <c>[{ "id", "name", "description"?, "owner"? }]</c></item>
/// <item><c>GET /api/roles</c> → <c>[{ "id", "name" }]</c></item>
/// <item><c>PUT /api/projects/{project}/members/{email}/roles/{role}</c> → 2xx, also when already there; 404 for an unknown project or role</item>
/// <item><c>DELETE /api/projects/{project}/members/{email}/roles/{role}</c> → 2xx, or 404 when there is nothing to remove</item>
/// </list>
/// Every request carries <c>Authorization: Bearer &lt;token&gt;</c>. Error messages name the app, the method, the
/// path and the status, never the base URL's host nor the token.
/// </summary>
internal sealed class InternalAppClient(IHttpClientFactory httpClientFactory, InternalAppOptions options)
{
    public const string HttpClientName = "internal-app";

    public Task<List<Project>> ListProjectsAsync(InternalAppSettings settings, CancellationToken cancellationToken) =>
        GetAsync(settings, "api/projects", InternalAppJsonContext.Default.ListProject, cancellationToken);

    public Task<List<ProjectRole>> ListRolesAsync(InternalAppSettings settings, CancellationToken cancellationToken) =>
        GetAsync(settings, "api/roles", InternalAppJsonContext.Default.ListProjectRole, cancellationToken);

    /// <exception cref="ResourceNotFoundException">The app knows no such project or role.</exception>
    public async Task AddRoleAsync(InternalAppSettings settings, string projectId, string email, string role, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(settings, HttpMethod.Put, MemberRolePath(projectId, email, role), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ResourceNotFoundException($"The internal app has no project \"{projectId}\" or no role \"{role}\" (404 NotFound to PUT /api/projects/…/roles/…).");
        }
    }

    /// <summary>Removes the role; a 404 means there is nothing to remove, which is what a repeated revoke expects.</summary>
    public async Task RemoveRoleAsync(InternalAppSettings settings, string projectId, string email, string role, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(settings, HttpMethod.Delete, MemberRolePath(projectId, email, role), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the path from escaped segments; ids that would be dot segments (<c>.</c>, <c>..</c>) are refused.</summary>
    private static string MemberRolePath(string projectId, string email, string role) =>
        $"api/projects/{Segment(projectId, "resource")}/members/{Segment(email, "username")}/roles/{Segment(role, "permission")}";

    private static string Segment(string value, string field)
    {
        if (value.Length == 0 || value is "." or ".." || value.Length > 256)
        {
            throw field == "resource"
                ? new ResourceNotFoundException($"Unknown resource id \"{value}\"; use an id returned by list-resources.")
                : new InvalidRequestException($"The {field} \"{value}\" cannot name an internal app object.");
        }

        return Uri.EscapeDataString(value);
    }

    private async Task<List<T>> GetAsync<T>(InternalAppSettings settings, string path, JsonTypeInfo<List<T>> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(settings, HttpMethod.Get, path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidRequestException($"The internal app answered 404 NotFound to GET /{path}; check custom_parameters.base_url.");
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await System.Text.Json.JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                       ?? throw new InvalidRequestException($"The internal app answered null to GET /{path}.");
            }
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidRequestException($"The internal app answered GET /{path} with JSON this integration cannot read (at {ex.Path}).", ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(InternalAppSettings settings, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(method, new Uri(settings.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var what = $"{method} /{path}";
        var attempts = options.MaxRetryAttempts + 1;

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientException($"The internal app is unreachable ({ex.HttpRequestError}) for {what} after {attempts} attempts; retry later.", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TransientException($"The internal app did not answer {what} within {options.TotalTimeout.TotalSeconds:0.###} s (attempts time out after {options.AttemptTimeout.TotalSeconds:0.###} s); retry later.", ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new TransientException($"Calls to the internal app are paused after repeated failures ({what}); retry later.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientException($"The internal app did not answer {what} in time; retry later.", ex);
        }

        var status = response.StatusCode;
        if (response.IsSuccessStatusCode || status == HttpStatusCode.NotFound)
        {
            return response;
        }

        response.Dispose();
        var code = $"{(int)status} {status}";
        throw status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new InvalidRequestException(
                $"The internal app refused the token ({code} to {what}); check the token in the environment variable named by custom_parameters.token_env."),
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError => new TransientException(
                $"The internal app answered {code} to {what} after {attempts} attempts; retry later."),
            _ => new InvalidRequestException($"The internal app refused {what} with {code}."),
        };
    }
}
