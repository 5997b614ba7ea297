using System.Globalization;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// The one pipeline every host runs: bytes in → envelope → route → author method → reply validation → bytes out.
/// It never throws: every failure becomes an <see cref="InvocationResult"/> with a clear error.
/// </summary>
internal sealed class InvocationPipeline
{
    private readonly AponoIntegrationFunction function;
    private readonly AponoCapabilities capabilities;
    private readonly IServiceScopeFactory scopeFactory;
    private readonly AponoFunctionOptions options;
    private readonly TimeProvider timeProvider;
    private readonly FailSafeLogger sdkLogger;
    private readonly ILogger functionLogger;
    private readonly SecretRedactor redactor;
    private readonly InvocationObservers? observers; // [ops] audit, metrics, spans: Internal/InvocationObserver*.cs

    public InvocationPipeline(AponoIntegrationFunction function, AponoCapabilities capabilities, IServiceProvider services, AponoFunctionOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        this.function = function;
        this.capabilities = capabilities;
        this.options = options;
        this.timeProvider = timeProvider;
        scopeFactory = services.GetRequiredService<IServiceScopeFactory>();
        const string SdkCategory = "Apono.Integration.Sdk";
        var functionCategory = function.GetType().FullName ?? "Apono.Integration.Function";
        sdkLogger = new FailSafeLogger(loggerFactory.CreateLogger(SdkCategory), SdkCategory, LogFailures);
        functionLogger = new FailSafeLogger(loggerFactory.CreateLogger(functionCategory), functionCategory, LogFailures);
        redactor = services.GetService<SecretRedactor>() ?? new SecretRedactor(services.GetService<SecretRegistry>() ?? new SecretRegistry());
        observers = services.GetService<InvocationObservers>(); // [ops]
    }

    public AponoFunctionOptions Options => options;

    /// <summary>Gets the function whose methods the events table's rows call.</summary>
    public AponoIntegrationFunction Function => function;

    /// <summary>Gets the count of log lines (the SDK's and the author's) that a logging provider failed to write.</summary>
    public LogWriteFailures LogFailures { get; } = new();

