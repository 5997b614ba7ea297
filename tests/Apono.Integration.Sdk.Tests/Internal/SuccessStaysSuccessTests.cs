using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Tests.BadInput;
using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Tests.Internal;

/// <summary>Once the author's method returned a valid reply, the SDK's bookkeeping cannot turn it into an error.</summary>
public sealed class SuccessStaysSuccessTests
{
    [Fact]
    public async Task InvokeAsync_LoggingProviderThrows_ReplyStillGoesOutAndFailuresAreCounted()
    {
        await using var function = new RecordingFunction
        {
            Behavior = (request, context, cancellationToken) =>
            {
                if (context.Logger.IsEnabled(LogLevel.Information))
                {
                    context.Logger.LogInformation("Granting {Permission}", ((GrantAccessRequest)request).Permission);
                }

                return Task.FromResult<object?>(null);
            },
        };
        await using var harness = PipelineHarness.Create(function, configureLogging: static logging => logging.AddProvider(new ThrowingLoggerProvider()));

        var result = await harness.InvokeAsync(BadInputCatalog.Access("grant-access"), deadline: DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal("""{"status":"ok"}""", Encoding.UTF8.GetString(result.Body.Span));
        // The author's line and the SDK's "answered" line each failed once in the throwing provider.
        Assert.Equal(2, harness.Pipeline.LogFailures.Count);
        // The SDK's own provider still wrote both lines.
        Assert.Contains("grant-access answered in", harness.LogText);
        Assert.Contains("Granting ", harness.LogText);
    }

    [Fact]
    public async Task InvokeAsync_LoggingProviderThrowsOnError_AuthorErrorIsStillAnswered()
    {
        await using var function = new RecordingFunction { Behavior = static (_, _, cancellationToken) => throw new Errors.TransientException("The backend is throttling; retry in a minute.") };
        await using var harness = PipelineHarness.Create(function, configureLogging: static logging => logging.AddProvider(new ThrowingLoggerProvider()));

        var result = await harness.InvokeAsync(BadInputCatalog.Access("grant-access"));

        Assert.Equal(("Transient", "The backend is throttling; retry in a minute."), (result.ErrorType, result.ErrorMessage));
        Assert.Equal(1, harness.Pipeline.LogFailures.Count);
    }

    [Fact]
    public async Task InvokeAsync_AuthorLogsHugeOddText_ReplyGoesOutAndTheLineIsWrittenEscaped()
    {
        // 3 million characters with a lone surrogate (no JSON writer accepts it raw), bidi overrides and controls.
        var odd = string.Concat(Enumerable.Repeat("ab\u202Ecd\r\n\u0000\u0085\uD800", 300_000));
        await using var function = new RecordingFunction
        {
            Behavior = (_, context, cancellationToken) =>
            {
                context.Logger.LogWarning("{Text}", odd);
                return Task.FromResult<object?>(null);
            },
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(BadInputCatalog.Access("revoke-access"), deadline: DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(0, harness.Pipeline.LogFailures.Count);
        var line = harness.LogText.Split('\n').Single(static l => l.Contains("\"WARN\"", StringComparison.Ordinal));
        using var parsed = JsonDocument.Parse(line);
        Assert.Equal(
            string.Concat(Enumerable.Repeat("ab\\u202Ecd\\r\\n\\u0000\\u0085\\uD800", 300_000)),
            parsed.RootElement.GetProperty("message").GetString());
        Assert.Contains("revoke-access answered in", harness.LogText);
    }

    private sealed class ThrowingLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ThrowingLogger();

        public void Dispose()
        {
        }

        private sealed class ThrowingLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                throw new IOException("No space left on device");
        }
    }
}
