using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tests.Hosting;

/// <summary>
/// An author method that blocks its thread synchronously (no await at all) against the in-test Runtime API: it is
/// answered <c>Timeout</c> before the deadline, and the next events are answered while it is still blocked.
/// </summary>
public sealed class BlockingHandlerTests
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task RunAsync_HandlerBlocksInThreadSleep_AnswersTimeoutBeforeTheDeadlineAndThenTheNextEvents(int concurrency)
    {
        var function = new SleepingFunction();
        try
        {
            await using var host = await HostHarness.StartAsync(
                () => function,
                new Dictionary<string, string?> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) });

            // One blocked method per poll loop: every loop is inside author code that never yields.
            var blocked = Enumerable.Range(0, concurrency).Select(_ => host.Server.Enqueue(Events.Access("grant-access"), EventTimeout)).ToHashSet();
            var timeouts = await host.Server.WaitForAnswersAsync(concurrency, HostHarness.Patience);

            Assert.Equal(blocked, timeouts.Select(a => a.RequestId).ToHashSet());
            Assert.All(timeouts, answer =>
            {
                Assert.Equal(("error", "Timeout"), (answer.Kind, answer.ErrorTypeHeader));
                Assert.Equal(
                    """{"errorType":"Timeout","errorMessage":"grant-access did not finish in time: the SDK stopped waiting 1000 ms before the invocation deadline. Raise the function's timeout or make the work faster."}""",
                    answer.Body);
                var deadline = host.Server.Deadlines[answer.RequestId];
                Assert.True(answer.ReceivedAt < deadline, $"answered at {answer.ReceivedAt:O}, after the deadline {deadline:O}");
            });
            Assert.Equal(concurrency, function.Entered);

            // The blocked methods still hold their threads; the loops go on to the next events.
            var next = Enumerable.Range(0, concurrency).Select(_ => host.Server.Enqueue(Events.Simple("get-status"))).ToHashSet();
            var answers = await host.Server.WaitForAnswersAsync(concurrency, HostHarness.Patience);
            Assert.Equal(next, answers.Select(a => a.RequestId).ToHashSet());
            Assert.All(answers, answer => Assert.Equal(("response", """{"status":"active"}"""), (answer.Kind, answer.Body)));
            Assert.False(function.Release.IsSet);

            // Released, each abandoned method ends; its reply is dropped and logged, never posted.
            function.Release.Set();
            Assert.True(SpinWait.SpinUntil(
                () => host.LogLines.Count(static l => l.Contains("grant-access abandoned at the deadline finished later with a reply", StringComparison.Ordinal)) == concurrency,
                HostHarness.Patience));
            Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
            Assert.All(host.Server.AnswerCounts.Values, static count => Assert.Equal(1, count));
            Assert.Equal(2 * concurrency, host.Server.AnswerCounts.Count);
        }
        finally
        {
            function.Release.Set();
        }
    }

    private sealed class SleepingFunction : AponoIntegrationFunction
    {
        private int entered;

        public ManualResetEventSlim Release { get; } = new();

        public int Entered => Volatile.Read(ref entered);

        protected override void Configure(AponoFunctionOptions options) => options.DeadlineSafetyMargin = TimeSpan.FromSeconds(1);

        protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref entered);
            while (!Release.IsSet)
            {
                Thread.Sleep(20);
            }

            return Task.CompletedTask;
        }
    }
}
