using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Tests.TestSupport;

/// <summary>
/// A stand-in for the AWS Parameters and Secrets Lambda Extension on 127.0.0.1, built from AWS's documentation of its
/// local HTTP interface (not from the extension itself): <c>GET /secretsmanager/get?secretId=&amp;versionStage=</c>
/// answers Secrets Manager's <c>GetSecretValue</c> JSON, <c>GET /systemsmanager/parameters/get?name=&amp;withDecryption=</c>
/// answers SSM's <c>GetParameter</c> JSON, and both require <c>X-Aws-Parameters-Secrets-Token</c> to equal the session
/// token (401 otherwise). An unknown id answers 404. Faults queued with <see cref="Enqueue"/> answer the next requests.
/// </summary>
internal sealed class FakeSecretsExtension : IAsyncDisposable
{
    public const string SessionToken = "fake-session-token-7f3a";
    public const string NotReadyBody = "not ready to serve traffic, please wait";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Fault> faults = new();
    private readonly ConcurrentQueue<string> requests = new();
    private int requestCount;

    private FakeSecretsExtension(WebApplication app) => this.app = app;

    /// <summary>Gets the Secrets Manager secrets by id: a text (<c>SecretString</c>) or, prefixed <c>binary:</c>, Base64 (<c>SecretBinary</c>).</summary>
    public ConcurrentDictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the secret values by <c>id|versionStage</c>, for requests that name a stage.</summary>
    public ConcurrentDictionary<string, string> StagedSecrets { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the SSM parameters by name; SecureString ones are only returned with <c>withDecryption=true</c>.</summary>
    public ConcurrentDictionary<string, (string Value, bool Secure)> Parameters { get; } = new(StringComparer.Ordinal);

    public int Port { get; private set; }

    public int RequestCount => Volatile.Read(ref requestCount);

    /// <summary>Gets each request's path and query, in order.</summary>
    public IReadOnlyCollection<string> Requests => requests;

    /// <summary>Gets or sets a gate every request waits on before it is answered (to hold concurrent callers).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public static async Task<FakeSecretsExtension> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var fake = new FakeSecretsExtension(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        fake.Port = address.Port;
        return fake;
    }

    /// <summary>Answers the next request with a status and body, or (with <paramref name="delay"/>) after a wait; <see cref="Timeout.InfiniteTimeSpan"/> never answers.</summary>
    public void Enqueue(int status, string body = "", TimeSpan? delay = null) => faults.Enqueue(new Fault(status, body, delay));

    /// <summary>Answers the next request normally, after <paramref name="delay"/>.</summary>
    public void EnqueueSlow(TimeSpan delay) => faults.Enqueue(new Fault(0, "", delay));

    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requestCount);
        requests.Enqueue(context.Request.Path + context.Request.QueryString);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(context.RequestAborted);
        }

        if (faults.TryDequeue(out var fault))
        {
            if (fault.Delay is { } delay)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            if (fault.Status != 0)
            {
                await WriteAsync(context, fault.Status, fault.Body);
                return;
            }
        }

        if (!string.Equals(context.Request.Headers["X-Aws-Parameters-Secrets-Token"], SessionToken, StringComparison.Ordinal))
        {
            await WriteAsync(context, 401, "Unauthorized: missing or wrong X-Aws-Parameters-Secrets-Token");
            return;
        }

        if (context.Request.Method != HttpMethods.Get)
        {
            await WriteAsync(context, 405, "");
            return;
        }

        var query = context.Request.Query;
        switch (context.Request.Path.Value)
        {
            case "/secretsmanager/get":
                var id = query["secretId"].ToString();
                var stage = query["versionStage"].ToString();
                if (id.Length == 0)
                {
                    await WriteAsync(context, 400, "secretId is required");
                    return;
                }

                var found = stage.Length == 0 ? Secrets.TryGetValue(id, out var secret) : StagedSecrets.TryGetValue(id + "|" + stage, out secret);
                if (!found)
                {
                    await WriteAsync(context, 404, "ResourceNotFoundException: Secrets Manager can't find the specified secret.");
                    return;
                }

                await WriteJsonAsync(context, writer =>
                {
                    writer.WriteString("ARN", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:" + id);
                    writer.WriteString("Name", id);
                    writer.WriteString(secret!.StartsWith("binary:", StringComparison.Ordinal) ? "SecretBinary" : "SecretString",
                        secret.StartsWith("binary:", StringComparison.Ordinal) ? secret["binary:".Length..] : secret);
                    writer.WriteString("VersionId", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
                    writer.WriteStartArray("VersionStages");
                    writer.WriteStringValue(stage.Length == 0 ? "AWSCURRENT" : stage);
                    writer.WriteEndArray();
                });
                return;
            case "/systemsmanager/parameters/get":
                var name = query["name"].ToString();
                if (name.Length == 0)
                {
                    await WriteAsync(context, 400, "name is required");
                    return;
                }

                if (!Parameters.TryGetValue(name, out var parameter))
                {
                    await WriteAsync(context, 404, "ParameterNotFound");
                    return;
                }

                var decrypt = string.Equals(query["withDecryption"], "true", StringComparison.OrdinalIgnoreCase);
                await WriteJsonAsync(context, writer =>
                {
                    writer.WriteStartObject("Parameter");
                    writer.WriteString("Name", name);
                    writer.WriteString("Type", parameter.Secure ? "SecureString" : "String");
                    writer.WriteString("Value", parameter.Secure && !decrypt ? "AQICAHh-encrypted-blob" : parameter.Value);
                    writer.WriteNumber("Version", 1);
                    writer.WriteEndObject();
                    writer.WriteStartObject("ResultMetadata");
                    writer.WriteEndObject();
                });
                return;
            default:
                await WriteAsync(context, 404, "");
                return;
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(body);
    }

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> members)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    private sealed record Fault(int Status, string Body, TimeSpan? Delay);
}
