using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Tests.Hosting;

/// <summary>
/// A Lambda Runtime API (2018-06-01) on 127.0.0.1 for tests: queues events, records every answer and can inject faults
/// into <c>/next</c> and into the answer endpoints. Also linked into the Native AOT smoke tool.
/// </summary>
internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";

    private readonly WebApplication app;
    private readonly Channel<QueuedEvent> events = Channel.CreateUnbounded<QueuedEvent>();
    private readonly Channel<RecordedAnswer> answerFeed = Channel.CreateUnbounded<RecordedAnswer>();
    private readonly ConcurrentQueue<NextFault> nextFaults = new();
    private readonly ConcurrentDictionary<string, int> answerCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedAnswer> answers = new();
    private readonly ConcurrentQueue<RecordedAnswer> initErrors = new();
    private readonly ConcurrentDictionary<string, byte> fetched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> deadlines = new(StringComparer.Ordinal);
    private int nextRequests;

    private FakeRuntimeApi(WebApplication app, TimeProvider clock, bool recordBodies)
    {
        this.app = app;
        Clock = clock;
        RecordBodies = recordBodies;
    }

    /// <summary>Gets the <c>host:port</c> to put in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Gets the clock that deadlines are computed from.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Gets whether answer bodies are kept (off for load tests).</summary>
    public bool RecordBodies { get; }

    /// <summary>Gets or sets the status each answer receives; 202 Accepted, as Lambda answers, unless a test rejects some.</summary>
    public Func<RecordedAnswer, int> AnswerStatus { get; set; } = static _ => 202;

    public int NextRequests => Volatile.Read(ref nextRequests);

    public IReadOnlyCollection<string> FetchedIds => (IReadOnlyCollection<string>)fetched.Keys;

    public IReadOnlyDictionary<string, int> AnswerCounts => answerCounts;

    /// <summary>Gets the deadline sent with each fetched event (<c>Lambda-Runtime-Deadline-Ms</c>), by request id.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Deadlines => deadlines;

    public IReadOnlyCollection<RecordedAnswer> Answers => answers;

    public IReadOnlyCollection<RecordedAnswer> InitErrors => initErrors;

    public static async Task<FakeRuntimeApi> StartAsync(TimeProvider? clock = null, bool recordBodies = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var server = new FakeRuntimeApi(app, clock ?? TimeProvider.System, recordBodies);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        server.Endpoint = $"127.0.0.1:{address.Port}";
        return server;
    }

    /// <summary>Queues an event; returns its request id.</summary>
    public string Enqueue(string body, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var id = Guid.NewGuid().ToString();
        if (!events.Writer.TryWrite(new QueuedEvent(id, Encoding.UTF8.GetBytes(body), timeout ?? TimeSpan.FromMinutes(5), headers)))
        {
            throw new InvalidOperationException("The event queue is closed.");
        }

        return id;
    }

    /// <summary>Makes the next call(s) to <c>/next</c> fail, in the order given.</summary>
    public void InjectNextFault(NextFault fault) => nextFaults.Enqueue(fault);

    /// <summary>Waits for <paramref name="count"/> more answers (response or error), in arrival order.</summary>
    public async Task<IReadOnlyList<RecordedAnswer>> WaitForAnswersAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var received = new List<RecordedAnswer>(count);
        try
        {
            while (received.Count < count)
            {
                received.Add(await answerFeed.Reader.ReadAsync(cts.Token));
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Only {received.Count} of {count} answers arrived within {timeout}.");
        }

        return received;
    }

    public async ValueTask DisposeAsync()
    {
        events.Writer.TryComplete();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var route = path[Prefix.Length..];
        if (HttpMethods.IsGet(context.Request.Method) && route == "invocation/next")
        {
            await NextAsync(context);
        }
        else if (HttpMethods.IsPost(context.Request.Method) && route == "init/error")
        {
            var answer = await RecordAsync(context, "init-error", requestId: "");
            initErrors.Enqueue(answer);
            context.Response.StatusCode = 202;
        }
        else if (HttpMethods.IsPost(context.Request.Method) && route.StartsWith("invocation/", StringComparison.Ordinal)
                 && route.Split('/') is [_, var id, ("response" or "error") and var kind])
        {
            var answer = await RecordAsync(context, kind, Uri.UnescapeDataString(id));
            answerCounts.AddOrUpdate(answer.RequestId, 1, static (_, n) => n + 1);
            if (RecordBodies)
            {
                answers.Enqueue(answer);
            }

            context.Response.StatusCode = AnswerStatus(answer);
            answerFeed.Writer.TryWrite(RecordBodies ? answer : answer with { Body = "" });
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private async Task NextAsync(HttpContext context)
    {
        Interlocked.Increment(ref nextRequests);
        if (nextFaults.TryDequeue(out var fault))
        {
            switch (fault.Kind)
            {
                case NextFaultKind.Status:
                    context.Response.StatusCode = fault.StatusCode;
                    await context.Response.WriteAsync("""{"errorMessage":"injected","errorType":"InjectedFault"}""");
                    return;
                case NextFaultKind.Reset:
                    context.Abort();
                    return;
                case NextFaultKind.Delay:
                    await Task.Delay(fault.Delay, context.RequestAborted);
                    break;
            }
        }

        QueuedEvent queued;
        try
        {
            queued = await events.Reader.ReadAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            context.Abort();
            return;
        }

        fetched.TryAdd(queued.RequestId, 0);
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = queued.RequestId;
        var deadline = Clock.GetUtcNow() + queued.Timeout;
        deadlines[queued.RequestId] = deadline;
        headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:quickstart";
        headers["Lambda-Runtime-Trace-Id"] = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        foreach (var (name, value) in queued.Headers ?? new Dictionary<string, string>())
        {
            headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(queued.Body);
    }

    private async Task<RecordedAnswer> RecordAsync(HttpContext context, string kind, string requestId)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        return new RecordedAnswer(
            requestId,
            kind,
            context.Request.ContentType,
            context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault(),
            body,
            Clock.GetUtcNow())
        {
            Headers = context.Request.Headers.ToDictionary(static h => h.Key, static h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        };
    }

    private sealed record QueuedEvent(string RequestId, byte[] Body, TimeSpan Timeout, IReadOnlyDictionary<string, string>? Headers);
}

/// <summary>An answer the function posted: <c>response</c>, <c>error</c> or <c>init-error</c>.</summary>
internal sealed record RecordedAnswer(string RequestId, string Kind, string? ContentType, string? ErrorTypeHeader, string Body, DateTimeOffset ReceivedAt)
{
    /// <summary>Gets every header of the answer's request as Kestrel parsed it (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

internal enum NextFaultKind
{
    Status,
    Reset,
    Delay,
}

/// <summary>A fault injected into one call to <c>/next</c>.</summary>
internal sealed record NextFault(NextFaultKind Kind, int StatusCode = 0, TimeSpan Delay = default)
{
    public static NextFault InternalServerError { get; } = new(NextFaultKind.Status, 500);

    public static NextFault ConnectionReset { get; } = new(NextFaultKind.Reset);

    public static NextFault Slow(TimeSpan delay) => new(NextFaultKind.Delay, Delay: delay);
}
