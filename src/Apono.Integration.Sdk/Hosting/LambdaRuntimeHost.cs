using System.Globalization;
using System.Runtime.InteropServices;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>
/// Serves the Lambda Runtime API: builds the function once, then runs <c>AWS_LAMBDA_MAX_CONCURRENCY</c> poll loops that
/// fetch events, run them through the <see cref="InvocationPipeline"/> and post exactly one answer for each.
/// </summary>
/// <remarks>
/// Exits (returns) only when the Runtime API is lost (an error status from <c>/next</c>, or a connection that stays
/// refused or reset after <see cref="MaxConnectionRetries"/> retries), when start-up fails, or when the token fires.
/// A failing author method, a bad event or a rejected answer never ends the loop.
/// </remarks>
internal sealed class LambdaRuntimeHost
{
    public const int Stopped = 0;
    public const int InitFailed = 1;
    public const int RuntimeApiLost = 2;

    public const string InitErrorType = "InitError";

    /// <summary>How often a refused or reset connection to <c>/next</c> is retried before the host gives up.</summary>
    public const int MaxConnectionRetries = 3;

    /// <summary>The wait before the first retry; each further retry waits twice as long (100, 200, 400 ms).</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    private const string LoggerCategory = "Apono.Integration.Sdk.Hosting";

    private readonly Func<AponoIntegrationFunction> createFunction;
    private readonly FunctionHostSettings settings;

    public LambdaRuntimeHost(Func<AponoIntegrationFunction> createFunction, FunctionHostSettings settings)
    {
        this.createFunction = createFunction;
        this.settings = settings;
    }

    /// <summary>
    /// Gets what receives each invocation's <c>Lambda-Runtime-Trace-Id</c> before the pipeline runs; by default it sets
    /// the <c>_X_AMZN_TRACE_ID</c> environment variable that X-Ray and OpenTelemetry read.
    /// </summary>
    /// <remarks>
    /// An environment variable is process-wide, so it is only set when one loop runs: with concurrency above 1 it would
    /// name whichever invocation started last. <see cref="InvocationContext.TraceId"/> is always right.
    /// </remarks>
    public Action<string?> ExportTraceId { get; init; } = static traceId => Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", traceId);

    /// <summary>Runs the host for this process: environment and stdout from the process, stopped by SIGTERM.</summary>
    public static async Task<int> RunProcessAsync(Func<AponoIntegrationFunction> createFunction)
    {
        using var stop = new CancellationTokenSource();

        // Lambda sends SIGTERM before it shuts an environment down: stop polling, answer what is in flight, dispose services.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        return await new LambdaRuntimeHost(createFunction, FunctionHostSettings.ForProcess(logToStandardError: false)).RunAsync(stop.Token).ConfigureAwait(false);
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var endpoint = settings.Environment.GetValueOrDefault("AWS_LAMBDA_RUNTIME_API")
            ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set: the Runtime API host runs only inside Lambda.");
        using var client = new RuntimeApiClient(endpoint);

        FunctionRuntime runtime;
        try
        {
            runtime = FunctionRuntime.Create(createFunction, settings);
        }
        catch (AponoStartupException ex)
        {
            await ReportInitFailureAsync(client, ex, cancellationToken).ConfigureAwait(false);
            return InitFailed;
        }

        await using (runtime.ConfigureAwait(false))
        {
            var logger = new FailSafeLogger(runtime.LoggerFactory.CreateLogger(LoggerCategory), LoggerCategory, runtime.Pipeline.LogFailures);
            var concurrency = Concurrency(settings.Environment);
            ReserveThreads(concurrency);
            Log.Serving(logger, endpoint, concurrency);
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var loops = new Task<int>[concurrency];
            for (var i = 0; i < concurrency; i++)
            {
                loops[i] = PollAsync(client, runtime.Pipeline, logger, concurrency == 1 ? ExportTraceId : null, stopping);
            }

            return (await Task.WhenAll(loops).ConfigureAwait(false)).Max();
        }
    }

