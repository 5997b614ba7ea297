using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using QuickStart;

namespace Apono.Integration.Sdk.Testing.Tests.Hosting;

public sealed class AponoTestHostTests
{
    private static GrantAccessRequest Grant(string permission) => new()
    {
        GrantId = "g-1",
        Username = "jane@example.com",
        ResourceType = "custom-app",
        Resources = ["resource1"],
        Permission = permission,
        CustomParameters = CustomParameters.FromStrings([new("param1", "top-secret-value")]),
    };

    [Fact]
    public async Task GrantAccessAsync_ListedPermission_ReturnsOkWireJson()
    {
        await using var host = new AponoTestHost(new QuickStartFunction());

        var result = await host.GrantAccessAsync(Grant("admin"));

        Assert.True(result.IsSuccess);
        Assert.Null(result.ErrorType);
        Assert.Equal("""{"status":"ok"}""", result.Json);
    }

    [Fact]
    public async Task GrantAccessAsync_UnlistedPermission_ReturnsTypedError()
    {
        await using var host = new AponoTestHost(new QuickStartFunction());

        var result = await host.GrantAccessAsync(Grant("owner"));

        Assert.False(result.IsSuccess);
        Assert.Equal("InvalidRequest", result.ErrorType);
        Assert.Equal("permission 'owner' is not declared for resource type 'custom-app'; its permissions are: admin, reader.", result.ErrorMessage);
        Assert.Equal("""{"errorType":"InvalidRequest","errorMessage":"permission 'owner' is not declared for resource type 'custom-app'; its permissions are: admin, reader."}""", result.Json);
    }

    [Fact]
    public async Task ListResourcesAsync_QuickStart_ReadsResourcesBackFromTheWire()
    {
        await using var host = new AponoTestHost(new QuickStartFunction());

        var reply = (await host.ListResourcesAsync(new ListResourcesRequest { ResourceType = "custom-app" })).EnsureSuccess();

        var resources = new List<AponoResource>();
        await foreach (var resource in reply.Resources)
        {
            resources.Add(resource);
        }

        Assert.Equal(["resource1", "resource2", "resource3"], resources.Select(r => r.Id));
        Assert.All(resources, r => Assert.Equal("custom-app", r.Type));
        Assert.Equal("value1", resources[0].Metadata["key1"]);
        Assert.Equal(["admin", "reader"], reply.Permissions.Select(p => p.Id));
    }

    [Fact]
    public async Task CreateCredentialsAsync_QuickStart_ReturnsTheSecret()
    {
        await using var host = new AponoTestHost(new QuickStartFunction());

        var result = await host.CreateCredentialsAsync(new CreateCredentialsRequest { Username = "jane@example.com", ResourceType = "custom-app", Resources = ["resource1"] });

        Assert.Equal("created-credentials-secret", result.EnsureSuccess().Secret.Reveal());
    }

    [Fact]
    public async Task InvokeAsync_MalformedJson_ReturnsInvalidRequestError()
    {
        await using var host = new AponoTestHost(new QuickStartFunction());

        var result = await host.InvokeAsync("{\"event_type\":");

        Assert.False(result.IsSuccess);
        Assert.Equal("InvalidRequest", result.ErrorType);
        Assert.Equal("The request body is not valid JSON: it ends before the JSON value is complete (line 1, byte 15).", result.ErrorMessage);
    }

    [Fact]
    public async Task Logs_GrantWithSecretParameter_CapturesParsedLinesWithoutTheSecret()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var host = new AponoTestHost(new QuickStartFunction(), new AponoTestHostOptions { TimeProvider = time });

        await host.GrantAccessAsync(Grant("admin"));

        var grantLine = Assert.Single(host.Logs, l => l.Logger == "QuickStart.QuickStartFunction");
        Assert.Equal("INFO", grantLine.Level);
        Assert.Equal("Granting admin on 1 resources to jane@example.com (param1 set: True, param2 set: False)", grantLine.Message);
        Assert.Equal("test-0001", grantLine.RequestId);
        Assert.Equal("grant-access", grantLine.EventType);
        Assert.Equal("g-1", grantLine.GrantId);
        Assert.Equal(time.GetUtcNow(), grantLine.Timestamp);
        Assert.All(host.Logs, l => Assert.DoesNotContain("top-secret-value", l.Json));

        host.ClearLogs();
        Assert.Empty(host.Logs);
    }

    [Fact]
    public async Task Environment_Variables_ReachTheFunctionsConfiguration()
    {
        var options = new AponoTestHostOptions();
        options.Environment["Store__Name"] = "orders";
        await using var host = new AponoTestHost(new ConfiguredFunction(), options);

        var reply = (await host.ListResourcesAsync(new ListResourcesRequest { ResourceType = "t" })).EnsureSuccess();

        var names = new List<string>();
        await foreach (var resource in reply.Resources)
        {
            names.Add(resource.Name);
        }

        Assert.Equal(["orders"], names);
    }

    [Fact]
    public async Task InvocationTimeout_AlreadySpent_AnswersTimeoutError()
    {
        await using var host = new AponoTestHost(new WaitingFunction(), new AponoTestHostOptions { InvocationTimeout = TimeSpan.Zero, TimeProvider = new FakeTimeProvider() });

        var result = await host.GetStatusAsync();

        Assert.Equal("Timeout", result.ErrorType);
        Assert.StartsWith("get-status did not finish in time", result.ErrorMessage);
    }

    [Fact]
    public async Task MinimumLogLevel_Warning_DropsInformationLines()
    {
        await using var host = new AponoTestHost(new QuickStartFunction(), new AponoTestHostOptions { MinimumLogLevel = LogLevel.Warning });

        await host.GrantAccessAsync(Grant("admin"));
        await host.GrantAccessAsync(Grant("owner"));

        var line = Assert.Single(host.Logs);
        Assert.Equal("WARN", line.Level);
    }

    private sealed class ConfiguredFunction : AponoIntegrationFunction
    {
        protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
            services.AddSingleton(new StoreName(configuration["Store:Name"] ?? "missing"));

        protected override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply([new AponoResource("1", context.Services.GetRequiredService<StoreName>().Value)], []));
    }

    private sealed class WaitingFunction : AponoIntegrationFunction
    {
        protected override async Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return StatusReply.Active;
        }
    }

    private sealed record StoreName(string Value);
}
