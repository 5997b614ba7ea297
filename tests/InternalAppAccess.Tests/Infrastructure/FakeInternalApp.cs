using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InternalAppAccess.Tests.Infrastructure;

/// <summary>
/// A small real internal app on Kestrel (127.0.0.1, free port) with the REST API the sample expects, bearer-token
/// authentication, and switches to fail (status codes) or hang, for the error paths.
/// </summary>
public sealed class FakeInternalApp : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, byte> grants = new(StringComparer.Ordinal);
    private int failuresToServe;
    private int requestCount;

    private FakeInternalApp(WebApplication app, string token)
    {
        this.app = app;
        Token = token;
    }

    public string Token { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyDictionary<string, (string Name, string? Description, string? Owner)> Projects { get; } = new Dictionary<string, (string, string?, string?)>
    {
        ["payments"] = ("Payments", "Card payments service", "team-payments"),
        ["search"] = ("Search", null, null),
        ["ops/core tools"] = ("Ops core tools", "Internal tooling", "team-ops"),
    };

    public IReadOnlyList<(string Id, string Name)> Roles { get; } = [("viewer", "Viewer"), ("editor", "Editor"), ("owner", "Owner")];

    /// <summary>Gets or sets the status the next <see cref="FailuresToServe"/> requests get instead of an answer.</summary>
    public HttpStatusCode FailureStatus { get; set; } = HttpStatusCode.InternalServerError;

    public int FailuresToServe
    {
        get => Volatile.Read(ref failuresToServe);
        set => Volatile.Write(ref failuresToServe, value);
    }

    /// <summary>Gets or sets whether requests hang until the client gives up.</summary>
    public bool Hang { get; set; }

    public int RequestCount => Volatile.Read(ref requestCount);

    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public ConcurrentQueue<string> RequestPaths { get; } = new();

    public bool HasRole(string project, string email, string role) => grants.ContainsKey(Key(project, email, role));

    public static async Task<FakeInternalApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
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

    private void Map()
    {
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref requestCount);
            RequestPaths.Enqueue(context.Request.Method + " " + context.Request.Path.ToUriComponent());
            AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
                return;
            }

            if (Interlocked.Decrement(ref failuresToServe) >= 0)
            {
                context.Response.StatusCode = (int)FailureStatus;
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
            if (!Projects.ContainsKey(project) || !Roles.Any(r => r.Id == role))
            {
                return Results.NotFound();
            }

            grants.TryAdd(Key(project, email, role), 0);
            return Results.NoContent();
        });
        app.MapDelete("/api/projects/{project}/members/{email}/roles/{role}", (string project, string email, string role) =>
            grants.TryRemove(Key(Uri.UnescapeDataString(project), email, role), out _) ? Results.NoContent() : Results.NotFound());
    }
}
