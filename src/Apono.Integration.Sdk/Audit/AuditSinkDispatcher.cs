using Apono.Integration.Sdk.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Audit;

/// <summary>
/// Hands a record to every registered <see cref="IAuditSink"/> at once, each on a thread-pool thread, and waits for
/// them at most the sink time limit. A sink that throws or is still running then is counted and logged by type only
/// (its exception message may quote anything); it can never change the answer.
/// </summary>
internal sealed class AuditSinkDispatcher(IAuditSink[] sinks, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
{
    public bool HasSinks => sinks.Length > 0;

    /// <summary>Delivers <paramref name="record"/>; returns how many sinks failed. Never throws.</summary>
    public async ValueTask<int> DeliverAsync(AuditRecord record, DateTimeOffset? deadline)
    {
        var limit = timeout;
        if (deadline is { } end)
        {
            var half = (end - timeProvider.GetUtcNow()) / 2;
            limit = half < limit ? (half > TimeSpan.Zero ? half : TimeSpan.Zero) : limit;
        }

        using var cancel = new CancellationTokenSource();
        var token = cancel.Token;
        var tasks = new Task[sinks.Length];
        for (var i = 0; i < sinks.Length; i++)
        {
            var sink = sinks[i];
            // Task.Run: a sink that blocks its thread before returning a task still cannot hold the answer.
            tasks[i] = Task.Run(() => sink.WriteAsync(record, token).AsTask(), CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(tasks).WaitAsync(limit, timeProvider).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A sink's failure is counted and logged below; it never reaches the invocation.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        var failures = 0;
        for (var i = 0; i < tasks.Length; i++)
        {
            var task = tasks[i];
            if (task.IsCompletedSuccessfully)
            {
                continue;
            }

            failures++;
            var sinkType = sinks[i].GetType().Name;
            if (task.IsCompleted)
            {
                // Reading Exception observes it.
                TelemetryLog.AuditSinkFailed(logger, sinkType, record.RequestId, task.Exception?.InnerException?.GetType().Name ?? nameof(OperationCanceledException));
            }
            else
            {
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                TelemetryLog.AuditSinkTimedOut(logger, sinkType, record.RequestId, limit.TotalMilliseconds);
            }
        }

        if (failures > 0)
        {
            await cancel.CancelAsync().ConfigureAwait(false);
        }

        return failures;
    }
}
