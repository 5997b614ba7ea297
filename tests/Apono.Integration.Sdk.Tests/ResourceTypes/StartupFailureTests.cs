using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Testing;
using Apono.Integration.Sdk.Tests.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Tests.ResourceTypes;

/// <summary>One start-up failure, reported the same way by the Lambda Runtime API host, the command line and the test host.</summary>
public sealed class StartupFailureTests
{
    public static TheoryData<string, Func<AponoIntegrationFunction>, string> Failures => new()
    {
        { "declaration", () => new DuplicateTypeFunction(), "DuplicateTypeFunction failed to start: invalid resource type declaration in ConfigureResourceTypes: resource type 'database' is declared twice; each name must be unique (compared ordinally)." },
        { "ConfigureServices", () => new ThrowingServicesFunction(), "ThrowingServicesFunction failed to start: InvalidOperationException in ConfigureServices. The function's log has the stack trace." },
        { "constructor", () => new ThrowingConstructorFunction(), "The function's constructor threw InvalidOperationException. The function's log has the stack trace." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task StartUp_Fails_TheThreeHostsReportTheSameMessage(string stage, Func<AponoIntegrationFunction> create, string message)
    {
        // The one place that builds a runtime: every host goes through it.
        var direct = Assert.Throws<AponoStartupException>(() => FunctionRuntime.Create(create, new FunctionHostSettings { Environment = new Dictionary<string, string?>(), LogOutput = Stream.Null }));
        Assert.Equal(message, direct.Message);

        // Lambda Runtime API host: the init error's message, then exit.
        await using (var lambda = await HostHarness.StartAsync(create))
        {
            Assert.Equal(LambdaRuntimeHost.InitFailed, await lambda.ExitAsync());
            using var initError = JsonDocument.Parse(Assert.Single(lambda.Server.InitErrors).Body);
            Assert.Equal("InitError", initError.RootElement.GetProperty("errorType").GetString());
            Assert.Equal(message, initError.RootElement.GetProperty("errorMessage").GetString());
            Assert.Equal(0, lambda.Server.NextRequests);
            Assert.DoesNotContain("hunter2", string.Join("\n", lambda.LogLines));
        }

        // Command line: the message on stderr, nothing on stdout, exit 1.
        using (var stdout = new MemoryStream())
        using (var stderr = new MemoryStream())
        {
            var exitCode = await LocalCommandLine.RunAsync(create, ["invoke", "get-status", "--json"], new MemoryStream(), stdout, stderr,
                new FunctionHostSettings { Environment = new Dictionary<string, string?>(), LogOutput = Stream.Null });
            Assert.Equal((LocalCommandLine.StartupFailed, string.Empty, message + "\n"),
                (exitCode, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray())));
        }

        // Test host: its constructor throws the same exception type with the same message.
        if (stage != "constructor")
        {
            var thrown = Assert.Throws<AponoStartupException>(() => new AponoTestHost(create()));
            Assert.Equal(message, thrown.Message);
            Assert.DoesNotContain("hunter2", thrown.Message);
        }
    }

    [Fact]
    public async Task AponoTestHost_Capabilities_AreTheFunctionsDeclarations()
    {
        await using var host = new AponoTestHost(new TwoTypeFunction());

        Assert.Equal(["database", "schema"], host.Capabilities.ResourceTypes.Select(t => t.Name));
        Assert.True(host.Capabilities.Supports("revoke-access", "database"));
        Assert.False(host.Capabilities.Supports("revoke-access", "schema"));
        var grant = await host.GrantAccessAsync(new GrantAccessRequest
        {
            GrantId = "g-1", Username = "jane@example.com", ResourceType = "database", Resources = ["db-1"], Permission = "read",
        });
        Assert.Equal("""{"status":"ok"}""", grant.Json);
    }

    [Fact]
    public async Task AponoTestHost_SameFunctionInstanceInTwoHosts_EachHostBuildsItsOwnRuntime()
    {
        var function = new EnvironmentFunction();
        await using var first = new AponoTestHost(function, new AponoTestHostOptions { Environment = { ["Status"] = "first" } });
        await using var second = new AponoTestHost(function, new AponoTestHostOptions { Environment = { ["Status"] = "second" } });

        Assert.Equal("first", (await first.GetStatusAsync()).EnsureSuccess().Status);
        Assert.Equal("second", (await second.GetStatusAsync()).EnsureSuccess().Status);
    }

    private sealed class DuplicateTypeFunction : AponoIntegrationFunction
    {
        protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) => resourceTypes
            .Add<ListHandler>("database", t => t.WithPermission("read", "Read"))
            .Add<ListHandler>("database", t => t.WithPermission("read", "Read"));
    }

    private sealed class ThrowingServicesFunction : AponoIntegrationFunction
    {
        protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
            throw new InvalidOperationException("Cannot connect: Password=hunter2");
    }

    private sealed class ThrowingConstructorFunction : AponoIntegrationFunction
    {
        public ThrowingConstructorFunction() => throw new InvalidOperationException("Password=hunter2");
    }

    private sealed class EnvironmentFunction : AponoIntegrationFunction
    {
        protected internal override Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new StatusReply(context.Services.GetRequiredService<IConfiguration>()["Status"]!));
    }

    private sealed class ListHandler : IResourceTypeHandler
    {
        public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply([], []));
    }
}
