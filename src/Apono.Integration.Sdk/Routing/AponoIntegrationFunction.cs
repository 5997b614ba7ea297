using System.Buffers;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.ResourceTypes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Routing;

/// <summary>
/// The base of an Apono integration function: declare the resource types you serve (or override the events you
/// support); the SDK reads and validates the request, routes it, checks your reply against the contract and writes it.
/// </summary>
/// <remarks>
/// <para>
/// Declared types (<see cref="ConfigureResourceTypes"/>) are served by their handlers, built by dependency injection
/// from each invocation's scope. The per-type methods of this class route to them by default; overriding one
/// intercepts that event for every type. A function that declares no type is served by its overrides, for any
/// <c>resource_type</c>.
/// </para>
/// <para>
/// An event nobody answers gets a <c>NotSupported</c> error naming it, never <c>ok</c>.
/// <see cref="GetStatusAsync"/> answers <c>{ "status": "active" }</c> unless overridden.
/// </para>
/// <para>
/// Every author method gets the invocation's <see cref="CancellationToken"/>: it fires a safety margin before the
/// deadline (<see cref="AponoFunctionOptions.DeadlineSafetyMargin"/>) or when the host shuts down; pass it to every
/// I/O call. Under a deadline the SDK answers <c>Timeout</c> when it fires, even if the method ignores it or blocks its
/// thread; the method is then abandoned, not stopped: its reply or exception is dropped and logged when it ends, and
/// <see cref="InvocationContext.Services"/> is disposed only then.
/// </para>
/// <para>
/// One instance of the function serves every invocation of a Lambda environment, possibly several at once: keep
/// per-request state in locals or in scoped services.
/// </para>
/// <para>Throw an <see cref="AponoException"/> to answer with a clear error; any other exception is reported as
/// <c>InternalError</c> without its message, which may hold secrets.</para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class MyFunction : AponoIntegrationFunction
/// {
///     protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) =>
///         resourceTypes.Add&lt;DatabaseAccess&gt;("orders-database", type => type.WithPermission("read", "Read"));
///
///     protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
///         services.AddSingleton&lt;IAccessStore, AccessStore&gt;();
/// }
///
/// public sealed class DatabaseAccess(IAccessStore store) : IAccessHandler
/// {
///     public Task&lt;ListResourcesReply&gt; ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
///         Task.FromResult(new ListResourcesReply(
///             [new AponoResource("db-1", "Orders database")],
///             [new AponoPermission("read", "Read")]));
///
///     public Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
///         store.GrantAsync(request.Username, request.Resources, request.Permission, cancellationToken);
///
///     public Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
///         store.RevokeAsync(request.Username, request.Resources, request.Permission, cancellationToken);
/// }
/// </code>
/// </example>
public abstract class AponoIntegrationFunction : IAsyncDisposable
{
    // Class-library mode only (FunctionHandler): the managed runtime calls this object, so it holds that mode's
    // runtime. Every other host builds and owns its own runtime.
    private readonly Lock gate = new();
    private FunctionRuntime? handlerRuntime;

    /// <summary>
    /// The entry point AWS's managed .NET runtime can call in class-library mode
    /// (<c>Assembly::Namespace.Type::FunctionHandler</c>): reads the event, runs the SDK pipeline and returns the reply JSON.
    /// </summary>
    /// <param name="input">The event JSON.</param>
    /// <returns>The reply JSON.</returns>
    /// <exception cref="AponoInvocationException">The event failed; <see cref="AponoInvocationException.ErrorType"/> says why.</exception>
    /// <exception cref="AponoStartupException">The function failed to start (on the first call, which builds its runtime).</exception>
    public async Task<Stream> FunctionHandler(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Reading the process environment and opening stdout is start-up work: do it once, not per invocation.
        var pipeline = (Volatile.Read(ref handlerRuntime) ?? HandlerRuntime()).Pipeline;
        var body = await ReadBoundedAsync(input, pipeline.Options.MaxRequestBytes).ConfigureAwait(false);
        var result = await pipeline.InvokeAsync(body, InvocationMetadata.Local()).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new AponoInvocationException(result.ErrorType!, result.ErrorMessage!);
        }

