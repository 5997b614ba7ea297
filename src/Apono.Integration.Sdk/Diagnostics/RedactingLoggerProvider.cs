using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// Wraps a logging provider the function (or its host) registers, so that what it receives is redacted like the
/// SDK's own lines: the category, the message, every structured value, every scope, and exceptions (through
/// <see cref="RedactedException"/>). The SDK wraps every <see cref="ILoggerProvider"/> registration after
/// ConfigureServices has run, whatever registered it.
/// </summary>
/// <remarks>
/// The inner provider's loggers are created per masked category, when a line is written: a category that quotes a
/// secret (<c>CreateLogger("Client[" + token + "]")</c>) never reaches the inner provider as it is, even when the
/// secret became known after the logger was created.
/// </remarks>
internal class RedactingLoggerProvider : ILoggerProvider
{
    private readonly ILoggerProvider inner;
    private readonly bool ownsInner;
    private readonly ConcurrentDictionary<string, ILogger> loggers = new(StringComparer.Ordinal);

    public RedactingLoggerProvider(ILoggerProvider inner, bool ownsInner, SecretRedactor redactor, Func<Exception, bool> isMessageSafe)
    {
        this.inner = inner;
        this.ownsInner = ownsInner;
        Redactor = redactor;
        IsMessageSafe = isMessageSafe;
    }

    /// <summary>Gets the wrapped provider.</summary>
    public ILoggerProvider Inner => inner;

    internal SecretRedactor Redactor { get; }

    internal Func<Exception, bool> IsMessageSafe { get; }

    public static RedactingLoggerProvider Wrap(ILoggerProvider inner, bool ownsInner, SecretRedactor redactor, Func<Exception, bool> isMessageSafe) =>
        inner is ISupportExternalScope
            ? new ExternalScopes(inner, ownsInner, redactor, isMessageSafe)
            : new RedactingLoggerProvider(inner, ownsInner, redactor, isMessageSafe);

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(this, categoryName);

    public void Dispose()
    {
        if (ownsInner)
        {
            inner.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    internal ILogger InnerLogger(string maskedCategory) => loggers.GetOrAdd(maskedCategory, static (category, provider) => provider.CreateLogger(category), inner);

    internal LineRedaction ForLine() => Redactor.ForLine(Redactor.Current());

    /// <summary>For a provider that reads scopes from the factory's scope provider: it is handed one that masks them.</summary>
    private sealed class ExternalScopes(ILoggerProvider inner, bool ownsInner, SecretRedactor redactor, Func<Exception, bool> isMessageSafe)
        : RedactingLoggerProvider(inner, ownsInner, redactor, isMessageSafe), ISupportExternalScope
    {
        public void SetScopeProvider(IExternalScopeProvider scopeProvider)
        {
            Redactor.Scopes ??= scopeProvider;
            ((ISupportExternalScope)Inner).SetScopeProvider(new RedactingScopeProvider(scopeProvider, this));
        }
    }

    private sealed class RedactingScopeProvider(IExternalScopeProvider scopes, RedactingLoggerProvider provider) : IExternalScopeProvider
    {
        public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
        {
            var redaction = provider.ForLine();
            if (redaction.IsEmpty)
            {
                scopes.ForEachScope(callback, state);
                return;
            }

            // A non-generic state: a state type built from TState (a tuple) would be an endless generic expansion
            // when scope providers nest, which the Native AOT compiler rejects.
            Action<object?> forward = scope => callback(RedactScope(scope, redaction), state);
            scopes.ForEachScope(static (scope, next) => next(scope), forward);
        }

        public IDisposable Push(object? state) => scopes.Push(state);
    }

    private static object? RedactScope(object? scope, LineRedaction redaction) => scope switch
    {
        null => null,
        string text => redaction.Redact(text),
        _ => RedactedLogState.Redact(scope, redaction, redaction.Redact(Convert.ToString(scope, CultureInfo.InvariantCulture) ?? string.Empty)),
    };

    private sealed class RedactingLogger(RedactingLoggerProvider provider, string category) : ILogger
    {
        private ILogger? lastInner;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            // Only reached for a provider without external scopes; masked with the secrets known now.
            var redaction = provider.ForLine();
            var logger = provider.InnerLogger(redaction.Redact(category));
            return redaction.IsEmpty ? logger.BeginScope(state) : logger.BeginScope(RedactScope(state, redaction)!);
        }

        // The inner logger of the category as last masked (Log checks the current one again before writing).
        public bool IsEnabled(LogLevel logLevel) => lastInner?.IsEnabled(logLevel) ?? true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var redaction = provider.ForLine();
            var logger = lastInner = provider.InnerLogger(redaction.Redact(category));
            if (!logger.IsEnabled(logLevel))
            {
                return;
            }

            if (redaction.IsEmpty && exception is null)
            {
                logger.Log(logLevel, eventId, state, null, formatter);
                return;
            }

            var shown = exception is null ? null : RedactedException.From(exception, redaction, provider.IsMessageSafe);
            if (redaction.IsEmpty)
            {
                logger.Log(logLevel, eventId, state, shown, (s, _) => formatter(s, exception));
                return;
            }

            var message = redaction.Redact(formatter(state, exception));
            var redacted = RedactedLogState.Redact(state, redaction, message) as RedactedLogState ?? new RedactedLogState(message, []);
            logger.Log(logLevel, eventId, redacted, shown, RedactedLogState.Formatter);
        }
    }
}
