using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>
/// A function with its configuration, DI root, declared resource types and pipeline: built once per environment by
/// the host that runs it (Lambda Runtime API host, command line, test host, class-library mode), owned by that host.
/// </summary>
internal sealed class FunctionRuntime : IAsyncDisposable
{
    public const string ConstructorStage = "the constructor";
    public const string ResourceTypesStage = "ConfigureResourceTypes";
    public const string ConfigureStage = "Configure";
    public const string ServicesStage = "ConfigureServices";
    public const string ValidationStage = "service validation";

    private readonly bool ownsFunction;

    private FunctionRuntime(AponoIntegrationFunction function, bool ownsFunction, ServiceProvider services, InvocationPipeline pipeline, ILoggerFactory loggerFactory, IConfiguration configuration, AponoCapabilities capabilities)
    {
        Function = function;
        this.ownsFunction = ownsFunction;
        Services = services;
        Pipeline = pipeline;
        LoggerFactory = loggerFactory;
        Configuration = configuration;
        Capabilities = capabilities;
    }

    public AponoIntegrationFunction Function { get; }

    public ServiceProvider Services { get; }

    public InvocationPipeline Pipeline { get; }

    public ILoggerFactory LoggerFactory { get; }

    public IConfiguration Configuration { get; }

    /// <summary>Gets the function's declared resource types and the events each answers.</summary>
    public AponoCapabilities Capabilities { get; }

    /// <summary>Creates the function and its runtime; the runtime owns the function and disposes it.</summary>
    /// <exception cref="AponoStartupException">The constructor or a start-up stage failed; the function, if created, is disposed.</exception>
    public static FunctionRuntime Create(Func<AponoIntegrationFunction> createFunction, FunctionHostSettings settings)
    {
        AponoIntegrationFunction function;
        try
        {
            function = createFunction();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw AponoStartupException.From(null, ConstructorStage, ex);
        }

        try
        {
            return Create(function, settings, ownsFunction: true);
        }
        catch
        {
            function.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Builds the runtime of a function; <paramref name="ownsFunction"/> says whether disposing the runtime disposes the function.</summary>
    /// <exception cref="AponoStartupException">A start-up stage failed.</exception>
    public static FunctionRuntime Create(AponoIntegrationFunction function, FunctionHostSettings settings, bool ownsFunction = false)
    {
        var stage = ResourceTypesStage;
        ServiceProvider? built = null;
        try
        {
            var resourceTypes = new AponoResourceTypes();
            function.ConfigureResourceTypesCore(resourceTypes);
            var capabilities = resourceTypes.Declared.Count == 0 ? AponoCapabilities.None : new AponoCapabilities([.. resourceTypes.Declared]);

            stage = ConfigureStage;
            var options = new AponoFunctionOptions();
            function.ConfigureCore(options);
            options.Validate();

            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Environment
                    .Select(static pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value)))
                .Build();

            stage = ServicesStage;
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton(settings.TimeProvider);
            services.AddSingleton(options);
            var registry = new SecretRegistry();
            services.AddSingleton(registry);
            // The mask is *** unless the function registers Microsoft.Extensions.Compliance.Redaction (AddRedaction), whose
            // redactor for the Secret classification then writes it; resolved on first use. The SDK references only the
            // abstractions (Redactor, DataClassification, IRedactorProvider), so that a function that does not use the
            // Redaction package does not carry its dependencies (Options.ConfigurationExtensions, Configuration.Binder).
            var redactor = new SecretRedactor(registry, () => built?.GetService<IRedactorProvider>()?.GetRedactor(AponoDataClassifications.Secret));
            services.AddSingleton(redactor);
            services.AddLogging(logging =>
            {
                logging.ClearProviders();
                logging.SetMinimumLevel(MinimumLevel(settings, configuration));
                logging.AddProvider(new JsonLinesLoggerProvider(settings.LogOutput, settings.TimeProvider, redactor, options));
                settings.ConfigureLogging?.Invoke(logging);
            });

            // Handlers are registered scoped before ConfigureServices, so that the author may register one otherwise.
            resourceTypes.RegisterHandlers(services);
            function.ConfigureServicesCore(services, configuration);
            RedactEveryLoggerProvider(services, redactor, options);

            stage = ValidationStage;
            var provider = built = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
            var loggerFactory = provider.GetRequiredService<ILoggerFactory>();
            var pipeline = new InvocationPipeline(function, capabilities, provider, options, loggerFactory, settings.TimeProvider);
            return new FunctionRuntime(function, ownsFunction, provider, pipeline, loggerFactory, configuration, capabilities);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            built?.Dispose();
            throw AponoStartupException.From(function, stage, ex);
        }
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

    /// <summary>Disposes the services only (class-library mode, where the function owns the runtime).</summary>
    public ValueTask DisposeServicesAsync() => Services.DisposeAsync();

    /// <summary>Disposes the services, then the function when the runtime owns it.</summary>
    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync().ConfigureAwait(false);
        if (ownsFunction)
        {
            await Function.DisposeAsync().ConfigureAwait(false);
        }
    }
}
