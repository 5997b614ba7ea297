using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Tests.Routing;

public sealed class DependencyInjectionTests
{
    private const string GetStatus = """{"event_type":"get-status","params":{}}""";

    [Fact]
    public async Task InvokeAsync_ScopedService_IsNewPerInvocationAndDisposedAtItsEnd()
    {
        await using var function = new ServiceFunction();
        await using var harness = PipelineHarness.Create(function);

        await harness.InvokeAsync(GetStatus);
        await harness.InvokeAsync(GetStatus);

        Assert.Equal(2, function.Seen.Count);
        var (firstScoped, _) = function.Seen[0];
        var (secondScoped, _) = function.Seen[1];
        Assert.NotSame(firstScoped, secondScoped);
        Assert.True(firstScoped.Disposed);
        Assert.True(secondScoped.Disposed);
        Assert.All(function.Seen, s => Assert.False(s.DisposedDuringCall));
    }

    [Fact]
    public async Task InvokeAsync_SingletonService_IsSharedByInvocations()
    {
        await using var function = new ServiceFunction();
        await using var harness = PipelineHarness.Create(function);

        await harness.InvokeAsync(GetStatus);
        await harness.InvokeAsync(GetStatus);

        Assert.Same(function.Singletons[0], function.Singletons[1]);
        Assert.False(function.Singletons[0].Disposed);
    }

    [Fact]
    public async Task InvokeAsync_ScopedServiceWhenHandlerThrows_IsStillDisposed()
    {
        await using var function = new ServiceFunction { Throw = true };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(GetStatus);

        Assert.Equal("InternalError", result.ErrorType);
        Assert.True(Assert.Single(function.Seen).Scoped.Disposed);
    }

    [Fact]
    public async Task DisposeAsync_Function_DisposesSingletons()
    {
        var function = new ServiceFunction();
        await using (var harness = PipelineHarness.Create(function))
        {
            await harness.InvokeAsync(GetStatus);
        }

        Assert.True(function.Singletons[0].Disposed);
    }

    [Fact]
    public async Task ConfigureServices_EnvironmentDictionary_IsConfigurationWithDoubleUnderscoreSections()
    {
        await using var function = new ServiceFunction();
        var environment = new Dictionary<string, string?>
        {
            ["Store__ConnectionName"] = "orders",
            ["Store__Retry__Count"] = "3",
            ["PLAIN"] = "plain-value",
        };
        await using var harness = PipelineHarness.Create(function, environment);

        Assert.NotNull(function.Configuration);
        Assert.Equal("orders", function.Configuration!["Store:ConnectionName"]);
        Assert.Equal("3", function.Configuration.GetSection("Store").GetSection("Retry")["Count"]);
        Assert.Equal("plain-value", function.Configuration["PLAIN"]);
        var options = harness.Runtime.Services.GetRequiredService<StoreOptions>();
        Assert.Equal("orders", options.ConnectionName);
    }

    [Fact]
    public async Task InvokeAsync_ScopedResolvedFromRoot_FailsBecauseScopesAreValidated()
    {
        await using var function = new ServiceFunction();
        await using var harness = PipelineHarness.Create(function);

        Assert.Throws<InvalidOperationException>(() => harness.Runtime.Services.GetRequiredService<ScopedProbe>());
    }

    internal sealed class ScopedProbe : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    internal sealed class SingletonProbe : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    internal sealed record StoreOptions(string? ConnectionName);

    private sealed class ServiceFunction : AponoIntegrationFunction
    {
        public List<(ScopedProbe Scoped, bool DisposedDuringCall)> Seen { get; } = [];

        public List<SingletonProbe> Singletons { get; } = [];

        public IConfiguration? Configuration { get; private set; }

        public bool Throw { get; init; }

        protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
        {
            Configuration = configuration;
            services.AddScoped<ScopedProbe>();
            services.AddSingleton<SingletonProbe>();
            services.AddSingleton(new StoreOptions(configuration["Store:ConnectionName"]));
        }

        protected internal override Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            var scoped = context.Services.GetRequiredService<ScopedProbe>();
            Assert.Same(scoped, context.Services.GetRequiredService<ScopedProbe>());
            Seen.Add((scoped, scoped.Disposed));
            Singletons.Add(context.Services.GetRequiredService<SingletonProbe>());
            if (Throw)
            {
                throw new InvalidOperationException("boom");
            }

            return Task.FromResult(StatusReply.Active);
        }
    }
}
