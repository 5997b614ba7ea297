using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Apono.Integration.Sdk.Tests.ResourceTypes;

public sealed class HandlerInjectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InvokeAsync_Handler_IsBuiltByConstructorInjectionFromOneScopePerInvocationDisposedAfterIt()
    {
        var function = new TwoTypeFunction();
        await using var harness = PipelineHarness.Create(function);

        await harness.InvokeAsync(Envelopes.Access("grant-access", "database", "read"));
        await harness.InvokeAsync(Envelopes.Access("grant-access", "database", "read"));

        var calls = function.Log.Calls.ToArray();
        Assert.Equal(2, calls.Length);

        // Within one invocation: the handler's constructor argument is the scope's instance.
        Assert.All(calls, c => Assert.Same(c.Injected, c.ResolvedFromContext));

        // Across invocations: a new handler and a new scoped dependency each time.
        Assert.NotSame(calls[0].HandlerInstance, calls[1].HandlerInstance);
        Assert.NotSame(calls[0].Injected, calls[1].Injected);
        Assert.NotEqual(calls[0].Injected.Number, calls[1].Injected.Number);

        // Disposed once its invocation ended (RecordAsync checked it was not while the handler ran).
        Assert.All(calls, c => Assert.True(c.Injected.Disposed));
    }

    [Fact]
    public async Task InvokeAsync_Handler_GetsTheTokenThatFiresAtTheDeadlineMinusTheSafetyMargin()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var function = new TwoTypeFunction();
        var firedAt = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        function.Log.Wait = async token =>
        {
            using var registration = token.Register(() => firedAt.TrySetResult(time.GetUtcNow()));
            waiting.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        };
        await using var harness = PipelineHarness.Create(function, timeProvider: time);
        var deadline = time.GetUtcNow().AddSeconds(3);

        var invocation = harness.InvokeAsync(Envelopes.Access("grant-access", "database", "read"), deadline: deadline);
        await waiting.Task.WaitAsync(Bound);
        var token = Assert.Single(function.Log.Calls).Token;
        time.Advance(TimeSpan.FromMilliseconds(2_499));
        Assert.False(token.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await invocation.WaitAsync(Bound);

        Assert.True(token.IsCancellationRequested);
        Assert.Equal(deadline - TimeSpan.FromMilliseconds(500), await firedAt.Task.WaitAsync(Bound));
        Assert.Equal("Timeout", result.ErrorType);
    }

    [Fact]
    public async Task InvokeAsync_HostShutsDown_TheHandlersTokenFires()
    {
        var function = new TwoTypeFunction();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        function.Log.Wait = async token =>
        {
            waiting.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        };
        await using var harness = PipelineHarness.Create(function);
        using var shutdown = new CancellationTokenSource();

        var invocation = harness.InvokeAsync(Envelopes.List("schema"), cancellationToken: shutdown.Token);
        await waiting.Task.WaitAsync(Bound);
        await shutdown.CancelAsync();
        var result = await invocation.WaitAsync(Bound);

        Assert.True(Assert.Single(function.Log.Calls).Token.IsCancellationRequested);
        Assert.Equal(("Timeout", "list-resources was cancelled because the function is shutting down; retry the request."), (result.ErrorType, result.ErrorMessage));
    }
}
