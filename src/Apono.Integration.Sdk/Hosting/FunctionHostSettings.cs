using System.Collections;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>What a host hands a function at start-up: environment, log output and clock. Tests replace each.</summary>
internal sealed class FunctionHostSettings
{
    /// <summary>Gets the environment variables the function sees (configuration and <c>AWS_*</c> settings).</summary>
    public required IReadOnlyDictionary<string, string?> Environment { get; init; }

    /// <summary>Gets where JSON log lines go: stdout under Lambda, stderr for the local CLI (stdout carries the reply).</summary>
    public required Stream LogOutput { get; init; }

    /// <summary>Gets the level below which lines are dropped when neither <c>AWS_LAMBDA_LOG_LEVEL</c> nor configuration says otherwise.</summary>
    public LogLevel DefaultLogLevel { get; init; } = LogLevel.Information;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Gets whether audit records and metrics documents go to <see cref="LogOutput"/>: under Lambda yes (stdout is the
    /// log stream CloudWatch reads them from); the local CLI and the test hosts write none unless asked.
    /// </summary>
    public bool WriteTelemetryLines { get; init; }

    /// <summary>Gets extra logging set-up, such as a capturing provider in the test host.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    public static FunctionHostSettings ForProcess(bool logToStandardError) => new()
    {
        Environment = ReadProcessEnvironment(),
        LogOutput = logToStandardError ? Console.OpenStandardError() : Console.OpenStandardOutput(),
        DefaultLogLevel = logToStandardError ? LogLevel.Warning : LogLevel.Information,
        WriteTelemetryLines = !logToStandardError,
    };

    public static Dictionary<string, string?> ReadProcessEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return variables;
    }
}
