using System.Buffers;
using System.Text.Json;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// Writes one JSON object per line, the shape CloudWatch and Lambda's JSON log format read:
/// <c>{"timestamp","level","logger","message","requestId","eventType","grantId","exception"}</c>.
/// </summary>
/// <remarks>
/// Every field (message, logger category, request fields, exception type, message and stack frames) is redacted by
/// the runtime's <see cref="SecretRedactor"/>: the function's own secrets, the current invocation's and those of
/// every invocation still running. Exceptions are written as type and stack frames; the message of an exception is
/// written only for an <see cref="AponoException"/> or a type the function marked safe
/// (<see cref="AponoFunctionOptions.LogMessagesOf{TException}"/>), since any other may quote a connection string or a
/// password the SDK never saw.
/// </remarks>
internal sealed class JsonLinesLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly Stream output;
    private readonly TimeProvider timeProvider;
    private readonly Lock gate = new();
    private readonly SecretRedactor? redactor;
    private readonly Func<Exception, bool> isMessageSafe;
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <param name="output">Where lines go.</param>
    /// <param name="timeProvider">The clock of the timestamps.</param>
    /// <param name="redactor">The runtime's redaction engine; <see langword="null"/> (init failures, before a runtime exists) masks nothing.</param>
    /// <param name="options">Which exception messages may be logged; <see langword="null"/>: only <see cref="AponoException"/>s'.</param>
    public JsonLinesLoggerProvider(Stream output, TimeProvider timeProvider, SecretRedactor? redactor = null, AponoFunctionOptions? options = null)
    {
        this.output = output;
        this.timeProvider = timeProvider;
        this.redactor = redactor;
        isMessageSafe = options is null ? static e => e is AponoException : options.IsMessageSafe;
    }

    public ILogger CreateLogger(string categoryName) => new JsonLinesLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        scopes = scopeProvider;
        if (redactor is not null)
        {
            redactor.Scopes = scopeProvider;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            output.Flush();
        }
    }

    /// <summary>
    /// Writes ready JSON lines (an audit record, a metrics document), each already ending in a line break, with one write
    /// under the same lock as the log lines, so lines never interleave.
    /// </summary>
    internal void WriteLines(ReadOnlySpan<byte> lines)
    {
        lock (gate)
        {
            output.Write(lines);
            output.Flush();
        }
    }

    internal static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => "NONE",
    };

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        var box = new ScopeBox();
        scopes.ForEachScope(static (scope, state) =>
        {
            if (scope is InvocationLogScope found)
            {
                state.Value = found;
            }
        }, box);
        var invocation = box.Value;
        var redaction = redactor?.ForLine(invocation?.Secrets) ?? default;

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ReplyWriter.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp"u8, timeProvider.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("level"u8, LevelName(level));
            writer.WriteString("logger"u8, DisplayText.Escape(redaction.Redact(category)));
            writer.WriteString("message"u8, DisplayText.Escape(redaction.Redact(message)));
            if (invocation is not null)
            {
                writer.WriteString("requestId"u8, redaction.Redact(invocation.RequestId));
                if (invocation.EventType is { } eventType)
                {
                    writer.WriteString("eventType"u8, redaction.Redact(eventType));
                }

                if (invocation.GrantId is { } grantId)
                {
                    writer.WriteString("grantId"u8, redaction.Redact(grantId));
                }
            }

            if (exception is not null)
            {
                writer.WritePropertyName("exception"u8);
                WriteException(writer, exception, redaction, isMessageSafe, 0);
            }

            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        lock (gate)
        {
            output.Write(buffer.WrittenSpan);
            output.Flush();
        }
    }

    private static void WriteException(Utf8JsonWriter writer, Exception exception, LineRedaction redaction, Func<Exception, bool> isMessageSafe, int depth)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, redaction.Redact(exception.GetType().FullName ?? exception.GetType().Name));
        if (isMessageSafe(exception))
        {
            writer.WriteString("message"u8, DisplayText.Escape(redaction.Redact(exception.Message)));
        }

        writer.WriteStartArray("stackTrace"u8);
        if (exception.StackTrace is { } trace)
        {
            foreach (var frame in trace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                writer.WriteStringValue(redaction.Redact(frame));
            }
        }

        writer.WriteEndArray();
        if (exception.InnerException is { } inner && depth < 8)
        {
            writer.WritePropertyName("cause"u8);
            WriteException(writer, inner, redaction, isMessageSafe, depth + 1);
        }

        writer.WriteEndObject();
    }

    private sealed class ScopeBox
    {
        public InvocationLogScope? Value { get; set; }
    }

    private sealed class JsonLinesLogger(JsonLinesLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            provider.Write(category, logLevel, formatter(state, exception), exception);
        }
    }
}
