using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>A function with its configuration, DI root and pipeline, built once per environment.</summary>
internal sealed class FunctionRuntime : IAsyncDisposable
{
    private FunctionRuntime(ServiceProvider services, InvocationPipeline pipeline, ILoggerFactory loggerFactory, IConfiguration configuration)
    {
        Services = services;
        Pipeline = pipeline;
        LoggerFactory = loggerFactory;
        Configuration = configuration;
    }

    public ServiceProvider Services { get; }

    public InvocationPipeline Pipeline { get; }

    public ILoggerFactory LoggerFactory { get; }

    public IConfiguration Configuration { get; }

    public static FunctionRuntime Create(AponoIntegrationFunction function, FunctionHostSettings settings)
    {
        var options = new AponoFunctionOptions();
        function.ConfigureCore(options);
        options.Validate();

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Environment
                .Select(static pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value)))
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(settings.TimeProvider);
        services.AddSingleton(options);
        var registry = new SecretRegistry();
        services.AddSingleton(registry);
        ServiceProvider? built = null;
        // The mask is *** unless the function registers Microsoft.Extensions.Compliance.Redaction (AddRedaction), whose
        // redactor for the Secret classification then writes it; resolved on first use. The SDK references only the
        // abstractions (Redactor, DataClassification, IRedactorProvider), so that a function that does not use the
        // Redaction package does not carry its dependencies (Options.ConfigurationExtensions, Configuration.Binder).
        var redactor = new SecretRedactor(registry, () => built?.GetService<IRedactorProvider>()?.GetRedactor(AponoDataClassifications.Secret));
        services.AddSingleton(redactor);
        var jsonLines = new JsonLinesLoggerProvider(settings.LogOutput, settings.TimeProvider, redactor, options);
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(MinimumLevel(settings, configuration));
            logging.AddProvider(jsonLines);
            settings.ConfigureLogging?.Invoke(logging);
        });
        function.ConfigureServicesCore(services, configuration);
        InvocationObserversRegistration.Add(services, options, configuration, settings, jsonLines); // [ops] audit, metrics, tracing
        RedactEveryLoggerProvider(services, redactor, options);

        var provider = built = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var loggerFactory = provider.GetRequiredService<ILoggerFactory>();
        var pipeline = new InvocationPipeline(function, provider, options, loggerFactory, settings.TimeProvider);
        return new FunctionRuntime(provider, pipeline, loggerFactory, configuration);
    }

    /// <summary>
    /// Replaces every <see cref="ILoggerProvider"/> registration but the SDK's own (which redacts field by field) with
    /// one that wraps it in a <see cref="RedactingLoggerProvider"/>: the host's, the author's from ConfigureServices
    /// (<c>AddConsole</c>, an OpenTelemetry exporter, a provider instance), however they were registered.
    /// </summary>
    internal static void RedactEveryLoggerProvider(IServiceCollection services, SecretRedactor redactor, AponoFunctionOptions options)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(ILoggerProvider) || descriptor.IsKeyedService || descriptor.ImplementationInstance is JsonLinesLoggerProvider)
            {
                continue;
            }

            services[i] = descriptor switch
            {
                // An instance was the registrant's to dispose; the container disposed created ones, so the wrapper does.
                { ImplementationInstance: ILoggerProvider instance } => ServiceDescriptor.Singleton<ILoggerProvider>(
                    _ => RedactingLoggerProvider.Wrap(instance, ownsInner: false, redactor, options.IsMessageSafe)),
                { ImplementationFactory: { } factory } => ServiceDescriptor.Describe(typeof(ILoggerProvider),
                    sp => RedactingLoggerProvider.Wrap((ILoggerProvider)factory(sp), ownsInner: true, redactor, options.IsMessageSafe), descriptor.Lifetime),
                { ImplementationType: { } type } => ServiceDescriptor.Describe(typeof(ILoggerProvider),
                    sp => RedactingLoggerProvider.Wrap((ILoggerProvider)ActivatorUtilities.CreateInstance(sp, type), ownsInner: true, redactor, options.IsMessageSafe), descriptor.Lifetime),
                _ => descriptor,
            };
        }
    }

    /// <summary>
    /// <c>AWS_LAMBDA_LOG_LEVEL</c> (set by Lambda's advanced logging controls) wins, then
    /// <c>Logging__LogLevel__Default</c>, then the host's default.
    /// </summary>
    internal static LogLevel MinimumLevel(FunctionHostSettings settings, IConfiguration configuration)
    {
        var text = configuration["AWS_LAMBDA_LOG_LEVEL"] ?? configuration["Logging:LogLevel:Default"];
        return text?.Trim().ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" or "INFORMATION" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "FATAL" or "CRITICAL" => LogLevel.Critical,
            "NONE" => LogLevel.None,
            _ => settings.DefaultLogLevel,
        };
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
