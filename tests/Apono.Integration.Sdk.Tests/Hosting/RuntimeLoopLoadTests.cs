using System.Diagnostics;
using Apono.Integration.Sdk.Hosting;
using Xunit.Abstractions;

namespace Apono.Integration.Sdk.Tests.Hosting;

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
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Invocations; i++)
        {
            ids.Add(server.Enqueue(Events.ListResources()));
        }

        var answers = await server.WaitForAnswersAsync(Invocations, TimeSpan.FromSeconds(60));
        watch.Stop();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{Invocations:N0} invocations at concurrency 8 in {watch.Elapsed.TotalSeconds:0.00} s ({Invocations / watch.Elapsed.TotalSeconds:N0}/s); GC heap before {heapBefore:N0} B, after {heapAfter:N0} B, delta {heapAfter - heapBefore:N0} B");

        Assert.All(answers, a => Assert.Equal("response", a.Kind));
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
        LambdaRuntimeHostTests.AssertExactlyOnce(server, ids);
        Assert.Empty(host.LogLines);

        // Generous: the server keeps one counter per request id (~10,000 entries); a leak per invocation would be far larger.
        Assert.InRange(heapAfter - heapBefore, long.MinValue, 16L * 1024 * 1024);
    }
}
