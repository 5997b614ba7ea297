using Apono.Integration.Sdk.Audit;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Registers the runtime's <see cref="InvocationObservers"/>, after the author's services (its audit sinks).</summary>
internal static class InvocationObserversRegistration
{
    public static void Add(IServiceCollection services, AponoFunctionOptions options, IConfiguration configuration, FunctionHostSettings settings, JsonLinesLoggerProvider jsonLines)
    {
        // Deploy-time configuration wins over Configure(options); validated again since it may set the namespace.
        options.Telemetry.ApplyConfiguration(configuration);
        options.Telemetry.Validate();
        var functionName = configuration["AWS_LAMBDA_FUNCTION_NAME"] is { Length: > 0 } name ? name : "local";
        var minimumLevel = FunctionRuntime.MinimumLevel(settings, configuration);
        Action<ReadOnlySpan<byte>>? writeLines = settings.WriteTelemetryLines ? jsonLines.WriteLines : null;
        services.AddSingleton(provider => new InvocationObservers(options.Telemetry, writeLines, provider.GetServices<IAuditSink>().ToArray(),
            functionName, minimumLevel, settings.TimeProvider, provider.GetRequiredService<ILoggerFactory>()));
    }
}
