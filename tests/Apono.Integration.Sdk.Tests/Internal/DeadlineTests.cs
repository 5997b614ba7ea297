using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.BadInput;
using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apono.Integration.Sdk.Tests.Internal;

/// <summary>Deadlines run on a <see cref="FakeTimeProvider"/>: no real waiting, the clock moves only when the test says.</summary>
public sealed class DeadlineTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InvokeAsync_HandlerIgnoresItsToken_AnswersTimeoutAtDeadlineMinusMargin()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var never = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => never.Task };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);

        var invocation = harness.InvokeAsync(BadInputCatalog.Access("grant-access"), deadline: time.GetUtcNow().AddSeconds(3));
        time.Advance(TimeSpan.FromMilliseconds(2_499));
        Assert.False(invocation.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await invocation.WaitAsync(Bound);

        Assert.Equal(
            ("Timeout", "grant-access did not finish in time: the SDK stopped waiting 500 ms before the invocation deadline. Raise the function's timeout or make the work faster."),
            (result.ErrorType, result.ErrorMessage));
        Assert.Contains("grant-access did not finish before the deadline; answered Timeout and abandoned the handler", harness.LogText);
        never.SetResult(null);
    }

    [Fact]
    public async Task InvokeAsync_HandlerHonoursItsToken_SeesCancellationAtDeadlineMinusMargin()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var observed = new TaskCompletionSource<TimeSpan?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var function = new RecordingFunction
        {
            Behavior = async (_, context, cancellationToken) =>
            {
                var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var registration = cancellationToken.Register(() => cancelled.SetResult());
                await cancelled.Task;
                observed.SetResult(context.RemainingTime);
                cancellationToken.ThrowIfCancellationRequested();
                return null;
            },
        };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);

        var invocation = harness.InvokeAsync(BadInputCatalog.Credentials("create-credentials"), deadline: time.GetUtcNow().AddSeconds(10));
        time.Advance(TimeSpan.FromSeconds(9.5));
        var result = await invocation.WaitAsync(Bound);

        Assert.Equal("Timeout", result.ErrorType);
        Assert.Equal(TimeSpan.FromMilliseconds(500), await observed.Task.WaitAsync(Bound));
    }

    [Fact]
    public async Task InvokeAsync_DeadlineAlreadyWithinMargin_AnswersTimeoutWithoutWaiting()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var never = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => never.Task };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);

        var result = await harness.InvokeAsync("""{"event_type":"get-status"}""", deadline: time.GetUtcNow().AddMilliseconds(400)).WaitAsync(Bound);

        Assert.Equal("Timeout", result.ErrorType);
        never.SetResult(StatusReply.Active);
    }

    [Fact]
    public async Task InvokeAsync_HandlerFinishesBeforeDeadline_AnswersReply()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var gate = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => gate.Task };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);

        var invocation = harness.InvokeAsync(BadInputCatalog.Access("revoke-access"), deadline: time.GetUtcNow().AddSeconds(3));
        time.Advance(TimeSpan.FromSeconds(2));
        gate.SetResult(null);
        var result = await invocation.WaitAsync(Bound);

        Assert.True(result.IsSuccess, result.ErrorMessage);
    }

    [Fact]
    public async Task InvokeAsync_AbandonedHandlerFailsLater_DoesNotDisturbTheNextInvocation()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var late = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => late.Task };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);

        var first = harness.InvokeAsync(BadInputCatalog.Access("grant-access"), deadline: time.GetUtcNow().AddSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Timeout", (await first.WaitAsync(Bound)).ErrorType);
        late.SetException(new InvalidOperationException("late failure"));

        function.Behavior = null;
        var second = await harness.InvokeAsync(BadInputCatalog.Access("grant-access")).WaitAsync(Bound);
        Assert.True(second.IsSuccess);
    }
    [Fact]
    public async Task InvokeAsync_HandlerBlocksSynchronouslyBeforeItsFirstAwait_HandsTimeoutToTheHostAtDeadlineMinusMarginWhileItStillHoldsTheThread()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var function = new RecordingFunction
        {
            Behavior = (_, _, cancellationToken) =>
            {
                // No await at all: the thread that called the method is held until the test releases it.
                entered.TrySetResult(Environment.CurrentManagedThreadId);
                while (!release.IsSet)
                {
                    Thread.Sleep(10);
                }

                return Task.FromResult<object?>(null);
            },
        };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);
        var takeover = new RecordingTakeover();

        // The invoking thread stands for a host's loop thread; the test thread plays the timer's.
        var invokingThread = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var invocation = Task.Run(() =>
        {
            invokingThread.SetResult(Environment.CurrentManagedThreadId);
            return harness.InvokeAsync(BadInputCatalog.Access("grant-access"), time.GetUtcNow().AddSeconds(3), takeover);
        });
        Assert.Equal(await invokingThread.Task.WaitAsync(Bound), await entered.Task.WaitAsync(Bound));
        time.Advance(TimeSpan.FromMilliseconds(2_499));
        Assert.False(takeover.Answer.Task.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var (requestId, answer) = await takeover.Answer.Task.WaitAsync(Bound);
        Assert.Equal(
            (PipelineHarness.RequestId, "Timeout", "grant-access did not finish in time: the SDK stopped waiting 500 ms before the invocation deadline. Raise the function's timeout or make the work faster.", true),
            (requestId, answer.ErrorType, answer.ErrorMessage, answer.TakenOver));
        Assert.False(invocation.IsCompleted);
        Assert.Contains("grant-access did not finish before the deadline; answered Timeout and abandoned the handler", harness.LogText);

        // Released, the method returns to the invoking thread: the stuck call returns the same answer marked as taken
        // over (the host must not post it again), and the late reply is dropped.
        release.Set();
        var result = await invocation.WaitAsync(Bound);
        Assert.Equal((false, "Timeout", true), (result.IsSuccess, result.ErrorType, result.TakenOver));
        Assert.Equal(1, takeover.Calls);
        Assert.Contains("grant-access abandoned at the deadline finished later with a reply; it was dropped (the Timeout answer stands)", harness.LogText);
    }

    [Fact]
    public async Task InvokeAsync_HandlerBlocksSynchronouslyWithoutATakeover_ReturnsTimeoutWhenTheMethodReturns()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var function = new RecordingFunction
        {
            Behavior = (_, _, _) =>
            {
                entered.TrySetResult();
                release.Wait(Bound, CancellationToken.None);
                return Task.FromResult<object?>(null);
            },
        };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);

        var invocation = Task.Run(() => harness.InvokeAsync(BadInputCatalog.Access("grant-access"), time.GetUtcNow().AddSeconds(1)));
        await entered.Task.WaitAsync(Bound);
        time.Advance(TimeSpan.FromMilliseconds(500));
        release.Set();
        var result = await invocation.WaitAsync(Bound);

        // A reply that came after the deadline fired is not the answer, even though nothing awaited the invocation then.
        Assert.Equal((false, "Timeout", false), (result.IsSuccess, result.ErrorType, result.TakenOver));
    }

    [Fact]
    public async Task InvokeAsync_HostStopsWhileHandlerBlocksSynchronously_HandsTheShutdownAnswerToTheHost()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var release = new ManualResetEventSlim();
        using var stopping = new CancellationTokenSource();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawCancellation = false;
        await using var function = new RecordingFunction
        {
            Behavior = (_, _, cancellationToken) =>
            {
                entered.TrySetResult();
                release.Wait(Bound, CancellationToken.None);
                sawCancellation = cancellationToken.IsCancellationRequested;
                return Task.FromResult<object?>(null);
            },
        };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);
        var takeover = new RecordingTakeover();

        var invocation = Task.Run(() => harness.InvokeAsync(BadInputCatalog.Access("revoke-access"), time.GetUtcNow().AddSeconds(60), takeover, stopping.Token));
        await entered.Task.WaitAsync(Bound);
        await stopping.CancelAsync();

        var (_, answer) = await takeover.Answer.Task.WaitAsync(Bound);
        Assert.Equal(("Timeout", "revoke-access was cancelled because the function is shutting down; retry the request."), (answer.ErrorType, answer.ErrorMessage));
        release.Set();
        Assert.True((await invocation.WaitAsync(Bound)).TakenOver);
        Assert.True(sawCancellation);
    }

    [Fact]
    public async Task InvokeAsync_HandlerCompletesSynchronouslyUnderADeadline_RunsOnTheInvokingThreadAndAnswersItsReply()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var handlerThread = 0;
        await using var function = new RecordingFunction
        {
            Behavior = (_, _, _) =>
            {
                handlerThread = Environment.CurrentManagedThreadId;
                return Task.FromResult<object?>(null);
            },
        };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);
        var takeover = new RecordingTakeover();

        var invocation = harness.InvokeAsync(BadInputCatalog.Access("grant-access"), time.GetUtcNow().AddSeconds(3), takeover);

        // Completed before InvokeAsync returned: no hop to another thread, nothing left for the timer.
        Assert.True(invocation.IsCompletedSuccessfully);
        Assert.Equal(Environment.CurrentManagedThreadId, handlerThread);
        var result = await invocation;
        Assert.Equal((true, """{"status":"ok"}""", false), (result.IsSuccess, System.Text.Encoding.UTF8.GetString(result.Body.Span), result.TakenOver));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, takeover.Calls);
        Assert.DoesNotContain("did not finish before the deadline", harness.LogText);
    }

    [Fact]
    public async Task InvokeAsync_HandlerThrowsSynchronouslyBeforeItsFirstAwait_AnswersItsErrorUnderADeadline()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var function = new SynchronouslyThrowingFunction();
        await using var harness = PipelineHarness.Create(function, timeProvider: time);
        var takeover = new RecordingTakeover();

        var refused = await harness.InvokeAsync(BadInputCatalog.Access("grant-access"), time.GetUtcNow().AddSeconds(3), takeover).WaitAsync(Bound);
        var broken = await harness.InvokeAsync(BadInputCatalog.Access("revoke-access"), time.GetUtcNow().AddSeconds(3), takeover).WaitAsync(Bound);

        Assert.Equal(("NotFound", "grant refused synchronously"), (refused.ErrorType, refused.ErrorMessage));
        Assert.Equal(
            ("InternalError", $"An unexpected error (InvalidOperationException) occurred while handling revoke-access. The function's log has the details under request id {PipelineHarness.RequestId}."),
            (broken.ErrorType, broken.ErrorMessage));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, takeover.Calls);
    }

    [Fact]
    public async Task InvokeAsync_DeadlineAlreadyWithinMargin_DoesNotStartTheHandler()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var function = new RecordingFunction();
        await using var harness = PipelineHarness.Create(function, timeProvider: time);

        var result = await harness.InvokeAsync(BadInputCatalog.Access("grant-access"), time.GetUtcNow().AddMilliseconds(500)).WaitAsync(Bound);

        Assert.Equal("Timeout", result.ErrorType);
        Assert.Empty(function.Calls);
    }

    [Fact]
    public async Task InvokeAsync_AbandonedHandlerStillBlocked_NextRunsBesideItAndItsScopeIsDisposedWhenItEnds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var release = new ManualResetEventSlim();
        var tracker = new ScopeTracker();
        var blocking = true;
        var sawCancellation = false;
        await using var function = new RecordingFunction();
        function.Behavior = (_, context, cancellationToken) =>
        {
            if (!Volatile.Read(ref blocking))
            {
                return Task.FromResult<object?>(null);
            }

            tracker.Resolved = context.Services.GetRequiredService<TrackedService>();
            tracker.Entered.SetResult();
            release.Wait(Bound, CancellationToken.None);
            sawCancellation = cancellationToken.IsCancellationRequested;
            return Task.FromResult<object?>(null);
        };
        function.ServicesHook = services => services.AddScoped(_ => new TrackedService());
        await using var harness = PipelineHarness.Create(function, timeProvider: time);
        var takeover = new RecordingTakeover();

        var first = Task.Run(() => harness.InvokeAsync(BadInputCatalog.Access("grant-access"), time.GetUtcNow().AddSeconds(1), takeover));
        await tracker.Entered.Task.WaitAsync(Bound);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Timeout", (await takeover.Answer.Task.WaitAsync(Bound)).Answer.ErrorType);

        // The abandoned method still holds its thread and its scope; the next invocation does not wait for it.
        Volatile.Write(ref blocking, false);
        var second = await harness.InvokeAsync(BadInputCatalog.Access("revoke-access"), deadline: time.GetUtcNow().AddSeconds(10)).WaitAsync(Bound);
        Assert.True(second.IsSuccess, second.ErrorMessage);
        Assert.False(tracker.Resolved!.Disposed.Task.IsCompleted);
        Assert.False(first.IsCompleted);

        release.Set();
        await tracker.Resolved.Disposed.Task.WaitAsync(Bound);
        Assert.True((await first.WaitAsync(Bound)).TakenOver);
        Assert.True(sawCancellation);
        Assert.Contains("grant-access abandoned at the deadline finished later with a reply; it was dropped (the Timeout answer stands)", harness.LogText);
    }

    [Fact]
    public async Task InvokeAsync_AbandonedHandlerThrowsLater_TheExceptionIsObservedAndLoggedByTypeOnly()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var late = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var function = new RecordingFunction { Behavior = (_, _, cancellationToken) => late.Task };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);

        var first = harness.InvokeAsync(BadInputCatalog.Access("grant-access"), deadline: time.GetUtcNow().AddSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Timeout", (await first.WaitAsync(Bound)).ErrorType);
        late.SetException(new InvalidOperationException("Password=late-canary"));

        Assert.True(SpinWait.SpinUntil(
            () => harness.LogText.Contains("grant-access abandoned at the deadline finished later with InvalidOperationException; it was dropped", StringComparison.Ordinal),
            Bound));
        Assert.DoesNotContain("late-canary", harness.LogText);
    }

    /// <summary>Stands for a host: records the answer handed over at the deadline.</summary>
    private sealed class RecordingTakeover : IAnswerTakeover
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public TaskCompletionSource<(string RequestId, InvocationResult Answer)> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void TakeOver(string requestId, InvocationResult answer)
        {
            Interlocked.Increment(ref calls);
            Answer.TrySetResult((requestId, answer));
        }
    }

    /// <summary>Throws from the method itself, before any task exists (not from inside an async method).</summary>
    private sealed class SynchronouslyThrowingFunction : AponoIntegrationFunction
    {
        protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            throw new ResourceNotFoundException("grant refused synchronously");

        protected internal override Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Password=sync-canary");
    }

    private sealed class ScopeTracker
    {
        public TrackedService? Resolved { get; set; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class TrackedService : IDisposable
    {
        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose() => Disposed.TrySetResult();
    }
}
