using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// A logger whose <see cref="Log"/> never throws: a provider that fails (a full disk, a throwing third-party provider,
/// text no JSON writer accepts, out of memory for a huge message) is counted in <see cref="LogWriteFailures"/> and the
/// caller carries on. The SDK hands it to authors as <see cref="Routing.InvocationContext.Logger"/> and uses it for its
/// own lines, so logging can never turn an invocation into an error.
/// </summary>
internal sealed class FailSafeLogger(ILogger inner, string category, LogWriteFailures failures) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        try
        {
            return inner.BeginScope(state);
        }
#pragma warning disable CA1031 // Logging is a side channel: its failure is counted, never thrown into the invocation.
        catch (Exception ex)
        {
            failures.Record(category, ex);
            return null;
        }
    }

    public bool IsEnabled(LogLevel logLevel)
    {
        try
        {
            return inner.IsEnabled(logLevel);
        }
        catch (Exception ex)
        {
            failures.Record(category, ex);
            return false;
        }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
        catch (Exception ex)
        {
            failures.Record(category, ex);
        }
#pragma warning restore CA1031
    }
}
