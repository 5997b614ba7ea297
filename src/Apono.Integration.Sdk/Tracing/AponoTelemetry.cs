namespace Apono.Integration.Sdk.Tracing;

/// <summary>
/// The names under which the SDK publishes its spans and instruments, to hand to OpenTelemetry:
/// <c>Sdk.CreateTracerProviderBuilder().AddSource(AponoTelemetry.SourceName)</c> and
/// <c>Sdk.CreateMeterProviderBuilder().AddMeter(AponoTelemetry.MeterName)</c>.
/// </summary>
/// <remarks>
/// The SDK depends only on <c>System.Diagnostics</c>; nothing is recorded (and almost nothing costs) until a listener
/// such as an OpenTelemetry tracer or meter provider subscribes to these names. docs/operations.md lists the spans,
/// instruments and tags.
/// </remarks>
public static class AponoTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name of the SDK's spans: <c>Apono.Integration.Sdk</c>.</summary>
    public const string SourceName = "Apono.Integration.Sdk";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name of the SDK's instruments: <c>Apono.Integration.Sdk</c>.</summary>
    public const string MeterName = "Apono.Integration.Sdk";
}
