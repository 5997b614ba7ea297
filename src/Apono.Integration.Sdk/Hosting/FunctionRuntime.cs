using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
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
        services.AddSingleton(new SecretRegistry());
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(MinimumLevel(settings, configuration));
            logging.AddProvider(new JsonLinesLoggerProvider(settings.LogOutput, settings.TimeProvider));
            settings.ConfigureLogging?.Invoke(logging);
        });
        function.ConfigureServicesCore(services, configuration);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var loggerFactory = provider.GetRequiredService<ILoggerFactory>();
        var pipeline = new InvocationPipeline(function, provider, options, loggerFactory, settings.TimeProvider);
        return new FunctionRuntime(provider, pipeline, loggerFactory, configuration);
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
