using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InternalAppAccess.Tests.Infrastructure;

/// <summary>
/// A small real internal app on Kestrel (a loopback address, free port) with the REST API the sample expects,
/// bearer-token authentication, its documented 404 bodies, and switches to fail (status codes), hang, redirect or
/// answer a bare 404 as a wrong path would, for the error and attack paths.
/// </summary>
public sealed class FakeInternalApp : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, byte> grants = new(StringComparer.Ordinal);
    private int failuresToServe;
    private int requestCount;
    private int abandonedRequests;

    private FakeInternalApp(WebApplication app, string token)
    {
        this.app = app;
        Token = token;
    }

    public string Token { get; }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Gets the projects <c>GET /api/projects</c> lists.</summary>
    public IReadOnlyDictionary<string, (string Name, string? Description, string? Owner)> Projects { get; } = new Dictionary<string, (string, string?, string?)>
    {
        ["payments"] = ("Payments", "Card payments service", "team-payments"),
        ["search"] = ("Search", null, null),
        ["ops/core tools"] = ("Ops core tools", "Internal tooling", "team-ops"),
    };

    /// <summary>Gets a project the app still accepts in PUT but no longer lists (archived).</summary>
    public string UnlistedProject { get; } = "archived-ledger";

    /// <summary>Gets or sets the roles <c>GET /api/roles</c> lists (and PUT accepts, with <see cref="UnlistedRole"/>).</summary>
    public IReadOnlyList<(string Id, string Name)> Roles { get; set; } = [("viewer", "Viewer"), ("editor", "Editor"), ("owner", "Owner")];

    /// <summary>Gets a role the app accepts in PUT but does not list (an internal one).</summary>
    public string UnlistedRole { get; } = "superuser";

    /// <summary>Gets or sets the status the next <see cref="FailuresToServe"/> requests get instead of an answer.</summary>
    public HttpStatusCode FailureStatus { get; set; } = HttpStatusCode.InternalServerError;

    public int FailuresToServe
    {
        get => Volatile.Read(ref failuresToServe);
        set => Volatile.Write(ref failuresToServe, value);
    }

    /// <summary>Gets or sets the only HTTP method that gets the failures (<see langword="null"/>: every method).</summary>
    public string? FailureMethod { get; set; }

    /// <summary>Gets or sets whether requests hang until the client gives up.</summary>
    public bool Hang { get; set; }

    /// <summary>Gets or sets where requests are redirected (307 with <c>Location</c> = this base + the same path), or <see langword="null"/>.</summary>
    public Uri? RedirectTo { get; set; }

    /// <summary>Gets or sets the methods that are redirected (<see langword="null"/>: every method).</summary>
    public IReadOnlySet<string>? RedirectMethods { get; set; }

    /// <summary>Gets or sets the redirect's status.</summary>
    public HttpStatusCode RedirectStatus { get; set; } = HttpStatusCode.TemporaryRedirect;

    /// <summary>Gets or sets methods answered 404 with an empty body before routing, as a wrong path or a proxy would.</summary>
    public IReadOnlySet<string> BareNotFoundMethods { get; set; } = new HashSet<string>();

    /// <summary>Gets or sets a JSON body for those 404s (<see langword="null"/>: empty), e.g. another app's error code.</summary>
    public string? BareNotFoundJson { get; set; }

    public int RequestCount => Volatile.Read(ref requestCount);

    /// <summary>Gets how many hanging requests ended because the client gave up on them (the request was aborted).</summary>
    public int AbandonedRequests => Volatile.Read(ref abandonedRequests);

    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public ConcurrentQueue<string> RequestPaths { get; } = new();

    /// <summary>Gets every role assignment the app holds, as <c>project/email/role</c>, for state checks.</summary>
    public IReadOnlyList<string> Assignments => grants.Keys.Select(static k => k.Replace('\n', '/')).Order(StringComparer.Ordinal).ToList();

    public bool HasRole(string project, string email, string role) => grants.ContainsKey(Key(project, email, role));

    /// <summary>Assigns a role directly in the app's state, as if granted earlier.</summary>
    public void Assign(string project, string email, string role) => grants.TryAdd(Key(project, email, role), 0);

    public static async Task<FakeInternalApp> StartAsync(string address = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{address}:0");
        builder.Logging.ClearProviders();
        var fake = new FakeInternalApp(builder.Build(), "tok-" + Guid.NewGuid().ToString("N"));
        fake.Map();
        await fake.app.StartAsync();
        fake.BaseUrl = new Uri(fake.app.Urls.Single() + "/");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static string Key(string project, string email, string role) => $"{project}\n{email}\n{role}";

    private static IResult Error(string code) => Results.Json(new Dictionary<string, string> { ["error"] = code }, statusCode: StatusCodes.Status404NotFound);

    private void Map()
    {
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref requestCount);
            var method = context.Request.Method;
            RequestPaths.Enqueue(method + " " + context.Request.Path.ToUriComponent());
            AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
                Interlocked.Increment(ref abandonedRequests);
                return;
            }

            if ((FailureMethod is null || FailureMethod == method) && Interlocked.Decrement(ref failuresToServe) >= 0)
            {
                context.Response.StatusCode = (int)FailureStatus;
                return;
            }

            if (RedirectTo is { } target && (RedirectMethods is null || RedirectMethods.Contains(method)))
            {
                context.Response.StatusCode = (int)RedirectStatus;
                context.Response.Headers.Location = new Uri(target, context.Request.Path.ToUriComponent().TrimStart('/')).ToString();
                return;
            }

            if (BareNotFoundMethods.Contains(method))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                if (BareNotFoundJson is { } json)
                {
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(json);
                }

                return;
            }

            if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });

        app.MapGet("/api/projects", () => Results.Text(
            System.Text.Json.JsonSerializer.Serialize(Projects.Select(static p => new Dictionary<string, string?>
            {
                ["id"] = p.Key,
                ["name"] = p.Value.Name,
                ["description"] = p.Value.Description,
                ["owner"] = p.Value.Owner,
            })),
            "application/json"));
        app.MapGet("/api/roles", () => Results.Text(
            System.Text.Json.JsonSerializer.Serialize(Roles.Select(static r => new Dictionary<string, string> { ["id"] = r.Id, ["name"] = r.Name })),
            "application/json"));
        app.MapPut("/api/projects/{project}/members/{email}/roles/{role}", (string project, string email, string role) =>
        {
            project = Uri.UnescapeDataString(project);
            if (!Projects.ContainsKey(project) && project != UnlistedProject)
            {
                return Error("project_not_found");
            }

            if (!Roles.Any(r => r.Id == role) && role != UnlistedRole)
            {
                return Error("role_not_found");
            }

            grants.TryAdd(Key(project, email, role), 0);
            return Results.NoContent();
        });
        app.MapDelete("/api/projects/{project}/members/{email}/roles/{role}", (string project, string email, string role) =>
            grants.TryRemove(Key(Uri.UnescapeDataString(project), email, role), out _) ? Results.NoContent() : Error("role_not_assigned"));
    }
}
