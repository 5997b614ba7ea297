using System.Diagnostics;
using Apono.Integration.Sdk.Hosting;
using Xunit.Abstractions;

namespace Apono.Integration.Sdk.Tests.Hosting;

/// <summary>Runs alone (no other test allocating in parallel), so the GC heap figures are this loop's own.</summary>
[CollectionDefinition(nameof(RuntimeLoopLoadTests), DisableParallelization = true)]
public sealed class RuntimeLoopLoadCollection;

[Collection(nameof(RuntimeLoopLoadTests))]
public sealed class RuntimeLoopLoadTests(ITestOutputHelper output)
{
    private const int Invocations = 10_000;
    private const int WarmUp = 500;

    [Fact]
    public async Task RunAsync_10000InvocationsAtConcurrency8_LosesNoneDuplicatesNoneAndStaysFlat()
    {
        var server = await FakeRuntimeApi.StartAsync(recordBodies: false);
        await using var host = await HostHarness.StartAsync(
            () => new EchoFunction(),
            new Dictionary<string, string?> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = "8", ["AWS_LAMBDA_LOG_LEVEL"] = "WARN" },
            server: server);
        var ids = new List<string>(Invocations + WarmUp);
        for (var i = 0; i < WarmUp; i++)
        {
            ids.Add(server.Enqueue(Events.ListResources()));
        }

        await server.WaitForAnswersAsync(WarmUp, HostHarness.Patience);
        var (heapBefore, heapSizeBefore) = Heap();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Invocations; i++)
        {
            ids.Add(server.Enqueue(Events.ListResources()));
        }

        var answers = await server.WaitForAnswersAsync(Invocations, TimeSpan.FromSeconds(60));
        watch.Stop();
        var responses = answers.Count(a => a.Kind == "response");
        answers = null;
        var (heapAfter, heapSizeAfter) = Heap();
        output.WriteLine($"{Invocations:N0} invocations at concurrency 8 in {watch.Elapsed.TotalSeconds:0.00} s ({Invocations / watch.Elapsed.TotalSeconds:N0}/s); GC.GetTotalMemory(true) before {heapBefore:N0} B, after {heapAfter:N0} B, delta {heapAfter - heapBefore:N0} B; GCMemoryInfo.HeapSizeBytes before {heapSizeBefore:N0} B, after {heapSizeAfter:N0} B, delta {heapSizeAfter - heapSizeBefore:N0} B");

        Assert.Equal(Invocations, responses);
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
        LambdaRuntimeHostTests.AssertExactlyOnce(server, ids);
        Assert.Empty(host.LogLines);

        // Generous: the server and this test keep ~10,000 request ids (fetched, answered); a leak per invocation would be far larger.
        Assert.InRange(heapAfter - heapBefore, long.MinValue, 24L * 1024 * 1024);
        Assert.InRange(heapSizeAfter - heapSizeBefore, long.MinValue, 24L * 1024 * 1024);
    }

    private static (long TotalMemory, long HeapSize) Heap()
    {
        var total = GC.GetTotalMemory(forceFullCollection: true);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return (total, GC.GetGCMemoryInfo().HeapSizeBytes);
    }
}