    public Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> body, InvocationMetadata metadata, CancellationToken cancellationToken = default) =>
        InvokeAsync(body, metadata, takeover: null, cancellationToken);

    // [ops] begin: one observer per invocation (audit record, metrics document, spans), told the request once read and
    // the answer once; nothing is observed when no part is on or listened to.

    /// <param name="body">The request body.</param>
    /// <param name="metadata">The invocation's request id and deadline.</param>
    /// <param name="takeover">
    /// The host's hand-off for an answer due while the author's method still holds the invoking thread; without one, such
    /// an invocation returns its <c>Timeout</c> answer only when the method returns.
    /// </param>
    /// <param name="cancellationToken">The host's token (shutdown).</param>
    public Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> body, InvocationMetadata metadata, IAnswerTakeover? takeover, CancellationToken cancellationToken) =>
        observers?.IsActive == true
            ? ObservedInvokeAsync(body, metadata, takeover, cancellationToken)
            : InvokeCoreAsync(body, metadata, takeover, null, cancellationToken);

    private Task<InvocationResult> ObservedInvokeAsync(ReadOnlyMemory<byte> body, InvocationMetadata metadata, IAnswerTakeover? takeover, CancellationToken cancellationToken)
    {
        // The invocation span is made current: that must happen inside an async method, whose return restores the
        // caller's context. Without spans the observation runs inline, and an invocation that completes synchronously
        // (no sink to await) costs no second task.
        if (observers!.Tracer?.HasListeners == true)
        {
            return TracedInvokeAsync(body, metadata, takeover, cancellationToken);
        }

        var observer = observers.Begin(metadata, tracing: false);
        var work = InvokeCoreAsync(body, metadata, Observed(takeover, observer), observer, cancellationToken);
        if (!work.IsCompletedSuccessfully)
        {
            return FinishWhenDoneAsync(work, observer);
        }

        var result = work.Result;
        if (result.TakenOver)
        {
            return work;
        }

        var finish = observer.FinishAsync(result);
        if (!finish.IsCompletedSuccessfully)
        {
            return ResultAfterAsync(finish, result);
        }

        finish.GetAwaiter().GetResult();
        return work;
    }

    private async Task<InvocationResult> TracedInvokeAsync(ReadOnlyMemory<byte> body, InvocationMetadata metadata, IAnswerTakeover? takeover, CancellationToken cancellationToken)
    {
        var observer = observers!.Begin(metadata, tracing: true);
        return await FinishWhenDoneAsync(InvokeCoreAsync(body, metadata, Observed(takeover, observer), observer, cancellationToken), observer).ConfigureAwait(false);
    }

    private static async Task<InvocationResult> FinishWhenDoneAsync(Task<InvocationResult> work, InvocationObserver observer)
    {
        var result = await work.ConfigureAwait(false);
        if (!result.TakenOver)
        {
            await observer.FinishAsync(result).ConfigureAwait(false);
        }

        return result;
    }

    private static async Task<InvocationResult> ResultAfterAsync(ValueTask finish, InvocationResult result)
    {
        await finish.ConfigureAwait(false);
        return result;
    }

    // An answer taken over at the deadline (the author's method still holds the invoking thread) is observed when it is
    // handed to the host, not when the method returns, which may be never.
    private static ObservedTakeover? Observed(IAnswerTakeover? takeover, InvocationObserver observer) =>
        takeover is null ? null : new ObservedTakeover(takeover, observer);

    /// <summary>
    /// The host's takeover, observed: the answer handed over at the deadline is observed (audit record, metrics, spans)
    /// and then handed to the host, on the deadline's thread; the invocation's own return, later, observes nothing.
    /// </summary>
    private sealed class ObservedTakeover(IAnswerTakeover host, InvocationObserver observer) : IAnswerTakeover
    {
        public void TakeOver(string requestId, InvocationResult answer) => _ = ObserveThenHandOverAsync(requestId, answer);

        private async Task ObserveThenHandOverAsync(string requestId, InvocationResult answer)
        {
            try
            {
                // FinishAsync never throws; the host gets the answer whatever happens to the observation.
                await observer.FinishAsync(answer).ConfigureAwait(false);
            }
            finally
            {
                host.TakeOver(requestId, answer);
            }
        }
    }
    // [ops] end

    private async Task<InvocationResult> InvokeCoreAsync(ReadOnlyMemory<byte> body, InvocationMetadata metadata, IAnswerTakeover? takeover, InvocationObserver? observer, CancellationToken cancellationToken)
    {
        var started = observer?.Started ?? timeProvider.GetTimestamp();
        var scope = new InvocationLogScope(metadata.RequestId, redactor.BeginInvocation());
        using var logScope = sdkLogger.BeginScope(scope);
        var eventType = "(unknown event)";
        DeadlineWatch? watch = null;
        try
        {
            var request = RequestReader.Read(body, options);
            observer?.RequestRead(request); // [ops]
            eventType = request.EventType;
            scope.EventType = eventType;
            scope.GrantId = request switch
            {
                AccessRequest access => access.GrantId,
                CredentialsRequest credentials => credentials.GrantId,
                _ => null,
            };
            scope.Secrets.AddLater(request.CustomParameters, options);

            if (metadata.Deadline is { } end)
            {
                var budget = end - timeProvider.GetUtcNow() - options.DeadlineSafetyMargin;
                if (budget <= TimeSpan.Zero)
                {
                    // Nothing can finish in time: the author's method is not started.
                    Log.TimedOut(sdkLogger, eventType);
                    return DeadlineAnswer(eventType);
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return Failed(eventType, AponoErrorType.Timeout, ShutdownMessage(eventType));
                }

                // The author's method runs inline on this thread; the watch answers Timeout from the timer's thread if it
                // has not finished by then, even while the method still holds this thread (see DeadlineWatch).
                watch = new DeadlineWatch(this, request.EventType, metadata.RequestId, takeover, budget, cancellationToken);
                if (!watch.TryStart())
                {
                    return watch.Timeout;
                }

                var work = RunAsync(request, metadata, scope, watch.Token);
                var answer = watch.TryFinishInline(work);
                if (answer is null)
                {
                    // It timed out while the method held this thread: the answer has gone out already (or goes out now).
                    return watch.Timeout;
                }

                return Succeeded(eventType, await answer.ConfigureAwait(false), started, observer);
            }

            // Without a deadline (the local CLI, class-library mode) there is nothing to answer early: run inline.
            return Succeeded(eventType, await RunAsync(request, metadata, scope, cancellationToken).ConfigureAwait(false), started, observer);
        }
        catch (OperationCanceledException) when (watch?.HasTimedOut == true)
        {
            // The abandoned handler keeps running (it cannot be stopped, only asked to via its cancelled token); when
            // it ends, its reply or exception is observed, dropped and logged, and its DI scope disposed (RunAsync).
            return watch.Timeout;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Failed(eventType, AponoErrorType.Timeout, ShutdownMessage(eventType));
        }
        catch (AponoException ex)
        {
            // The rule an invalid reply broke travels as data (for the conformance runner), never only in the message.
            return AuthorFailed(eventType, ex, scope, metadata.RequestId) with { Violation = (ex as InvalidReplyException)?.Violation };
        }
        catch (Exception ex)
        {
            var typeName = ex.GetType().Name;
            Log.Unexpected(sdkLogger, eventType, typeName, ex);
            return InvocationResult.Failure(AponoErrorType.InternalError,
                $"An unexpected error ({typeName}) occurred while handling {eventType}. The function's log has the details under request id {metadata.RequestId}.");
        }
        finally
        {
            redactor.EndInvocation(scope.Secrets);
            watch?.Dispose();
        }
    }

    private static string ShutdownMessage(string eventType) =>
        $"{eventType} was cancelled because the function is shutting down; retry the request.";

    private InvocationResult DeadlineAnswer(string eventType) =>
        InvocationResult.Failure(AponoErrorType.Timeout, string.Create(CultureInfo.InvariantCulture,
            $"{eventType} did not finish in time: the SDK stopped waiting {options.DeadlineSafetyMargin.TotalMilliseconds:0} ms before the invocation deadline. Raise the function's timeout or make the work faster."));

    private InvocationResult Succeeded(string eventType, ReadOnlyMemory<byte> reply, long started, InvocationObserver? observer)
    {
        var elapsed = timeProvider.GetElapsedTime(started);
        observer?.Answered(elapsed); // [ops]
        Log.Answered(sdkLogger, eventType, Math.Round(elapsed.TotalMilliseconds, 3), reply.Length);
        return InvocationResult.Success(reply);
    }

    /// <summary>
    /// An <see cref="AponoException"/> answers its type and message; both are author code and author text, so the
    /// type is checked (<see cref="ErrorTypeRule"/>) and the message scrubbed, then escaped (<see cref="DisplayText"/>).
    /// </summary>
    private InvocationResult AuthorFailed(string eventType, AponoException exception, InvocationLogScope scope, string requestId)
    {
        string errorType;
        string message;
        try
        {
            message = DisplayText.Escape(redactor.Redact(exception.Message, scope.Secrets));
            errorType = exception.ErrorType;
        }
#pragma warning disable CA1031 // An author's ErrorType or Message getter that throws must not make the pipeline throw.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var typeName = ex.GetType().Name;
            Log.Unexpected(sdkLogger, eventType, typeName, ex);
            return InvocationResult.Failure(AponoErrorType.InternalError,
                $"An unexpected error ({typeName}) occurred while handling {eventType}. The function's log has the details under request id {requestId}.");
        }

        if (ErrorTypeRule.Problem(errorType) is { } problem)
        {
            Log.ErrorTypeReplaced(sdkLogger, eventType, exception.GetType().Name, problem, AponoErrorType.InvalidErrorType);
            errorType = AponoErrorType.InvalidErrorType;
        }

        return Failed(eventType, errorType, message);
    }

    private InvocationResult Failed(string eventType, string errorType, string message)
    {
        Log.Failed(sdkLogger, eventType, errorType, message);
        return InvocationResult.Failure(errorType, message);
    }

    private async Task<ReadOnlyMemory<byte>> RunAsync(AponoRequest request, InvocationMetadata metadata, InvocationLogScope logScope, CancellationToken cancellationToken)
    {
        // The author's code runs inside the invocation's logging scope (pushed by InvokeAsync on the shared scope
        // provider), so its lines carry the request id too.
        var descriptor = EventTable.Find(request.EventType) ?? throw new InvalidOperationException("Unreachable: the request reader only makes known requests.");
        var resourceType = EventTable.ResourceTypeOf(request);
        var declared = ResourceTypeRouter.Route(capabilities, descriptor, request, resourceType);
        var context = new InvocationContext(metadata, request.EventType, resourceType, declared, logScope, scopeFactory, functionLogger, timeProvider);
        var stage = Tracing.InvocationTracer.StartStage(Tracing.InvocationTracer.AuthorSpan); // [ops] span: author method
        try
        {
            using var buffer = new PooledReplyBuffer();
            using (var writer = new Utf8JsonWriter(buffer, ReplyWriter.WriterOptions))
            {
                await descriptor.Answer(this, request, context, writer, cancellationToken).ConfigureAwait(false);
            }

            stage = Tracing.InvocationTracer.NextStage(stage, Tracing.InvocationTracer.WriteSpan); // [ops] span: validate and write
            if (buffer.WrittenCount > AponoFunctionOptions.LambdaReplyLimitBytes)
            {
                throw new ResponseTooLargeException(string.Create(CultureInfo.InvariantCulture,
                    $"The {request.EventType} reply is {buffer.WrittenCount:N0} bytes; Lambda accepts at most {AponoFunctionOptions.LambdaReplyLimitBytes:N0}."));
            }

            return buffer.ToArray();
        }
        finally
        {
            Tracing.InvocationTracer.End(stage); // [ops]
            await context.DisposeScopeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Registers a reply's secret with the invocation's scrubber. Bookkeeping: if it fails, the failure is counted and
    /// the reply still goes out (after the author's method returned, no line of this invocation quotes author text).
    /// </summary>
    internal void Remember(InvocationContext context, Credentials.SecretString? secret)
    {
        try
        {
            context.LogScope.Secrets.Add(secret?.Reveal());
        }
#pragma warning disable CA1031 // A success stays a success: scrubbing is bookkeeping.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailures.Record("Apono.Integration.Sdk.SecretRedactor", ex);
        }
    }

    internal static InvalidReplyException NullReply(AponoRequest request) =>
        new($"The handler of {request.EventType} returned null instead of a reply.");
    /// <summary>
    /// The deadline of one invocation whose author method runs inline on the invoking thread: whichever comes first,
    /// the method's end or the watch (the deadline timer, or the host's token), decides the answer. When the watch fires
    /// while the method still holds the invoking thread (it blocked before its first <c>await</c>), nobody awaits the
    /// invocation yet, so the watch hands the <c>Timeout</c> answer to the host's <see cref="IAnswerTakeover"/> from the
    /// timer's thread. When the method has gone asynchronous, the watch completes the awaited answer instead. Work that
    /// ends after that is abandoned: its reply is dropped, its exception observed, and one line logged by type only.
    /// </summary>
    /// <remarks>
    /// A method that completes synchronously (the common case) costs this object, one timer and, when the host token can
    /// fire, one registration: no thread hop, no task, no completion source.
    /// </remarks>
    private sealed class DeadlineWatch : IDisposable
    {
        private const int Running = 0;           // the method has not yet returned to the invoking thread
        private const int Pending = 1;           // it returned a task not yet complete; InvokeAsync awaits `answer`
        private const int Finished = 2;          // it ended first: its reply or exception is the answer
        private const int TimedOutRunning = 3;   // the watch fired first, while the method held the invoking thread
        private const int TimedOutPending = 4;   // the watch fired first, while InvokeAsync awaited `answer`

        private readonly InvocationPipeline pipeline;
        private readonly string eventType;
        private readonly string requestId;
        private readonly IAnswerTakeover? takeover;
        private readonly CancellationTokenSource source = new();
        private readonly ITimer timer;
        private readonly CancellationTokenRegistration hostRegistration;

        // The timed-out line must carry the invocation's logging scope (an AsyncLocal) on the timer's thread.
        private readonly ExecutionContext? context = ExecutionContext.Capture();
        private TaskCompletionSource<ReadOnlyMemory<byte>>? answer;
        private InvocationResult timeout;
        private bool shuttingDown;
        private int state;
        private int fired;

        public DeadlineWatch(InvocationPipeline pipeline, string eventType, string requestId, IAnswerTakeover? takeover, TimeSpan budget, CancellationToken hostToken)
        {
            this.pipeline = pipeline;
            this.eventType = eventType;
            this.requestId = requestId;
            this.takeover = takeover;
            timer = pipeline.timeProvider.CreateTimer(static s => ((DeadlineWatch)s!).Fire(shutdown: false), this, budget, System.Threading.Timeout.InfiniteTimeSpan);

            // A host token that can never fire (the local CLI, the benchmarks) costs nothing here.
            hostRegistration = hostToken.UnsafeRegister(static s => ((DeadlineWatch)s!).Fire(shutdown: true), this);
        }

        /// <summary>Gets the author's token: cancelled when the watch fires.</summary>
        public CancellationToken Token => source.Token;

        public bool HasTimedOut => Volatile.Read(ref state) >= TimedOutRunning;

        /// <summary>Gets the answer the watch decided; <see cref="InvocationResult.TakenOver"/> when the host has it already.</summary>
        public InvocationResult Timeout => timeout with { TakenOver = takeover is not null && Volatile.Read(ref state) == TimedOutRunning };

        /// <summary>Whether the author's method may still start (the watch may have fired before it did).</summary>
        public bool TryStart() => Volatile.Read(ref state) == Running;

        /// <summary>
        /// Called on the invoking thread once the author's method has returned its task: returns the task that gives
        /// the answer (the method's own when it completed synchronously), or <see langword="null"/> when the watch fired
        /// first (then <see cref="Timeout"/> is the answer, and the work, once it ends, is logged as abandoned).
        /// </summary>
        public Task<ReadOnlyMemory<byte>>? TryFinishInline(Task<ReadOnlyMemory<byte>> work)
        {
            if (work.IsCompleted)
            {
                if (Interlocked.CompareExchange(ref state, Finished, Running) == Running)
                {
                    return work;
                }

                Abandoned(work);
                return null;
            }

            // Asynchronous continuations: the pipeline must not go on inside the deadline timer's callback.
            answer = new TaskCompletionSource<ReadOnlyMemory<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Interlocked.CompareExchange(ref state, Pending, Running) != Running)
            {
                _ = work.ContinueWith(static (done, s) => ((DeadlineWatch)s!).Abandoned(done), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return null;
            }

            _ = work.ContinueWith(static (done, s) => ((DeadlineWatch)s!).Complete(done), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return answer.Task;
        }

        public void Dispose()
        {
            timer.Dispose();

            // Unregister, not Dispose: never wait here for a watch that is running on the canceller's thread.
            _ = hostRegistration.Unregister();

            // Once the watch has fired it may still be cancelling the source on its own thread; a cancelled source holds
            // no timer and no registration, so it is left to the collector then.
            if (Volatile.Read(ref state) == Finished)
            {
                source.Dispose();
            }
        }

        private void Complete(Task<ReadOnlyMemory<byte>> work)
        {
            if (Interlocked.CompareExchange(ref state, Finished, Pending) != Pending)
            {
                Abandoned(work);
                return;
            }

            _ = work.Status switch
            {
                TaskStatus.RanToCompletion => answer!.TrySetResult(work.Result),
                TaskStatus.Canceled => answer!.TrySetCanceled(),
                _ => answer!.TrySetException(work.Exception!.InnerExceptions),
            };
        }

        private void Fire(bool shutdown)
        {
            if (Interlocked.Exchange(ref fired, 1) != 0)
            {
                return;
            }

            // Written before the state changes, so that whoever sees a timed-out state reads the answer too.
            shuttingDown = shutdown;
            timeout = shutdown
                ? InvocationResult.Failure(AponoErrorType.Timeout, ShutdownMessage(eventType))
                : pipeline.DeadlineAnswer(eventType);
            var seen = Volatile.Read(ref state);
            while (seen is Running or Pending)
            {
                var was = Interlocked.CompareExchange(ref state, seen == Running ? TimedOutRunning : TimedOutPending, seen);
                if (was == seen)
                {
                    break;
                }

                seen = was;
            }

            if (seen == Finished)
            {
                return;
            }

            if (context is null)
            {
                Answer();
            }
            else
            {
                ExecutionContext.Run(context, static s => ((DeadlineWatch)s!).Answer(), this);
            }

            // Last: a cancellation callback of the author's that throws or blocks must not hold the answer.
            source.Cancel();
        }

        private void Answer()
        {
            if (shuttingDown)
            {
                Log.Failed(pipeline.sdkLogger, eventType, AponoErrorType.Timeout, timeout.ErrorMessage!);
            }
            else
            {
                Log.TimedOut(pipeline.sdkLogger, eventType);
            }

            if (Volatile.Read(ref state) == TimedOutPending)
            {
                answer!.TrySetCanceled();
            }
            else
            {
                takeover?.TakeOver(requestId, Timeout);
            }
        }

        private void Abandoned(Task<ReadOnlyMemory<byte>> work) =>
            // Reading Exception observes it: an abandoned failure is never an unobserved-task exception.
            Log.AbandonedFinished(pipeline.sdkLogger, eventType, work.Exception?.InnerException?.GetType().Name ?? (work.IsCanceled ? nameof(OperationCanceledException) : "a reply"));
    }
}
