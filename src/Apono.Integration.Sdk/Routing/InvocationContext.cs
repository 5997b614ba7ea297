using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.ResourceTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Routing;

/// <summary>What an event handler knows about the invocation it answers.</summary>
/// <remarks>The invocation's cancellation token is not here: every author method receives it as its third parameter.</remarks>
public sealed class InvocationContext
{
    private readonly TimeProvider timeProvider;
    private readonly IServiceScopeFactory scopeFactory;
    private IServiceScope? scope;

    internal InvocationContext(
        InvocationMetadata metadata,
        string eventType,
        string? resourceType,
        AponoResourceTypeInfo? declaredResourceType,
        InvocationLogScope logScope,
        IServiceScopeFactory scopeFactory,
        ILogger logger,
        TimeProvider timeProvider)
    {
        RequestId = metadata.RequestId;
        Deadline = metadata.Deadline;
        InvokedFunctionArn = metadata.InvokedFunctionArn;
        TraceId = metadata.TraceId;
        ClientContext = metadata.ClientContext;
        CognitoIdentity = metadata.CognitoIdentity;
        EventType = eventType;
        ResourceType = resourceType;
        DeclaredResourceType = declaredResourceType;
        LogScope = logScope;
        this.scopeFactory = scopeFactory;
        Logger = logger;
        this.timeProvider = timeProvider;
    }

    /// <summary>Gets the Lambda request id (<c>Lambda-Runtime-Aws-Request-Id</c>), or a generated id when run locally.</summary>
    public string RequestId { get; }

    /// <summary>Gets the event being answered, e.g. <c>grant-access</c>.</summary>
    public string EventType { get; }

    /// <summary>Gets when Lambda ends the invocation, or <see langword="null"/> when it has no deadline (local runs).</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Gets the time left until <see cref="Deadline"/>, or <see langword="null"/> without a deadline.</summary>
    public TimeSpan? RemainingTime => Deadline - timeProvider.GetUtcNow();

    /// <summary>Gets the request's <c>resource_type</c>, or <see langword="null"/> for an event without one (<c>get-status</c>, a <c>list-resources-tags</c> that sends none).</summary>
    public string? ResourceType { get; }

    /// <summary>
    /// Gets the declared resource type the request was routed to, or <see langword="null"/> when the function declares
    /// no resource types (or for a function-level event whose <c>resource_type</c>, if any, is not declared).
    /// </summary>
    /// <remarks>For a per-type event of a function that declares types it is never <see langword="null"/>: an undeclared <c>resource_type</c> is refused before the author's code runs.</remarks>
    public AponoResourceTypeInfo? DeclaredResourceType { get; }

    /// <summary>
    /// Gets the invocation's logger. Its lines carry the request id, event type and grant id; custom parameter
    /// values are replaced by <c>***</c> should they appear in a message, and control and bidi characters are shown as
    /// <c>\uXXXX</c>.
    /// </summary>
    /// <remarks>Logging never throws into the handler: a logging provider that fails is counted and the line dropped.</remarks>
    public ILogger Logger { get; }

    /// <summary>Gets the services of this invocation's dependency-injection scope, disposed when the invocation ends.</summary>
    /// <remarks>
    /// The scope is created on first use, so an invocation that resolves nothing pays nothing for it. A declared resource
    /// type's handler is resolved from this same scope, so its constructor's scoped services are the ones seen here.
    /// </remarks>
    public IServiceProvider Services
    {
        get
        {
            if (scope is null)
            {
                var created = scopeFactory.CreateScope();
                if (Interlocked.CompareExchange(ref scope, created, null) is not null)
                {
                    // Another thread of the same invocation created it first.
                    created.Dispose();
                }
            }

            return scope.ServiceProvider;
        }
    }

    /// <summary>Gets the ARN the function was invoked with, when run by Lambda.</summary>
    public string? InvokedFunctionArn { get; }

    /// <summary>Gets the X-Ray trace header (<c>Lambda-Runtime-Trace-Id</c>), when present.</summary>
    public string? TraceId { get; }

    /// <summary>Gets the raw client context JSON (<c>Lambda-Runtime-Client-Context</c>), when present.</summary>
    public string? ClientContext { get; }

    /// <summary>Gets the raw Cognito identity JSON (<c>Lambda-Runtime-Cognito-Identity</c>), when present.</summary>
    public string? CognitoIdentity { get; }

    /// <summary>Gets the invocation's logging scope, whose secrets a credentials reply's secret joins.</summary>
    internal InvocationLogScope LogScope { get; }

    /// <summary>Disposes the invocation's scope, if one was created.</summary>
    internal ValueTask DisposeScopeAsync() => scope switch
    {
        null => ValueTask.CompletedTask,
        IAsyncDisposable asyncDisposable => asyncDisposable.DisposeAsync(),
        var other => Dispose(other),
    };

    private static ValueTask Dispose(IDisposable disposable)
    {
        disposable.Dispose();
        return ValueTask.CompletedTask;
    }
}
