using System.Globalization;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Testing;

/// <summary>
/// Runs a function in memory through the same pipeline as production (envelope reading, routing, reply validation,
/// JSON logging), with the environment, clock and deadline under the test's control.
/// </summary>
/// <remarks>
/// Typed calls write the request as the connector's envelope and read the reply back from the wire JSON, so a test
/// sees exactly what Apono would. Nothing reads the process environment or writes to the console.
/// </remarks>
/// <example>
/// <code>
/// await using var host = new AponoTestHost(new MyFunction());
/// var result = await host.ListResourcesAsync(new ListResourcesRequest { ResourceType = "custom-app" });
/// Assert.True(result.IsSuccess, result.ToString());
///
/// var report = await AponoConformance.RunAsync(host);
/// report.AssertAllPassed();
/// </code>
/// </example>
public sealed class AponoTestHost : IAponoInvoker, IAsyncDisposable
{
    private readonly FunctionRuntime runtime;
    private readonly AponoTestHostOptions options;
    private readonly LogCaptureStream logs = new();
    private readonly InvocationPipeline pipeline;
    private long invocations;

    /// <summary>Initializes a new instance of the <see cref="AponoTestHost"/> class and starts the function (configuration and services).</summary>
    /// <param name="function">The function; the host disposes it.</param>
    /// <param name="options">The environment, clock and deadline; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="AponoStartupException">
    /// The function failed to start (a resource type declaration, <c>Configure</c>, <c>ConfigureServices</c> or service
    /// validation), with the message the Lambda host would post as its init error. The function is disposed.
    /// </exception>
    /// <remarks>The host builds its own runtime: the same function instance given to two hosts starts twice, each with its own options.</remarks>
    public AponoTestHost(AponoIntegrationFunction function, AponoTestHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        this.options = options ?? new AponoTestHostOptions();
        var settings = new FunctionHostSettings
        {
            Environment = new Dictionary<string, string?>(this.options.Environment, StringComparer.Ordinal),
            LogOutput = logs,
            DefaultLogLevel = this.options.MinimumLogLevel,
            TimeProvider = this.options.TimeProvider,
        };
        try
        {
            runtime = FunctionRuntime.Create(function, settings, ownsFunction: true);
        }
        catch (AponoStartupException)
        {
            function.DisposeAsync().AsTask().GetAwaiter().GetResult();
            logs.Dispose();
            throw;
        }

        pipeline = runtime.Pipeline;
    }

    /// <summary>Gets what the function declares it answers (resource types, their permissions and events), known without calling it.</summary>
    public AponoCapabilities Capabilities => runtime.Capabilities;

    /// <summary>Gets the log lines written so far, oldest first.</summary>
    public IReadOnlyList<AponoLogEntry> Logs => logs.Snapshot();

    /// <summary>Forgets the log lines captured so far.</summary>
    public void ClearLogs() => logs.Clear();

    /// <inheritdoc/>
    public Task<AponoTestResult> InvokeAsync(string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        return InvokeAsync(Encoding.UTF8.GetBytes(json), cancellationToken);
    }

    /// <summary>Sends a typed request as the connector's envelope and returns the raw outcome.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public Task<AponoTestResult> SendAsync(AponoRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InvokeAsync(EnvelopeWriter.Write(request), cancellationToken);
    }

    /// <summary>Sends <c>list-resources</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <returns>The reply read back from the wire JSON, or the error.</returns>
    public Task<AponoTestResult<ListResourcesReply>> ListResourcesAsync(ListResourcesRequest request, CancellationToken cancellationToken = default) =>
        TypedAsync(request, ReplyReader.ListResources, cancellationToken);

    /// <summary>Sends <c>list-resources-tags</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <returns>The reply read back from the wire JSON, or the error.</returns>
    public Task<AponoTestResult<ListResourceTagsReply>> ListResourceTagsAsync(ListResourceTagsRequest request, CancellationToken cancellationToken = default) =>
        TypedAsync(request, ReplyReader.Tags, cancellationToken);

    /// <summary>Sends <c>grant-access</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <returns>The outcome: <c>{"status":"ok"}</c>, or the error.</returns>
    public Task<AponoTestResult> GrantAccessAsync(GrantAccessRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken);

    /// <summary>Sends <c>revoke-access</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <returns>The outcome: <c>{"status":"ok"}</c>, or the error.</returns>
    public Task<AponoTestResult> RevokeAccessAsync(RevokeAccessRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken);

    /// <summary>Sends <c>create-credentials</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <returns>The reply read back from the wire JSON, or the error.</returns>
    public Task<AponoTestResult<CredentialsReply>> CreateCredentialsAsync(CreateCredentialsRequest request, CancellationToken cancellationToken = default) =>
        TypedAsync(request, ReplyReader.Credentials, cancellationToken);

    /// <summary>Sends <c>reset-credentials</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <returns>The reply read back from the wire JSON, or the error.</returns>
    public Task<AponoTestResult<CredentialsReply>> ResetCredentialsAsync(ResetCredentialsRequest request, CancellationToken cancellationToken = default) =>
        TypedAsync(request, ReplyReader.Credentials, cancellationToken);

    /// <summary>Sends <c>delete-credentials</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <returns>The outcome: <c>{"status":"ok"}</c>, or the error.</returns>
    public Task<AponoTestResult> DeleteCredentialsAsync(DeleteCredentialsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken);

    /// <summary>Sends <c>get-status</c>.</summary>
    /// <param name="request">The request; an empty one when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <returns>The reply read back from the wire JSON, or the error.</returns>
    public Task<AponoTestResult<StatusReply>> GetStatusAsync(GetStatusRequest? request = null, CancellationToken cancellationToken = default) =>
        TypedAsync(request ?? new GetStatusRequest(), ReplyReader.Status, cancellationToken);

    /// <summary>Disposes the function's services, then the function.</summary>
    /// <returns>A task that completes when they are disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        await runtime.DisposeAsync().ConfigureAwait(false);
        await logs.DisposeAsync().ConfigureAwait(false);
    }

    internal async Task<InvocationResult> InvokeRawAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var requestId = string.Create(CultureInfo.InvariantCulture, $"test-{Interlocked.Increment(ref invocations):D4}");
        DateTimeOffset? deadline = options.InvocationTimeout is { } timeout ? options.TimeProvider.GetUtcNow() + timeout : null;
        return await pipeline.InvokeAsync(body, new InvocationMetadata(requestId, deadline), cancellationToken).ConfigureAwait(false);
    }

    private async Task<AponoTestResult> InvokeAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var result = await InvokeRawAsync(body, cancellationToken).ConfigureAwait(false);
        return new AponoTestResult(result.IsSuccess, Encoding.UTF8.GetString(result.Body.Span), result.ErrorType, result.ErrorMessage);
    }

    private async Task<AponoTestResult<TReply>> TypedAsync<TReply>(AponoRequest request, Func<JsonElement, TReply> read, CancellationToken cancellationToken)
        where TReply : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await InvokeAsync(EnvelopeWriter.Write(request), cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return new AponoTestResult<TReply>(result, null);
        }

        using var document = JsonDocument.Parse(result.Json);
        return new AponoTestResult<TReply>(result, read(document.RootElement));
    }
}
