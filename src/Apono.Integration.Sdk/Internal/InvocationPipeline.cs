using System.Globalization;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Errors;
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
    private readonly IServiceScopeFactory scopeFactory;
    private readonly AponoFunctionOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger sdkLogger;
    private readonly ILogger functionLogger;
    private readonly SecretRedactor redactor;

    public InvocationPipeline(AponoIntegrationFunction function, IServiceProvider services, AponoFunctionOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        this.function = function;
        this.options = options;
        this.timeProvider = timeProvider;
        scopeFactory = services.GetRequiredService<IServiceScopeFactory>();
        sdkLogger = loggerFactory.CreateLogger("Apono.Integration.Sdk");
        functionLogger = loggerFactory.CreateLogger(function.GetType().FullName ?? "Apono.Integration.Function");
        redactor = services.GetService<SecretRedactor>() ?? new SecretRedactor(services.GetService<SecretRegistry>() ?? new SecretRegistry());
    }

    public AponoFunctionOptions Options => options;

    public async Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> body, InvocationMetadata metadata, CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        var scope = new InvocationLogScope(metadata.RequestId, redactor.BeginInvocation());
        using var logScope = sdkLogger.BeginScope(scope);
        var eventType = "(unknown event)";
        CancellationTokenSource? deadline = null;
        Task<ReadOnlyMemory<byte>>? work = null;
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
            scope.Secrets.AddLater(request.CustomParameters.SecretCandidates());

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
                work = RunAsync(request, metadata, scope, token);

                // An author method that ignores its token must not hold the answer past the deadline.
                var reply = await work.WaitAsync(token).ConfigureAwait(false);
                return Succeeded(eventType, reply, started);
            }

            work = RunAsync(request, metadata, scope, cancellationToken);
            return Succeeded(eventType, await work.ConfigureAwait(false), started);
        }
        catch (OperationCanceledException) when (deadline?.IsCancellationRequested == true)
        {
            // The abandoned handler may still fail later; observe it so it is not reported as unobserved.
            _ = work?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
            return Failed(eventType, ex.ErrorType, redactor.Redact(ex.Message, scope.Secrets));
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

    private InvocationResult Failed(string eventType, string errorType, string message)
    {
        Log.Failed(sdkLogger, eventType, errorType, message);
        return InvocationResult.Failure(errorType, message);
    }

    private async Task<ReadOnlyMemory<byte>> RunAsync(AponoRequest request, InvocationMetadata metadata, InvocationLogScope logScope, CancellationToken cancellationToken)
    {
        // The author's code runs inside the invocation's logging scope (pushed by InvokeAsync on the shared scope
        // provider), so its lines carry the request id too.
        var context = new InvocationContext(metadata, request.EventType, scopeFactory, functionLogger, timeProvider, cancellationToken);
        try
        {
            using var buffer = new PooledReplyBuffer();
            using (var writer = new Utf8JsonWriter(buffer, ReplyWriter.WriterOptions))
            {
                switch (request)
                {
                    case ListResourcesRequest r:
                        var list = await function.ListResourcesAsync(r, context).ConfigureAwait(false) ?? throw NullReply(r);
                        await ReplyWriter.WriteListResourcesAsync(writer, list, r.ResourceType, cancellationToken).ConfigureAwait(false);
                        break;
                    case GrantAccessRequest r:
                        _ = await function.GrantAccessAsync(r, context).ConfigureAwait(false) ?? throw NullReply(r);
                        ReplyWriter.WriteOk(writer);
                        break;
                    case RevokeAccessRequest r:
                        _ = await function.RevokeAccessAsync(r, context).ConfigureAwait(false) ?? throw NullReply(r);
                        ReplyWriter.WriteOk(writer);
                        break;
                    case CreateCredentialsRequest r:
                        var created = await function.CreateCredentialsAsync(r, context).ConfigureAwait(false) ?? throw NullReply(r);
                        logScope.Secrets.Add(created.Secret?.Reveal());
                        ReplyWriter.WriteCredentials(writer, created, r.EventType);
                        break;
                    case ResetCredentialsRequest r:
                        var reset = await function.ResetCredentialsAsync(r, context).ConfigureAwait(false) ?? throw NullReply(r);
                        logScope.Secrets.Add(reset.Secret?.Reveal());
                        ReplyWriter.WriteCredentials(writer, reset, r.EventType);
                        break;
                    case DeleteCredentialsRequest r:
                        _ = await function.DeleteCredentialsAsync(r, context).ConfigureAwait(false) ?? throw NullReply(r);
                        ReplyWriter.WriteOk(writer);
                        break;
                    case ListResourceTagsRequest r:
                        ReplyWriter.WriteTags(writer, await function.ListResourceTagsAsync(r, context).ConfigureAwait(false) ?? throw NullReply(r));
                        break;
                    case GetStatusRequest r:
                        ReplyWriter.WriteStatus(writer, await function.GetStatusAsync(r, context).ConfigureAwait(false) ?? throw NullReply(r));
                        break;
                    default:
                        throw new InvalidOperationException("Unreachable: the request reader only makes known requests.");
                }
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

    private static InvalidReplyException NullReply(AponoRequest request) =>
        new($"The handler of {request.EventType} returned null instead of a reply.");
}
