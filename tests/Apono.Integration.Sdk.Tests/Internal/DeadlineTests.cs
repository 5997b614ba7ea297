using Apono.Integration.Sdk.Contracts;
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
    public async Task InvokeAsync_HandlerBlocksSynchronouslyBeforeItsFirstAwait_AnswersTimeoutAtDeadlineMinusMargin()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var release = new ManualResetEventSlim();
        await using var function = new RecordingFunction
        {
            Behavior = (_, _, cancellationToken) =>
            {
                // No await at all: the thread that called the method is held until the test releases it.
                while (!release.IsSet)
                {
                    Thread.Sleep(10);
                }

                return Task.FromResult<object?>(null);
            },
        };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);

        var invocation = harness.InvokeAsync(BadInputCatalog.Access("grant-access"), deadline: time.GetUtcNow().AddSeconds(3));
        time.Advance(TimeSpan.FromMilliseconds(2_499));
        Assert.False(invocation.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await invocation.WaitAsync(Bound);
        release.Set();

        Assert.Equal(
            ("Timeout", "grant-access did not finish in time: the SDK stopped waiting 500 ms before the invocation deadline. Raise the function's timeout or make the work faster."),
            (result.ErrorType, result.ErrorMessage));
    }

    [Fact]
    public async Task InvokeAsync_AbandonedHandlerStillBlocked_NextRunsBesideItAndItsScopeIsDisposedWhenItEnds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var release = new ManualResetEventSlim();
        var tracker = new ScopeTracker();
        var blocking = true;
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
            Assert.True(cancellationToken.IsCancellationRequested);
            return Task.FromResult<object?>(null);
        };
        function.ServicesHook = services => services.AddScoped(_ => new TrackedService());
        await using var harness = PipelineHarness.Create(function, timeProvider: time);

        var first = harness.InvokeAsync(BadInputCatalog.Access("grant-access"), deadline: time.GetUtcNow().AddSeconds(1));
        await tracker.Entered.Task.WaitAsync(Bound);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Timeout", (await first.WaitAsync(Bound)).ErrorType);

        // The abandoned method still holds its thread and its scope; the next invocation does not wait for it.
        Volatile.Write(ref blocking, false);
        var second = await harness.InvokeAsync(BadInputCatalog.Access("revoke-access"), deadline: time.GetUtcNow().AddSeconds(10)).WaitAsync(Bound);
        Assert.True(second.IsSuccess, second.ErrorMessage);
        Assert.False(tracker.Resolved!.Disposed.Task.IsCompleted);

        release.Set();
        await tracker.Resolved.Disposed.Task.WaitAsync(Bound);
        Assert.True(SpinWait.SpinUntil(
            () => harness.LogText.Contains("grant-access abandoned at the deadline finished later with a reply; it was dropped (the Timeout answer stands)", StringComparison.Ordinal),
            Bound));
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
