using System.Text;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Tests.TestSupport;

/// <summary>Builds the real pipeline around a test function, with JSON log lines captured in memory.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public const string RequestId = "req-test-0001";

    private readonly AponoIntegrationFunction function;
    private readonly MemoryStream logs;

    private PipelineHarness(AponoIntegrationFunction function, MemoryStream logs, FunctionRuntime runtime)
    {
        this.function = function;
        this.logs = logs;
        Runtime = runtime;
    }

    public FunctionRuntime Runtime { get; }

    public InvocationPipeline Pipeline => Runtime.Pipeline;

    /// <summary>Gets every log line written so far.</summary>
    public string LogText
    {
        get
        {
            lock (logs)
            {
                return Encoding.UTF8.GetString(logs.ToArray());
            }
        }
    }

    public static PipelineHarness Create(
        AponoIntegrationFunction function,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeProvider? timeProvider = null,
        LogLevel logLevel = LogLevel.Trace,
        Action<ILoggingBuilder>? configureLogging = null)
    {
        var logs = new SynchronizedMemoryStream();
        var runtime = FunctionRuntime.Create(function, new FunctionHostSettings
        {
            Environment = environment ?? new Dictionary<string, string?>(),
            LogOutput = logs,
            DefaultLogLevel = logLevel,
            TimeProvider = timeProvider ?? TimeProvider.System,
            ConfigureLogging = configureLogging,
        }, ownsFunction: true);
        return new PipelineHarness(function, logs, runtime);
    }

    public Task<InvocationResult> InvokeAsync(string json, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default) =>
        InvokeAsync(Encoding.UTF8.GetBytes(json), deadline, cancellationToken);

    public Task<InvocationResult> InvokeAsync(byte[] body, DateTimeOffset? deadline = null, CancellationToken cancellationToken = default) =>
        Pipeline.InvokeAsync(body, new InvocationMetadata(RequestId, deadline), cancellationToken);

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();

    /// <summary>The logger provider writes under its own lock; reads take the stream's lock too.</summary>
    private sealed class SynchronizedMemoryStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (this)
            {
                base.Write(buffer);
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (this)
            {
                base.Write(buffer, offset, count);
            }
        }

        public override byte[] ToArray()
        {
            lock (this)
            {
                return base.ToArray();
            }
        }
    }
}
