using System.Text;
using Apono.Integration.Sdk.Testing;
using QuickStart;

namespace QuickStart.Tests;

public sealed class QuickStartFunctionTests
{
    [Fact]
    public async Task FunctionHandler_CreateCredentials_ReturnsTheSecretTheNodeSampleForgot()
    {
        await using var function = new QuickStartFunction();
        using var input = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "events", "create-credentials.json"));

        var output = await function.FunctionHandler(input);

        Assert.Equal("""{"status":"ok","secret":"created-credentials-secret"}""", await new StreamReader(output, Encoding.UTF8).ReadToEndAsync());
    }

    [Fact]
    public async Task Capabilities_OneDeclaredType_WithTheSeedsPermissionsAndEveryPerTypeEvent()
    {
        await using var host = new AponoTestHost(new QuickStartFunction());

        var type = Assert.Single(host.Capabilities.ResourceTypes);
        Assert.Equal("custom-app", type.Name);
        Assert.Equal(["admin:Admin", "reader:Reader"], type.Permissions.Select(static p => p.Id + ":" + p.Name));
        Assert.Equal(["list-resources", "grant-access", "revoke-access", "create-credentials", "reset-credentials", "delete-credentials"], type.Events);
        Assert.True(host.Capabilities.Supports("delete-credentials", "custom-app"));
        Assert.False(host.Capabilities.Supports("grant-access", "other-type"));
    }
}
