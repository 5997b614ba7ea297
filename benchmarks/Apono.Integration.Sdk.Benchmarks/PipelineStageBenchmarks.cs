using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>Where P1's grant-access time goes: the envelope reader alone, against the baseline's deserialization and the whole pipeline.</summary>
[MemoryDiagnoser]
public class PipelineStageBenchmarks
{
    private readonly AponoFunctionOptions options = new();
    private byte[] body = [];
    private InvocationPipeline sdk = null!;
    private BenchmarkFunction function = null!;
    private InvocationMetadata metadata = null!;
    private CancellationTokenSource shutdown = null!;
    private EnvelopeLayout layout;

    [GlobalSetup]
    public void Setup()
    {
        body = Workload.GrantAccessEnvelope(10);
        function = new BenchmarkFunction();
        sdk = BenchmarkFunction.Pipeline(function, LogLevel.Warning);
        metadata = new InvocationMetadata("8476a536-e9f4-11e8-9739-2dfe598c3fcd", DateTimeOffset.UtcNow.AddDays(1));
        shutdown = new CancellationTokenSource();
        layout = EnvelopeScanner.Scan(body, options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        function.DisposeAsync().AsTask().GetAwaiter().GetResult();
        shutdown.Dispose();
    }

    [Benchmark(Baseline = true, Description = "STJ hand-written (grant, 10)")]
    public byte[] Baseline() => BaselineHandler.Handle(body, []);

    [Benchmark(Description = "RequestReader.Read only")]
    public object Reader() => RequestReader.Read(body, options);

    [Benchmark(Description = "  of which EnvelopeScanner.Scan (syntax pass)")]
    public int Scan() => EnvelopeScanner.Scan(body, options).ResourceCount;

    [Benchmark(Description = "  of which custom_parameters (3 keys)")]
    public object CustomParameters() => CustomParametersReader.Read(body, layout.CustomParameters, layout.CustomShape, options);

    [Benchmark(Description = "  custom_parameters, then read by the author (materialized)")]
    public string? CustomParametersRead() => CustomParametersReader.Read(body, layout.CustomParameters, layout.CustomShape, options).GetString("host");

    [Benchmark(Description = "Pipeline, no deadline")]
    public Task NoDeadline() => sdk.InvokeAsync(body, new InvocationMetadata("8476a536-e9f4-11e8-9739-2dfe598c3fcd", null));

    [Benchmark(Description = "Pipeline, deadline + host token (as under Lambda)")]
    public Task Lambda() => sdk.InvokeAsync(body, metadata, shutdown.Token);
}
