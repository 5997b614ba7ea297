using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Secrets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace InternalAppAccess.Client;

/// <summary>
/// The internal app's REST API, through the named <see cref="HttpClient"/> <see cref="HttpClientName"/>
/// (timeouts and retries come from its resilience handler; redirects are never followed):
/// <list type="bullet">
/// <item><c>GET /api/projects</c> → <c>[{ "id", "name", "description"?, "owner"? }]</c></item>
/// <item><c>GET /api/roles</c> → <c>[{ "id", "name" }]</c></item>
/// <item><c>PUT /api/projects/{project}/members/{email}/roles/{role}</c> → 2xx, also when already there; 404
/// <c>{"error":"project_not_found"}</c> or <c>{"error":"role_not_found"}</c></item>
/// <item><c>DELETE /api/projects/{project}/members/{email}/roles/{role}</c> → 2xx, or 404
/// <c>{"error":"role_not_assigned"}</c> when there is nothing to remove</item>
/// </list>
/// Every request carries <c>Authorization: Bearer &lt;token&gt;</c>, the token read through <see cref="IAponoSecrets"/>
/// from the target's deploy-time secret. Error messages name the app, the target, the method, the path and the
/// status, never the base URL's host, a redirect's <c>Location</c> nor the token.
/// </summary>
internal sealed class InternalAppClient(IHttpClientFactory httpClientFactory, InternalAppOptions options, IAponoSecrets secrets)
{
    public const string HttpClientName = "internal-app";

    /// <summary>The only 404 body that means a revoke has nothing left to do.</summary>
    public const string RoleNotAssigned = "role_not_assigned";

    // Enough for the documented error bodies; a longer 404 body is not one of them.
    private const int MaxErrorBodyBytes = 4096;

    public Task<List<Project>> ListProjectsAsync(InternalAppTarget target, CancellationToken cancellationToken) =>
        GetAsync(target, "api/projects", InternalAppJsonContext.Default.ListProject, cancellationToken);

    public Task<List<ProjectRole>> ListRolesAsync(InternalAppTarget target, CancellationToken cancellationToken) =>
        GetAsync(target, "api/roles", InternalAppJsonContext.Default.ListProjectRole, cancellationToken);

    /// <exception cref="ResourceNotFoundException">The app answered its documented 404 for an unknown project or role.</exception>
    /// <exception cref="InvalidRequestException">Any other 404, a redirect, or another refusal.</exception>
    public async Task AddRoleAsync(InternalAppTarget target, string projectId, string email, string role, CancellationToken cancellationToken)
    {
        var path = MemberRolePath(projectId, email, role);
        using var response = await SendAsync(target, HttpMethod.Put, path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var error = await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false);
            throw error is "project_not_found" or "role_not_found"
                ? new ResourceNotFoundException($"The internal app has no project \"{projectId}\" or no role \"{role}\" any more ({error} to PUT /api/projects/…/roles/…).")
                : UndocumentedNotFound(target, "PUT");
        }
    }

    /// <summary>
    /// Removes the role. Only the documented 404 <c>{"error":"role_not_assigned"}</c> from this endpoint means there
    /// is nothing to remove (what a repeated revoke expects); any other 404 (a wrong path, a proxy, another app) is an
    /// error, because nothing says the role is gone.
    /// </summary>
    public async Task RemoveRoleAsync(InternalAppTarget target, string projectId, string email, string role, CancellationToken cancellationToken)
    {
        var path = MemberRolePath(projectId, email, role);
        using var response = await SendAsync(target, HttpMethod.Delete, path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound
            && await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false) != RoleNotAssigned)
        {
            throw UndocumentedNotFound(target, "DELETE");
        }
    }

    /// <summary>Builds the path from escaped segments; ids that would be dot segments (<c>.</c>, <c>..</c>) are refused.</summary>
    internal static string MemberRolePath(string projectId, string email, string role) =>
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

    private static InvalidRequestException UndocumentedNotFound(InternalAppTarget target, string method) => new(
        $"The internal app answered 404 NotFound to {method} /api/projects/…/roles/… without a documented error code, so nothing is known to have changed; check {InternalAppTargets.Section}:Targets:{target.Name}:BaseUrl.");

    /// <summary>
    /// The status's RFC name as one word; <see cref="HttpStatusCode"/> has two names for 300, 301, 302, 303 and 307
    /// and its <c>ToString</c> may print either. The server's reason phrase is never used: the server chooses it.
    /// </summary>
    private static string StatusName(HttpStatusCode status) => (int)status switch
    {
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        307 => "TemporaryRedirect",
        _ => status.ToString(),
    };

    /// <summary>Reads the <c>error</c> code of a small JSON 404 body (at most 4 KiB); anything else gives <see langword="null"/>.</summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json"
            || response.Content.Headers.ContentLength > MaxErrorBodyBytes)
        {
            return null;
        }

        try
        {
            // Chunked bodies have no Content-Length: read at most one byte past the limit.
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxErrorBodyBytes + 1];
                var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return length <= MaxErrorBodyBytes
                    ? JsonSerializer.Deserialize(buffer.AsSpan(0, length), InternalAppJsonContext.Default.AppError)?.Error
                    : null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<List<T>> GetAsync<T>(InternalAppTarget target, string path, JsonTypeInfo<List<T>> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(target, HttpMethod.Get, path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidRequestException($"The internal app answered 404 NotFound to GET /{path}; check {InternalAppTargets.Section}:Targets:{target.Name}:BaseUrl.");
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                       ?? throw new InvalidRequestException($"The internal app answered null to GET /{path}.");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException($"The internal app answered GET /{path} with JSON this integration cannot read (at {ex.Path}).", ex);
        }
    }

    /// <summary>Sends one request; 2xx and 404 come back to the caller, every other status is an exception.</summary>
    private async Task<HttpResponseMessage> SendAsync(InternalAppTarget target, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var token = await secrets.GetAsync(target.TokenSecret, cancellationToken).ConfigureAwait(false);
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(method, new Uri(target.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var what = $"{method} /{path}";
        // The standard resilience handler needs at least one retry (see ConfigureServices).
        var attempts = Math.Max(1, options.MaxRetryAttempts) + 1;

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
        var code = $"{(int)status} {StatusName(status)}";
        throw (int)status switch
        {
            // Redirects are not followed (AllowAutoRedirect = false): the target is what the deploy configured, and a
            // redirect elsewhere (another host, another app) would carry the token there and answer for the wrong app.
            >= 300 and < 400 => new InvalidRequestException(
                $"The internal app answered {code} to {what}; redirects are not followed, so nothing was done. Point {InternalAppTargets.Section}:Targets:{target.Name}:BaseUrl at the app's API itself."),
            401 or 403 => new InvalidRequestException(
                $"The internal app refused the token ({code} to {what}); check the secret named by {InternalAppTargets.Section}:Targets:{target.Name}:TokenSecret."),
            408 or 429 or >= 500 => new TransientException(
                $"The internal app answered {code} to {what} after {attempts} attempts; retry later."),
            _ => new InvalidRequestException($"The internal app refused {what} with {code}."),
        };
    }
}
