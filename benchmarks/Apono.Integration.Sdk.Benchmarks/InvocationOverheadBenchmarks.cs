using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>
/// P1: one invocation through the whole SDK pipeline (bytes in → envelope → route → author method → reply
/// validation → bytes out) against a hand-written System.Text.Json handler on the same bytes.
/// </summary>
/// <remarks>
/// <c>Count</c> is the number of resource ids in the grant-access request, or of resources in the list-resources reply.
/// The SDK runs as under Lambda: with a deadline (so its cancellation timer is armed) and the log level at Warning,
/// so a successful invocation writes no log line (the baseline writes none either); <see cref="SdkInfoLog"/> adds the
/// one JSON "answered" line per invocation that the default Information level writes.
/// </remarks>
[MemoryDiagnoser]
public class InvocationOverheadBenchmarks
{
    private byte[] body = [];
    private BaselineResource[] baselineResources = [];
    private InvocationPipeline sdk = null!;
    private InvocationPipeline sdkInfo = null!;
    private BenchmarkFunction function = null!;
    private BenchmarkFunction functionInfo = null!;
    private InvocationMetadata metadata = null!;

    [Params("grant-access", "list-resources")]
    public string Event { get; set; } = "grant-access";

    [Params(10, 1_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        body = Event == "grant-access" ? Workload.GrantAccessEnvelope(Count) : Workload.ListResourcesEnvelope();
        var resources = Workload.Resources(Count);
        baselineResources = Workload.BaselineResources(Count);
        function = new BenchmarkFunction { Resources = resources };
        functionInfo = new BenchmarkFunction { Resources = resources };
        sdk = BenchmarkFunction.Pipeline(function, LogLevel.Warning);
        sdkInfo = BenchmarkFunction.Pipeline(functionInfo, LogLevel.Information);
        metadata = new InvocationMetadata("8476a536-e9f4-11e8-9739-2dfe598c3fcd", DateTimeOffset.UtcNow.AddDays(1));

        // Both sides must answer the same bytes, or the comparison means nothing.
        var expected = BaselineHandler.Handle(body, baselineResources);
        var actual = sdk.InvokeAsync(body, metadata).GetAwaiter().GetResult();
        if (!actual.IsSuccess || !actual.Body.Span.SequenceEqual(expected))
        {
            throw new InvalidOperationException($"The SDK and the baseline disagree: {System.Text.Encoding.UTF8.GetString(actual.Body.Span)} vs {System.Text.Encoding.UTF8.GetString(expected)}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        function.DisposeAsync().AsTask().GetAwaiter().GetResult();
        functionInfo.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "STJ hand-written")]
    public byte[] Baseline() => BaselineHandler.Handle(body, baselineResources);

    [Benchmark(Description = "SDK pipeline")]
    public Task Sdk() => sdk.InvokeAsync(body, metadata);

    [Benchmark(Description = "SDK pipeline + info log line")]
    public Task SdkInfoLog() => sdkInfo.InvokeAsync(body, metadata);
}
