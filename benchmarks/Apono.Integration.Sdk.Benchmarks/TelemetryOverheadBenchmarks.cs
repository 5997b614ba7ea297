using System.Diagnostics;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>
/// The cost of the operations side channels on P1 (the <see cref="InvocationOverheadBenchmarks"/> shape): the SDK
/// pipeline as under Lambda (deadline armed, log level Warning, lines to a null stream) with the audit record and the
/// EMF metrics document off, against the same with both on (the default), in one run.
/// </summary>
/// <remarks>
/// "+ spans recorded" adds an <see cref="ActivityListener"/> that records every SDK span (what an OpenTelemetry
/// tracer provider does before exporting), so the last row is everything on. list-resources writes no audit record
/// (it changes no access), only the metrics document.
/// <para>The set-up runs all three pipelines for <see cref="WarmUp"/> before BenchmarkDotNet measures: on one core
/// (<c>taskset -c 1</c>) the tiered JIT needs about 11 s of this loop to bring the pipeline's methods to tier 1, and the
/// short job's own warm-up (a few seconds) measured mostly tier-0 code (about 5× slower, with another on/off ratio).
/// Both sides are warmed alike.</para>
/// </remarks>
[MemoryDiagnoser]
public class TelemetryOverheadBenchmarks
{
    private byte[] body = [];
    private InvocationPipeline off = null!;
    private InvocationPipeline on = null!;
    private InvocationPipeline traced = null!;
    private readonly List<BenchmarkFunction> functions = [];
    private ActivityListener? listener;
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
        off = Pipeline(resources, telemetry: false, "off");
        on = Pipeline(resources, telemetry: true, "on");
        traced = Pipeline(resources, telemetry: true, "traced");
        metadata = new InvocationMetadata("8476a536-e9f4-11e8-9739-2dfe598c3fcd", DateTimeOffset.UtcNow.AddDays(1))
        {
            TraceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        };

        // Both sides must answer the same bytes, or the comparison means nothing.
        var expected = off.InvokeAsync(body, metadata).GetAwaiter().GetResult();
        var actual = on.InvokeAsync(body, metadata).GetAwaiter().GetResult();
        if (!expected.IsSuccess || !actual.Body.Span.SequenceEqual(expected.Body.Span))
        {
            throw new InvalidOperationException("Telemetry on and off disagree.");
        }

        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < WarmUp)
        {
            off.InvokeAsync(body, metadata).GetAwaiter().GetResult();
            on.InvokeAsync(body, metadata).GetAwaiter().GetResult();
            traced.InvokeAsync(body, metadata).GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// How long the set-up runs the pipelines before measuring (see the remarks): 15 s, or the seconds in
    /// <c>APONO_BENCHMARK_WARMUP_SECONDS</c> (the CI's dry run sets 0: its numbers are meaningless anyway).
    /// </summary>
    public static TimeSpan WarmUp { get; } = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("APONO_BENCHMARK_WARMUP_SECONDS"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 ? seconds : 15);

    [GlobalCleanup]
    public void Cleanup()
    {
        listener?.Dispose();
        foreach (var function in functions)
        {
            function.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true, Description = "SDK, audit + metrics off")]
    public Task Off() => off.InvokeAsync(body, metadata);

    [Benchmark(Description = "SDK, audit + metrics on")]
    public Task On() => on.InvokeAsync(body, metadata);

    [Benchmark(Description = "SDK, audit + metrics on + spans recorded")]
    public Task Traced() => traced.InvokeAsync(body, metadata);

    private InvocationPipeline Pipeline(Contracts.AponoResource[] resources, bool telemetry, string name)
    {
        var function = new BenchmarkFunction { Resources = resources };
        functions.Add(function);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["AWS_LAMBDA_FUNCTION_NAME"] = "bench" };
        if (!telemetry)
        {
            environment["Apono__Telemetry__AuditRecords"] = "false";
            environment["Apono__Telemetry__Metrics"] = "false";
        }
        else
        {
            // For the profiling loop only: one part of "on" at a time (TELEMETRY_ON_AUDIT / TELEMETRY_ON_METRICS = false).
            environment["Apono__Telemetry__AuditRecords"] = Environment.GetEnvironmentVariable("TELEMETRY_ON_AUDIT") ?? "true";
            environment["Apono__Telemetry__Metrics"] = Environment.GetEnvironmentVariable("TELEMETRY_ON_METRICS") ?? "true";
        }

        var runtime = FunctionRuntime.Create(function, new FunctionHostSettings
        {
            Environment = environment,
            LogOutput = Stream.Null,
            DefaultLogLevel = LogLevel.Warning,
            WriteTelemetryLines = true,
        });
        if (name == "traced")
        {
            // This runtime's source only: the other two pipelines must not record spans.
            var source = ((InvocationObservers)runtime.Services.GetService(typeof(InvocationObservers))!).Tracer!.Source;
            listener = new ActivityListener
            {
                ShouldListenTo = source.Equals,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(listener);
        }

        return runtime.Pipeline;
    }
}
