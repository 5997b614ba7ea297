using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Testing;

/// <summary>How an <see cref="AponoTestHost"/> runs its function.</summary>
public sealed class AponoTestHostOptions
{
    /// <summary>Gets the environment variables the function sees, as configuration (<c>Section__Key</c> for nested keys).</summary>
    /// <value>Empty by default: the process environment is <em>not</em> read, so tests don't depend on the machine.</value>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Gets or sets the clock the function and the SDK use.</summary>
    /// <value><see cref="TimeProvider.System"/> by default; pass a <c>FakeTimeProvider</c> to test deadlines and expiry.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the level below which log lines are not captured, unless the environment sets <c>AWS_LAMBDA_LOG_LEVEL</c> or <c>Logging__LogLevel__Default</c>.</summary>
    /// <value><see cref="LogLevel.Trace"/> by default: tests see every line.</value>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Trace;

    /// <summary>Gets or sets how long each invocation may run, as Lambda's function timeout would allow.</summary>
    /// <value><see langword="null"/> by default: no deadline. The deadline is measured on <see cref="TimeProvider"/>.</value>
    public TimeSpan? InvocationTimeout { get; set; }

    /// <summary>
    /// Gets or sets whether the host also captures the lines the Lambda host writes besides log lines: the
    /// <c>"record":"apono.audit"</c> audit record of each access change and the CloudWatch metrics document of each
    /// invocation (docs/operations.md). They appear in <see cref="AponoTestHost.Logs"/> with their JSON in
    /// <see cref="AponoLogEntry.Json"/>.
    /// </summary>
    /// <value><see langword="false"/> by default: <see cref="AponoTestHost.Logs"/> has log lines only.</value>
    public bool CaptureTelemetryLines { get; set; }
}
