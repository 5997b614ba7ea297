using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>
/// P4: list-resources with 100,000 resources (id, name, three metadata tags each), SDK reply writer against raw
/// System.Text.Json serialization of the same list.
/// </summary>
/// <remarks>
/// Such a reply (≈ 13 MB) is over Lambda's 6,291,456-byte response limit, where the pipeline answers ResponseTooLarge;
/// so the comparison runs the SDK's serialization + validation path itself (<see cref="ReplyWriter"/>) into a buffer
/// with the limit lifted. <see cref="PipelineAtLimit"/> measures the real pipeline, which stops at the limit.
/// </remarks>
[MemoryDiagnoser]
public class LargeListingBenchmarks
{
    public const int Count = 100_000;

    private AponoResource[] resources = [];
    private BaselineResource[] baselineResources = [];
    private InvocationPipeline pipeline = null!;
    private BenchmarkFunction function = null!;
    private byte[] body = [];
    private InvocationMetadata metadata = null!;

    [GlobalSetup]
    public void Setup()
    {
        resources = Workload.Resources(Count);
        baselineResources = Workload.BaselineResources(Count);
        function = new BenchmarkFunction { Resources = resources };
        pipeline = BenchmarkFunction.Pipeline(function, LogLevel.Warning);
        body = Workload.ListResourcesEnvelope();
        metadata = new InvocationMetadata("8476a536-e9f4-11e8-9739-2dfe598c3fcd", DateTimeOffset.UtcNow.AddDays(1));

        var expected = BaselineHandler.Serialize(baselineResources);
        if (!SdkWriter().AsSpan().SequenceEqual(expected) || !SdkWriterStreamed().GetAwaiter().GetResult().AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException("The SDK and the baseline disagree on the 100,000-resource reply.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => function.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "STJ serialize")]
    public byte[] Baseline() => BaselineHandler.Serialize(baselineResources);

    [Benchmark(Description = "SDK writer (IEnumerable)")]
    public byte[] SdkWriter() => Write(new ListResourcesReply(resources, Workload.Permissions)).GetAwaiter().GetResult();

    [Benchmark(Description = "SDK writer (IAsyncEnumerable)")]
    public Task<byte[]> SdkWriterStreamed() => Write(new ListResourcesReply(Workload.Stream(resources), Workload.Permissions));

    /// <summary>What the pipeline does with a reply, without its 6 MB stop: validate and write into the pooled buffer, then one exact copy.</summary>
    internal static async Task<byte[]> Write(ListResourcesReply reply)
    {
        using var buffer = new PooledReplyBuffer();
        using (var writer = new Utf8JsonWriter(buffer, ReplyWriter.WriterOptions))
        {
            await ReplyWriter.WriteListResourcesAsync(writer, reply, Workload.ResourceType, null, CancellationToken.None, int.MaxValue);
        }

        return buffer.ToArray();
    }

    [Benchmark(Description = "SDK pipeline (stops at 6 MB)")]
    public async Task<int> PipelineAtLimit()
    {
        var result = await pipeline.InvokeAsync(body, metadata);
        return result.ErrorType == "ResponseTooLarge" ? result.Body.Length : throw new InvalidOperationException("Expected ResponseTooLarge.");
    }
}