    /// <summary>
    /// Author methods run on the thread pool, so that one that blocks its thread still gets its <c>Timeout</c> answer.
    /// With every loop's method blocked, the pool must still have threads at once for the deadline timers and the
    /// loops; otherwise it adds them only slowly (about two a second). The process is the function's own.
    /// </summary>
    internal static void ReserveThreads(int concurrency)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var wanted = (2 * concurrency) + Environment.ProcessorCount;
        if (workers < wanted)
        {
            _ = ThreadPool.SetMinThreads(wanted, completionPorts);
        }
    }

    internal static int Concurrency(IReadOnlyDictionary<string, string?> environment) =>
        int.TryParse(environment.GetValueOrDefault("AWS_LAMBDA_MAX_CONCURRENCY"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    private async Task<int> PollAsync(RuntimeApiClient client, InvocationPipeline pipeline, ILogger logger, Action<string?>? exportTraceId, CancellationTokenSource stopping)
    {
        // Run off the caller's stack so that N loops start at once.
        await Task.Yield();
        while (true)
        {
            RuntimeInvocation invocation;
            try
            {
                invocation = await NextAsync(client, logger, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return Stopped;
            }
            catch (Exception ex)
            {
                // The spec's "non-recoverable state": exit promptly, and stop the sibling loops too.
                Log.RuntimeApiFailed(logger, Describe(ex), RuntimeApiLost);
                await stopping.CancelAsync().ConfigureAwait(false);
                return RuntimeApiLost;
            }

            exportTraceId?.Invoke(invocation.Metadata.TraceId);

            // Never throws: a bad event or a failing author method becomes an error answer.
            var result = await pipeline.InvokeAsync(invocation.Body, invocation.Metadata, stopping.Token).ConfigureAwait(false);
            await AnswerAsync(client, logger, invocation.Metadata.RequestId, result).ConfigureAwait(false);
        }
    }

    private async Task<RuntimeInvocation> NextAsync(RuntimeApiClient client, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.NextAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt <= MaxConnectionRetries && IsConnectionFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                var delay = FirstRetryDelay * (1 << (attempt - 1));
                Log.NextRetrying(logger, Describe(ex), attempt, MaxConnectionRetries, delay.TotalMilliseconds);
                await Task.Delay(delay, settings.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task AnswerAsync(RuntimeApiClient client, ILogger logger, string requestId, InvocationResult result)
    {
        var kind = result.IsSuccess ? "response" : "error";

        // The pipeline's scope has ended; a line about this answer still carries its request id as a field.
        using var scope = logger.BeginScope(new InvocationLogScope(requestId));
        try
        {
            // Not cancellable: once an event is fetched its answer goes out, even while the host is stopping.
            var status = result.IsSuccess
                ? await client.PostResponseAsync(requestId, result.Body, CancellationToken.None).ConfigureAwait(false)
                : await client.PostErrorAsync(requestId, result.ErrorType!, result.Body, CancellationToken.None).ConfigureAwait(false);
            if ((int)status is < 200 or > 299)
            {
                Log.AnswerRejected(logger, kind, requestId, (int)status);
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            Log.AnswerFailed(logger, kind, requestId, Describe(ex));
        }
    }

    private async Task ReportInitFailureAsync(RuntimeApiClient client, AponoStartupException failure, CancellationToken cancellationToken)
    {
        var message = failure.Message;

        // No logging pipeline exists yet (building it may be what failed): write straight to the log output.
        using var provider = new JsonLinesLoggerProvider(settings.LogOutput, settings.TimeProvider);
        var logger = new FailSafeLogger(provider.CreateLogger(LoggerCategory), LoggerCategory, new LogWriteFailures());
        Log.InitFailed(logger, message, failure.InnerException ?? failure);
        try
        {
            var status = await client.PostInitErrorAsync(InvocationResult.Failure(InitErrorType, message).Body, cancellationToken).ConfigureAwait(false);
            if ((int)status is < 200 or > 299)
            {
                Log.InitErrorNotPosted(logger, string.Create(CultureInfo.InvariantCulture, $"status {(int)status}"));
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex) || ex is OperationCanceledException)
        {
            Log.InitErrorNotPosted(logger, Describe(ex));
        }
    }

    private static bool IsConnectionFailure(Exception exception) =>
        exception is HttpRequestException { StatusCode: null } or IOException;

    private static string Describe(Exception exception) => exception switch
    {
        RuntimeApiException runtime => runtime.Message,
        HttpRequestException http => string.Create(CultureInfo.InvariantCulture, $"{nameof(HttpRequestException)}: {http.HttpRequestError}"),
        _ => exception.GetType().Name,
    };
}
