using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>Where P1's grant-access time goes: the envelope reader alone, against the baseline's deserialization and the whole pipeline.</summary>
/// <remarks><c>Count</c> is the number of resource ids in the request, as in <see cref="InvocationOverheadBenchmarks"/>.</remarks>
[MemoryDiagnoser]
public class PipelineStageBenchmarks
{
    private readonly AponoFunctionOptions options = new();
    private byte[] body = [];
    private InvocationPipeline sdk = null!;
    private BenchmarkFunction function = null!;
    private InvocationMetadata metadata = null!;
    private CancellationTokenSource shutdown = null!;
    private readonly int[] items = new int[2 * 4096];
    private EnvelopeLayout layout;

    [Params(10, 1_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        body = Workload.GrantAccessEnvelope(Count);
        function = new BenchmarkFunction();
        sdk = BenchmarkFunction.Pipeline(function, LogLevel.Warning);
        metadata = new InvocationMetadata("8476a536-e9f4-11e8-9739-2dfe598c3fcd", DateTimeOffset.UtcNow.AddDays(1));
        shutdown = new CancellationTokenSource();
        layout = EnvelopeScanner.Scan(body, options, items);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        function.DisposeAsync().AsTask().GetAwaiter().GetResult();
        shutdown.Dispose();
    }

    [Benchmark(Baseline = true, Description = "STJ hand-written (grant)")]
    public byte[] Baseline() => BaselineHandler.Handle(body, []);

    [Benchmark(Description = "RequestReader.Read only")]
    public object Reader() => RequestReader.Read(body, options);

    [Benchmark(Description = "  of which EnvelopeScanner.Scan (syntax pass)")]
    public int Scan() => EnvelopeScanner.Scan(body, options, items).ResourceCount;

    [Benchmark(Description = "  of which params.resources (ids read and checked)")]
    public int Resources() => new FieldReader(body, layout, "grant-access", options).Resources().Count;

    [Benchmark(Description = "  of which custom_parameters (3 keys)")]
    public object CustomParameters() => CustomParametersReader.Read(body, layout.CustomParameters, layout.CustomShape, options);

    [Benchmark(Description = "  custom_parameters, then read by the author (materialized)")]
    public string? CustomParametersRead() => CustomParametersReader.Read(body, layout.CustomParameters, layout.CustomShape, options).GetString("host");

    [Benchmark(Description = "Pipeline, no deadline")]
    public Task NoDeadline() => sdk.InvokeAsync(body, new InvocationMetadata("8476a536-e9f4-11e8-9739-2dfe598c3fcd", null));

    [Benchmark(Description = "Pipeline, deadline + host token (as under Lambda)")]
    public Task Lambda() => sdk.InvokeAsync(body, metadata, shutdown.Token);
}
