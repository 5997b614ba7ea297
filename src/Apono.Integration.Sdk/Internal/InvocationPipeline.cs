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
    }

    public AponoFunctionOptions Options => options;

    /// <summary>Gets the function whose methods the events table's rows call.</summary>
    public AponoIntegrationFunction Function => function;

    /// <summary>Gets the count of log lines (the SDK's and the author's) that a logging provider failed to write.</summary>
    public LogWriteFailures LogFailures { get; } = new();

    public async Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> body, InvocationMetadata metadata, CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        var scope = new InvocationLogScope(metadata.RequestId, redactor.BeginInvocation());
        using var logScope = sdkLogger.BeginScope(scope);
        var eventType = "(unknown event)";
        CancellationTokenSource? deadline = null;
        try
        {
            var request = RequestReader.Read(body, options);
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
                deadline = budget > TimeSpan.Zero
                    ? new CancellationTokenSource(budget, timeProvider)
                    : new CancellationTokenSource();
                if (budget <= TimeSpan.Zero)
                {
                    await deadline.CancelAsync().ConfigureAwait(false);
                }

                // A host token that can never fire (the local CLI, the benchmarks) needs no linked source.
                using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token) : null;
                var token = linked?.Token ?? deadline.Token;
                // The author's method starts on a thread-pool thread: one that ignores its token, or blocks its thread
                // before its first await, cannot hold the answer past the deadline.
                var run = new OffloadedRun(this, request, metadata, scope, token);
                ThreadPool.UnsafeQueueUserWorkItem(run, preferLocal: false);
                var reply = await run.Answer.Task.ConfigureAwait(false);
                return Succeeded(eventType, reply, started);
            }

            // Without a deadline (the local CLI, class-library mode) there is nothing to answer early: run inline.
            return Succeeded(eventType, await RunAsync(request, metadata, scope, cancellationToken).ConfigureAwait(false), started);
        }
        catch (OperationCanceledException) when (deadline?.IsCancellationRequested == true)
        {
            // The abandoned handler keeps running (it cannot be stopped, only asked to via its cancelled token); when
            // it ends, its reply or exception is observed, dropped and logged, and its DI scope disposed (RunAsync).
            Log.TimedOut(sdkLogger, eventType);
            return InvocationResult.Failure(AponoErrorType.Timeout, string.Create(CultureInfo.InvariantCulture,
                $"{eventType} did not finish in time: the SDK stopped waiting {options.DeadlineSafetyMargin.TotalMilliseconds:0} ms before the invocation deadline. Raise the function's timeout or make the work faster."));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Failed(eventType, AponoErrorType.Timeout, $"{eventType} was cancelled because the function is shutting down; retry the request.");
        }
        catch (AponoException ex)
        {
            return AuthorFailed(eventType, ex, scope, metadata.RequestId);
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
            deadline?.Dispose();
        }
    }

    private InvocationResult Succeeded(string eventType, ReadOnlyMemory<byte> reply, long started)
    {
        Log.Answered(sdkLogger, eventType, Math.Round(timeProvider.GetElapsedTime(started).TotalMilliseconds, 3), reply.Length);
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
        try
        {
            using var buffer = new PooledReplyBuffer();
            using (var writer = new Utf8JsonWriter(buffer, ReplyWriter.WriterOptions))
            {
                await descriptor.Answer(this, request, context, writer, cancellationToken).ConfigureAwait(false);
            }

            if (buffer.WrittenCount > AponoFunctionOptions.LambdaReplyLimitBytes)
            {
                throw new ResponseTooLargeException(string.Create(CultureInfo.InvariantCulture,
                    $"The {request.EventType} reply is {buffer.WrittenCount:N0} bytes; Lambda accepts at most {AponoFunctionOptions.LambdaReplyLimitBytes:N0}."));
            }

            return buffer.ToArray();
        }
        finally
        {
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
    /// The author's part of one invocation, run on a thread-pool thread: <see cref="Answer"/> completes with its reply or
    /// exception, or is cancelled when the token fires first. Work that ends after that is abandoned: its reply is
    /// dropped, its exception observed, and one line logged by type only. One object replaces an async state machine
    /// hop and a <c>WaitAsync</c> promise, so a method that completes synchronously costs one allocation more than inline.
    /// </summary>
    private sealed class OffloadedRun : IThreadPoolWorkItem
    {
        private readonly InvocationPipeline pipeline;
        private readonly AponoRequest request;
        private readonly InvocationMetadata metadata;
        private readonly InvocationLogScope scope;
        private readonly CancellationToken token;

        // The invocation's logging scope (an AsyncLocal) must reach the author's code on the pool thread.
        private readonly ExecutionContext? context = ExecutionContext.Capture();

        public OffloadedRun(InvocationPipeline pipeline, AponoRequest request, InvocationMetadata metadata, InvocationLogScope scope, CancellationToken token)
        {
            this.pipeline = pipeline;
            this.request = request;
            this.metadata = metadata;
            this.scope = scope;
            this.token = token;
            if (token.CanBeCanceled)
            {
                // Disposed with the invocation's token sources; no need to unregister.
                _ = token.UnsafeRegister(static state => ((OffloadedRun)state!).Answer.TrySetCanceled(), this);
            }
        }

        // Asynchronous continuations: the pipeline must not go on inside the deadline timer's cancellation callback.
        public TaskCompletionSource<ReadOnlyMemory<byte>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Execute()
        {
            if (context is null)
            {
                Start();
            }
            else
            {
                ExecutionContext.Run(context, static state => ((OffloadedRun)state!).Start(), this);
            }
        }

        private void Start()
        {
            Task<ReadOnlyMemory<byte>> work;
            try
            {
                work = pipeline.RunAsync(request, metadata, scope, token);
            }
#pragma warning disable CA1031 // RunAsync is async and does not throw synchronously; this only keeps Answer from never completing.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                work = Task.FromException<ReadOnlyMemory<byte>>(ex);
            }

            if (work.IsCompleted)
            {
                Finish(work);
            }
            else
            {
                _ = work.ContinueWith(static (done, state) => ((OffloadedRun)state!).Finish(done), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        private void Finish(Task<ReadOnlyMemory<byte>> work)
        {
            var delivered = work.Status switch
            {
                TaskStatus.RanToCompletion => Answer.TrySetResult(work.Result),
                TaskStatus.Canceled => Answer.TrySetCanceled(),
                _ => Answer.TrySetException(work.Exception!.InnerExceptions),
            };
            if (!delivered)
            {
                // Reading Exception observes it: an abandoned failure is never an unobserved-task exception.
                Log.AbandonedFinished(pipeline.sdkLogger, request.EventType, work.Exception?.InnerException?.GetType().Name ?? (work.IsCanceled ? nameof(OperationCanceledException) : "a reply"));
            }
        }
    }
}