        return new MemoryStream(result.Body.ToArray(), writable: false);
    }

    /// <summary>
    /// Declares the resource types the function serves, each with its permissions and its handler. Called once at
    /// start-up, before <see cref="Configure"/> and <see cref="ConfigureServices"/>.
    /// </summary>
    /// <param name="resourceTypes">The declarations, empty at first.</param>
    /// <remarks>
    /// Declaring nothing (the default) keeps every <c>resource_type</c> served by the function's own overrides. A broken
    /// declaration rule fails the start-up with an <see cref="AponoStartupException"/> naming it.
    /// </remarks>
    protected virtual void ConfigureResourceTypes(AponoResourceTypes resourceTypes)
    {
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
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>The resources and permissions.</returns>
    /// <remarks>By default: the declared type's handler answers; with no type declared, <c>NotSupported</c>.</remarks>
    protected internal virtual Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Handler<IResourceTypeHandler>(context, AponoEventType.ListResources).ListResourcesAsync(request, context, cancellationToken);

    /// <summary>Answers <c>list-resources-tags</c>: tags per resource id.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>The tags.</returns>
    /// <remarks>A function-level event: never routed to a resource type's handler.</remarks>
    protected internal virtual Task<ListResourceTagsReply> ListResourceTagsAsync(ListResourceTagsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        throw NotSupported(AponoEventType.ListResourceTags);

    /// <summary>Answers <c>grant-access</c>. Must be idempotent per grant id, resource and permission.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>A task that completes once access is granted; the SDK then answers <c>{"status":"ok"}</c>.</returns>
    /// <remarks>By default: the declared type's handler answers (<c>NotSupported</c> when it is not an <see cref="IAccessHandler"/>); with no type declared, <c>NotSupported</c>.</remarks>
    protected internal virtual Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Handler<IAccessHandler>(context, AponoEventType.GrantAccess).GrantAccessAsync(request, context, cancellationToken);

    /// <summary>Answers <c>revoke-access</c>. Must be idempotent: revoking what is not granted succeeds.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>A task that completes once access is revoked; the SDK then answers <c>{"status":"ok"}</c>.</returns>
    /// <remarks>By default: the declared type's handler answers (<c>NotSupported</c> when it is not an <see cref="IAccessHandler"/>); with no type declared, <c>NotSupported</c>.</remarks>
    protected internal virtual Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Handler<IAccessHandler>(context, AponoEventType.RevokeAccess).RevokeAccessAsync(request, context, cancellationToken);

    /// <summary>Answers <c>create-credentials</c>: creates credentials and returns their secret.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>The secret.</returns>
    /// <remarks>By default: the declared type's handler answers (<c>NotSupported</c> when it is not an <see cref="ICredentialsHandler"/>); with no type declared, <c>NotSupported</c>.</remarks>
    protected internal virtual Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Handler<ICredentialsHandler>(context, AponoEventType.CreateCredentials).CreateCredentialsAsync(request, context, cancellationToken);

    /// <summary>Answers <c>reset-credentials</c>: replaces the secret and returns the new one.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>The new secret.</returns>
    /// <remarks>By default: the declared type's handler answers (<c>NotSupported</c> when it is not an <see cref="ICredentialsHandler"/>); with no type declared, <c>NotSupported</c>.</remarks>
    protected internal virtual Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Handler<ICredentialsHandler>(context, AponoEventType.ResetCredentials).ResetCredentialsAsync(request, context, cancellationToken);

    /// <summary>Answers <c>delete-credentials</c>: removes the user's credentials.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns>A task that completes once the credentials are gone; the SDK then answers <c>{"status":"ok"}</c>.</returns>
    /// <remarks>By default: the declared type's handler answers (<c>NotSupported</c> when it is not an <see cref="ICredentialsHandler"/>); with no type declared, <c>NotSupported</c>.</remarks>
    protected internal virtual Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Handler<ICredentialsHandler>(context, AponoEventType.DeleteCredentials).DeleteCredentialsAsync(request, context, cancellationToken);

    /// <summary>Answers <c>get-status</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The invocation.</param>
    /// <param name="cancellationToken">Fires when the invocation must stop (deadline or shutdown); pass it to every I/O call.</param>
    /// <returns><see cref="StatusReply.Active"/> unless overridden.</returns>
    protected internal virtual Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StatusReply.Active);

    /// <summary>Disposes the services of class-library mode (<see cref="FunctionHandler"/>), if it ran; hosts dispose their own.</summary>
    /// <returns>A task that completes when they are disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        FunctionRuntime? current;
        lock (gate)
        {
            current = handlerRuntime;
            handlerRuntime = null;
        }

        if (current is not null)
        {
            await current.DisposeServicesAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    internal void ConfigureResourceTypesCore(AponoResourceTypes resourceTypes) => ConfigureResourceTypes(resourceTypes);

    internal void ConfigureServicesCore(IServiceCollection services, IConfiguration configuration) => ConfigureServices(services, configuration);

    internal void ConfigureCore(AponoFunctionOptions options) => Configure(options);

    /// <summary>
    /// The declared type's handler for a per-type event: <c>NotSupported</c> with today's message when nothing is
    /// declared, naming the event and the type when the type's handler does not implement it.
    /// </summary>
    private static THandler Handler<THandler>(InvocationContext context, string eventType)
        where THandler : class, IResourceTypeHandler
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = context.DeclaredResourceType ?? throw NotSupported(eventType);
        if (!type.Handles(eventType) || type.ResolveHandler(context.Services) is not THandler handler)
        {
            throw new EventNotSupportedException($"This integration does not support {eventType} for resource type '{type.Name}'.");
        }

        return handler;
    }

    private FunctionRuntime HandlerRuntime()
    {
        lock (gate)
        {
            return handlerRuntime ??= FunctionRuntime.Create(this, FunctionHostSettings.ForProcess(logToStandardError: false));
        }
    }

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
