using BenchmarkDotNet.Attributes;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>
/// What each way of keeping a deadline for a synchronously blocking author method costs per invocation, on its own:
/// the mechanism around an author method that completes synchronously (a cached task), without the pipeline's reader,
/// routing and reply. Each row is built like the pipeline builds it; the "inline + deadline watch" row is the design
/// the pipeline uses (<c>InvocationPipeline.DeadlineWatch</c>), the "thread-pool start" row the one it replaced.
/// </summary>
[MemoryDiagnoser]
public class DeadlineDesignBenchmarks
{
    private static readonly Task<byte[]> Reply = Task.FromResult(new byte[16]);
    private static readonly TimeSpan Budget = TimeSpan.FromDays(1);
    private readonly CancellationTokenSource host = new();

    [GlobalCleanup]
    public void Cleanup() => host.Dispose();

    [Benchmark(Baseline = true, Description = "inline, no deadline")]
    public Task<byte[]> Inline() => Author(host.Token);

    [Benchmark(Description = "thread-pool start: timer source + linked source + work item + completion source (previous)")]
    public async Task<byte[]> ThreadPoolStart()
    {
        using var deadline = new CancellationTokenSource(Budget, TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(host.Token, deadline.Token);
        var run = new OffloadedRun(linked.Token);
        ThreadPool.UnsafeQueueUserWorkItem(run, preferLocal: false);
        return await run.Answer.Task.ConfigureAwait(false);
    }

    [Benchmark(Description = "inline + completion source: timer source + linked source + registration completing it")]
    public async Task<byte[]> InlineCompletionSource()
    {
        using var deadline = new CancellationTokenSource(Budget, TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(host.Token, deadline.Token);
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = linked.Token.UnsafeRegister(static s => ((TaskCompletionSource<byte[]>)s!).TrySetCanceled(), answer);
        var work = Author(linked.Token);
        _ = work.ContinueWith(static (done, s) => ((TaskCompletionSource<byte[]>)s!).TrySetResult(done.Result), answer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return await answer.Task.ConfigureAwait(false);
    }

    [Benchmark(Description = "inline + deadline watch: source + timer + host registration, no task (now)")]
    public async Task<byte[]> InlineWatch()
    {
        using var watch = new Watch(host.Token);
        var work = Author(watch.Source.Token);
        if (work.IsCompleted && watch.TryFinish())
        {
            return await work.ConfigureAwait(false);
        }

        throw new InvalidOperationException("The author method completes synchronously here.");
    }

    private static Task<byte[]> Author(CancellationToken token) => token.IsCancellationRequested ? Task.FromCanceled<byte[]>(token) : Reply;

    private sealed class OffloadedRun : IThreadPoolWorkItem
    {
        private readonly CancellationToken token;
        private readonly ExecutionContext? context = ExecutionContext.Capture();

        public OffloadedRun(CancellationToken token)
        {
            this.token = token;
            _ = token.UnsafeRegister(static s => ((OffloadedRun)s!).Answer.TrySetCanceled(), this);
        }

        public TaskCompletionSource<byte[]> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Execute()
        {
            if (context is null)
            {
                Start();
            }
            else
            {
                ExecutionContext.Run(context, static s => ((OffloadedRun)s!).Start(), this);
            }
        }

        private void Start() => Answer.TrySetResult(Author(token).Result);
    }

    private sealed class Watch : IDisposable
    {
        private readonly ITimer timer;
        private readonly CancellationTokenRegistration registration;
        private int state;

        public Watch(CancellationToken hostToken)
        {
            timer = TimeProvider.System.CreateTimer(static s => ((Watch)s!).Fire(), this, Budget, Timeout.InfiniteTimeSpan);
            registration = hostToken.UnsafeRegister(static s => ((Watch)s!).Fire(), this);
        }

        public CancellationTokenSource Source { get; } = new();

        public bool TryFinish() => Interlocked.CompareExchange(ref state, 2, 0) == 0;

        public void Dispose()
        {
            timer.Dispose();
            registration.Dispose();
            Source.Dispose();
        }

        private void Fire()
        {
            if (Interlocked.CompareExchange(ref state, 3, 0) == 0)
            {
                Source.Cancel();
            }
        }
    }
}
