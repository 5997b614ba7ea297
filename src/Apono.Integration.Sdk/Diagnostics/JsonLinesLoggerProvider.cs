using System.Buffers;
using System.Text.Json;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// Writes one JSON object per line, the shape CloudWatch and Lambda's JSON log format read:
/// <c>{"timestamp","level","logger","message","requestId","eventType","grantId","exception"}</c>.
/// </summary>
/// <remarks>
/// Known secrets of the invocation are replaced by <c>***</c> in every message. Exceptions are written as type and
/// stack frames; the message of an exception that is not an <see cref="AponoException"/> is left out, since it may
/// quote a connection string or a password.
/// </remarks>
internal sealed class JsonLinesLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly Stream output;
    private readonly TimeProvider timeProvider;
    private readonly Lock gate = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public JsonLinesLoggerProvider(Stream output, TimeProvider timeProvider)
    {
        this.output = output;
        this.timeProvider = timeProvider;
    }

    public ILogger CreateLogger(string categoryName) => new JsonLinesLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
        lock (gate)
        {
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

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ReplyWriter.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp"u8, timeProvider.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("level"u8, LevelName(level));
            writer.WriteString("logger"u8, category);
            writer.WriteString("message"u8, DisplayText.Escape(invocation is null ? message : invocation.Scrubber.Scrub(message)));
            if (invocation is not null)
            {
                writer.WriteString("requestId"u8, invocation.RequestId);
                if (invocation.EventType is { } eventType)
                {
                    writer.WriteString("eventType"u8, eventType);
                }

                if (invocation.GrantId is { } grantId)
                {
                    writer.WriteString("grantId"u8, grantId);
                }
            }

            if (exception is not null)
            {
                writer.WritePropertyName("exception"u8);
                WriteException(writer, exception, invocation?.Scrubber ?? SecretScrubber.Empty, 0);
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

    private static void WriteException(Utf8JsonWriter writer, Exception exception, SecretScrubber scrubber, int depth)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, exception.GetType().FullName);
        if (exception is AponoException aponoException)
        {
            writer.WriteString("message"u8, DisplayText.Escape(scrubber.Scrub(aponoException.Message)));
        }

        writer.WriteStartArray("stackTrace"u8);
        if (exception.StackTrace is { } trace)
        {
            foreach (var frame in trace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                writer.WriteStringValue(frame);
            }
        }

        writer.WriteEndArray();
        if (exception.InnerException is { } inner && depth < 8)
        {
            writer.WritePropertyName("cause"u8);
            WriteException(writer, inner, scrubber, depth + 1);
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
