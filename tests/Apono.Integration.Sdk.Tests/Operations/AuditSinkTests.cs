using System.Text.Json;
using Apono.Integration.Sdk.Audit;
using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apono.Integration.Sdk.Tests.Operations;

public sealed class AuditSinkTests
{
    [Theory]
    [InlineData("grant-access", true)]
    [InlineData("delete-credentials", true)]
    [InlineData("revoke-access", false)]
    public async Task ThrowingSink_AnswerIsByteIdenticalAndTheFailureIsCountedAndLoggedByType(string eventType, bool succeeds)
    {
        await using var plain = new TelemetryHarness(Function(succeeds, null));
        await using var failing = new TelemetryHarness(Function(succeeds, new ThrowingSink()));

        var expected = await plain.InvokeAsync(OperationsEvents.Body(eventType));
        var actual = await failing.InvokeAsync(OperationsEvents.Body(eventType));

        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
        Assert.Equal(expected.IsSuccess, actual.IsSuccess);
        Assert.Equal(1, failing.Observers.AuditSinkFailures);
        Assert.Single(failing.AuditLines);
        using var metrics = JsonDocument.Parse(Assert.Single(failing.MetricDocuments));
        Assert.Equal(1, metrics.RootElement.GetProperty("AuditSinkFailures").GetInt32());
        var failure = Assert.Single(failing.Lines, l => TelemetryHarness.Field(l, "logger") == "Apono.Integration.Sdk.Telemetry");
        Assert.Equal("ERROR", TelemetryHarness.Field(failure, "level"));
        Assert.Equal($"Audit sink ThrowingSink failed for request {failing.LastRequestId} with InvalidOperationException; the answer is unchanged", TelemetryHarness.Field(failure, "message"));
        Assert.DoesNotContain(ThrowingSink.Message, string.Join('\n', failing.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HangingSink_AnswerGoesOutAfterTheSinkTimeoutAndIsCounted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sink = new HangingSink();
        await using var plain = new TelemetryHarness(Function(true, null), timeProvider: time);
        await using var hanging = new TelemetryHarness(Function(true, sink), timeProvider: time);
        var expected = await plain.InvokeAsync(OperationsEvents.Body("grant-access"));

        var pending = hanging.InvokeAsync(OperationsEvents.Body("grant-access"));
        await sink.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(pending.IsCompleted);
        var actual = await AdvanceUntilDone(time, pending);

        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
        Assert.Equal(1, hanging.Observers.AuditSinkFailures);
        Assert.True(sink.Token.IsCancellationRequested);
        Assert.Single(hanging.Lines, l => TelemetryHarness.Field(l, "message") == $"Audit sink HangingSink did not finish within 1000 ms for request {hanging.LastRequestId}; it was cancelled and the answer is unchanged");
    }

    [Fact]
    public async Task BlockingSink_SynchronousBlockBeforeItsTask_DoesNotHoldTheAnswerPastTheTimeout()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var release = new ManualResetEventSlim();
        var sink = new BlockingSink(release);
        await using var harness = new TelemetryHarness(Function(true, sink), timeProvider: time);

        var pending = harness.InvokeAsync(OperationsEvents.Body("grant-access"));
        await sink.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var result = await AdvanceUntilDone(time, pending);
        release.Set();

        Assert.True(result.IsSuccess);
        Assert.Equal(1, harness.Observers.AuditSinkFailures);
    }

    [Fact]
    public async Task TwoSinks_OneThrows_TheOtherStillReceivesTheRecord()
    {
        var collecting = new AuditRecordTests.CollectingSink();
        var function = new RecordingFunction
        {
            ServicesHook = services => services.AddSingleton<IAuditSink>(new ThrowingSink()).AddSingleton<IAuditSink>(collecting),
        };
        await using var harness = new TelemetryHarness(function);

        var result = await harness.InvokeAsync(OperationsEvents.Body("reset-credentials"));

        Assert.True(result.IsSuccess);
        Assert.Equal("reset-credentials", Assert.Single(collecting.Records).EventType);
        Assert.Equal(1, harness.Observers.AuditSinkFailures);
    }

    /// <summary>The dispatcher arms its fake timer on another thread after the sink starts: advance until it has fired.</summary>
    private static async Task<T> AdvanceUntilDone<T>(FakeTimeProvider time, Task<T> task)
    {
        for (var i = 0; i < 500 && !task.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(task, Task.Delay(10));
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static RecordingFunction Function(bool succeeds, IAuditSink? sink) => new()
    {
        Behavior = succeeds ? null : (_, _, _) => throw new Errors.ResourceNotFoundException("no db-2"),
        ServicesHook = sink is null ? null : services => services.AddSingleton(sink),
    };

    private sealed class ThrowingSink : IAuditSink
    {
        public const string Message = "sink-message-with-hunter2";

        public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken) => throw new InvalidOperationException(Message);
    }

    private sealed class HangingSink : IAuditSink
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Token { get; private set; }

        public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            Token = cancellationToken;
            Called.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }

    private sealed class BlockingSink(ManualResetEventSlim release) : IAuditSink
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            Called.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(60), CancellationToken.None);
            return ValueTask.CompletedTask;
        }
    }
}
