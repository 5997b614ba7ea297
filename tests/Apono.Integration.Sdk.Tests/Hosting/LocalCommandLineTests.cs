using System.Text;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Tests.Hosting;

public sealed class LocalCommandLineTests
{
    private static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(Func<AponoIntegrationFunction> create, string stdin, params string[] args)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        using var logs = new MemoryStream();
        var settings = new FunctionHostSettings { Environment = new Dictionary<string, string?>(), LogOutput = logs };

        var exitCode = await LocalCommandLine.RunAsync(create, args, input, output, error, settings);

        return (exitCode, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    [Fact]
    public async Task RunAsync_FunctionFailsToStart_PrintsTheStartupMessageToStderrWithoutTheExceptionMessageAndExits1()
    {
        var (exitCode, stdout, stderr) = await RunAsync(() => new FailingStartFunction(), string.Empty, "invoke", "get-status", "--json");

        Assert.Equal(LocalCommandLine.StartupFailed, exitCode);
        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(
            "FailingStartFunction failed to start: InvalidOperationException in ConfigureServices. The function's log has the stack trace.\n",
            stderr);
        Assert.DoesNotContain("Password=hunter2", stderr);
    }

    [Fact]
    public async Task RunAsync_FileDoesNotExist_Exits2()
    {
        var (exitCode, stdout, stderr) = await RunAsync(() => new StatusFunction(), string.Empty, "invoke", "--file", "/nonexistent/event.json");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("--file: '/nonexistent/event.json' does not exist.\n", stderr);
    }

    [Fact]
    public async Task RunAsync_EnvelopeNotAnObjectWithOptions_Exits2()
    {
        var (exitCode, stdout, stderr) = await RunAsync(() => new StatusFunction(), "[1,2]", "invoke", "--file", "-", "--username", "a@example.com");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("The envelope is not a JSON object", stderr);
    }

    [Fact]
    public async Task RunAsync_DashAsEventType_ReadsTheEnvelopeFromStdin()
    {
        var (exitCode, stdout, _) = await RunAsync(() => new StatusFunction(), """{"event_type":"get-status"}""", "invoke", "-", "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal("{\"status\":\"degraded\"}\n", stdout);
    }

    private sealed class FailingStartFunction : AponoIntegrationFunction
    {
        protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
            throw new InvalidOperationException("Cannot connect: Password=hunter2");
    }

    private sealed class StatusFunction : AponoIntegrationFunction
    {
        protected internal override Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new StatusReply("degraded"));
    }
}
