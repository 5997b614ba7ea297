using System.Text;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tests.Hosting;

/// <summary>Runs the real <see cref="LambdaRuntimeHost"/> in-process against a <see cref="FakeRuntimeApi"/> and stops it cleanly.</summary>
internal sealed class HostHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource stop = new();
    private readonly MemoryStream logs = new();

    private HostHarness(FakeRuntimeApi server, Func<AponoIntegrationFunction> createFunction, IReadOnlyDictionary<string, string?>? environment, TimeProvider? timeProvider, Action<string?>? exportTraceId)
    {
        Server = server;
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal) { ["AWS_LAMBDA_RUNTIME_API"] = server.Endpoint };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        var host = new LambdaRuntimeHost(createFunction, new FunctionHostSettings
        {
            Environment = variables,
            LogOutput = Stream.Synchronized(logs),
            TimeProvider = timeProvider ?? TimeProvider.System,
        })
        {
            ExportTraceId = exportTraceId ?? (static _ => { }),
        };
        Run = Task.Run(() => host.RunAsync(stop.Token));
    }

    public FakeRuntimeApi Server { get; }

    /// <summary>Gets the host's run; its result is the exit code.</summary>
    public Task<int> Run { get; }

    public static async Task<HostHarness> StartAsync(
        Func<AponoIntegrationFunction> createFunction,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeProvider? timeProvider = null,
        FakeRuntimeApi? server = null,
        Action<string?>? exportTraceId = null) =>
        new(server ?? await FakeRuntimeApi.StartAsync(timeProvider), createFunction, environment, timeProvider, exportTraceId);

    /// <summary>Gets the JSON log lines written so far.</summary>
    public IReadOnlyList<string> LogLines =>
        Encoding.UTF8.GetString(logs.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Waits for the host to exit by itself (a fault it must not survive).</summary>
    public Task<int> ExitAsync() => Run.WaitAsync(Patience);

    /// <summary>Cancels the host and waits for it to exit.</summary>
    public async Task<int> StopAsync()
    {
        await stop.CancelAsync();
        return await Run.WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await stop.CancelAsync();
            await Run.WaitAsync(Patience);
        }

        stop.Dispose();
        await Server.DisposeAsync();
    }
}
