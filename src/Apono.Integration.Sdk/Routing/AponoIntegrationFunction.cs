using System.Buffers;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Routing;

/// <summary>
/// The base of an Apono integration function: override the events you support; the SDK reads and validates the
/// request, routes it, checks your reply against the contract and writes it.
/// </summary>
/// <remarks>
/// <para>
/// An event you do not override answers a <c>NotSupported</c> error naming the event, never <c>ok</c>.
/// <see cref="GetStatusAsync"/> answers <c>{ "status": "active" }</c> unless overridden.
/// </para>
/// <para>
/// One instance serves every invocation of a Lambda environment, possibly several at once: keep per-request
/// state in locals and get per-invocation services from <see cref="InvocationContext.Services"/>, which is a
/// fresh dependency-injection scope for each invocation.
/// </para>
/// <para>Throw an <see cref="AponoException"/> to answer with a clear error; any other exception is reported as
/// <c>InternalError</c> without its message, which may hold secrets.</para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class MyFunction : AponoIntegrationFunction
/// {
///     protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
///         services.AddSingleton&lt;IAccessStore, AccessStore&gt;();
///
///     protected override Task&lt;ListResourcesReply&gt; ListResourcesAsync(ListResourcesRequest request, InvocationContext context) =>
///         Task.FromResult(new ListResourcesReply(
///             [new AponoResource("db-1", "Orders database")],
///             [new AponoPermission("read", "Read")]));
///
///     protected override async Task&lt;OkReply&gt; GrantAccessAsync(GrantAccessRequest request, InvocationContext context)
///     {
///         var store = context.Services.GetRequiredService&lt;IAccessStore&gt;();
///         await store.GrantAsync(request.Username, request.Resources, request.Permission, context.CancellationToken);
///         return OkReply.Instance;
///     }
/// }
/// </code>
/// </example>
public abstract class AponoIntegrationFunction : IAsyncDisposable
{
    private readonly Lock gate = new();
    private FunctionRuntime? runtime;

    /// <summary>
    /// The entry point AWS's managed .NET runtime can call in class-library mode
    /// (<c>Assembly::Namespace.Type::FunctionHandler</c>): reads the event, runs the SDK pipeline and returns the reply JSON.
    /// </summary>
    /// <param name="input">The event JSON.</param>
    /// <returns>The reply JSON.</returns>
    /// <exception cref="AponoInvocationException">The event failed; <see cref="AponoInvocationException.ErrorType"/> says why.</exception>
    public async Task<Stream> FunctionHandler(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Reading the process environment and opening stdout is start-up work: do it once, not per invocation.
        var pipeline = (Volatile.Read(ref runtime) ?? EnsureRuntime(FunctionHostSettings.ForProcess(logToStandardError: false))).Pipeline;
        var body = await ReadBoundedAsync(input, pipeline.Options.MaxRequestBytes).ConfigureAwait(false);
        var result = await pipeline.InvokeAsync(body, InvocationMetadata.Local()).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new AponoInvocationException(result.ErrorType!, result.ErrorMessage!);
        }

        return new MemoryStream(result.Body.ToArray(), writable: false);
    }

    /// <summary>Registers the function's services. Called once per Lambda environment, before the first event.</summary>
    /// <param name="services">The service collection; configuration, logging and <see cref="TimeProvider"/> are already registered.</param>
    /// <param name="configuration">Configuration from environment variables (<c>Section__Key</c> for nested keys).</param>
    protected virtual void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <summary>Changes limits and timings; called once, before <see cref="ConfigureServices"/>.</summary>
    /// <param name="options">The options, holding their defaults.</param>
    protected virtual void Configure(AponoFunctionOptions options)
    {
    }

    /// <summary>Answers <c>list-resources</c>: the resources and permissions the integration manages.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <returns>The resources and permissions.</returns>
    protected internal virtual Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context) =>
        throw NotSupported(AponoEventType.ListResources);

    /// <summary>Answers <c>list-resources-tags</c>: tags per resource id.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <returns>The tags.</returns>
    protected internal virtual Task<ListResourceTagsReply> ListResourceTagsAsync(ListResourceTagsRequest request, InvocationContext context) =>
        throw NotSupported(AponoEventType.ListResourceTags);

    /// <summary>Answers <c>grant-access</c>. Must be idempotent per grant id, resource and permission.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <returns><see cref="OkReply.Instance"/> once access is granted.</returns>
    protected internal virtual Task<OkReply> GrantAccessAsync(GrantAccessRequest request, InvocationContext context) =>
        throw NotSupported(AponoEventType.GrantAccess);

    /// <summary>Answers <c>revoke-access</c>. Must be idempotent: revoking what is not granted succeeds.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <returns><see cref="OkReply.Instance"/> once access is revoked.</returns>
    protected internal virtual Task<OkReply> RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context) =>
        throw NotSupported(AponoEventType.RevokeAccess);

    /// <summary>Answers <c>create-credentials</c>: creates credentials and returns their secret.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <returns>The secret.</returns>
    protected internal virtual Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context) =>
        throw NotSupported(AponoEventType.CreateCredentials);

    /// <summary>Answers <c>reset-credentials</c>: replaces the secret and returns the new one.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <returns>The new secret.</returns>
    protected internal virtual Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context) =>
        throw NotSupported(AponoEventType.ResetCredentials);

    /// <summary>Answers <c>delete-credentials</c>: removes the user's credentials.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <returns><see cref="OkReply.Instance"/> once the credentials are gone.</returns>
    protected internal virtual Task<OkReply> DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context) =>
        throw NotSupported(AponoEventType.DeleteCredentials);

    /// <summary>Answers <c>get-status</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <returns><see cref="StatusReply.Active"/> unless overridden.</returns>
    protected internal virtual Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context) =>
        Task.FromResult(StatusReply.Active);

    /// <summary>Disposes the function's services.</summary>
    /// <returns>A task that completes when they are disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        FunctionRuntime? current;
        lock (gate)
        {
            current = runtime;
            runtime = null;
        }

        if (current is not null)
        {
            await current.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Builds configuration, services and the pipeline once; hosts call it at start-up so failures are init errors.</summary>
    internal FunctionRuntime EnsureRuntime(FunctionHostSettings settings)
    {
        lock (gate)
        {
            return runtime ??= FunctionRuntime.Create(this, settings);
        }
    }

    internal void ConfigureServicesCore(IServiceCollection services, IConfiguration configuration) => ConfigureServices(services, configuration);

    internal void ConfigureCore(AponoFunctionOptions options) => Configure(options);

    private static EventNotSupportedException NotSupported(string eventType) =>
        new($"This integration does not support {eventType}.");

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream input, int maxBytes)
    {
        // One byte over the limit is enough for the pipeline to report the body as too large.
        var buffer = new ArrayBufferWriter<byte>(input.CanSeek ? (int)Math.Min(input.Length + 1, maxBytes + 1L) : 4096);
        while (buffer.WrittenCount <= maxBytes)
        {
            var read = await input.ReadAsync(buffer.GetMemory(4096)).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
        }

        return buffer.WrittenMemory;
    }
}
