using System.Text.Json;

namespace QuickStart.Tests;

/// <summary>Runs the built QuickStart as a process: <c>dotnet QuickStart.dll invoke</c> with the event on stdin.</summary>
public sealed class QuickStartProcessTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Invoke_SeedCreateCredentials_PrintsReplyAndExitsZero()
    {
        var (exitCode, stdout, _) = await RunAsync(["invoke"], await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "events", "create-credentials.json")));

        Assert.Equal(0, exitCode);
        using var reply = JsonDocument.Parse(stdout);
        Assert.Equal("ok", reply.RootElement.GetProperty("status").GetString());
        Assert.Equal("created-credentials-secret", reply.RootElement.GetProperty("secret").GetString());
    }

    [Fact]
    public async Task Invoke_SeedListResources_PrintsThreeResourcesAndExitsZero()
    {
        var (exitCode, stdout, _) = await RunAsync(["invoke"], await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "events", "list-resources.json")));

        Assert.Equal(0, exitCode);
        using var reply = JsonDocument.Parse(stdout);
        Assert.Equal(3, reply.RootElement.GetProperty("resources").GetArrayLength());
    }

    [Fact]
    public async Task Invoke_MalformedEnvelope_PrintsErrorJsonAndExitsOne()
    {
        var (exitCode, stdout, _) = await RunAsync(["invoke"], """{"event_type":"grant-access"}""");

        Assert.Equal(1, exitCode);
        using var error = JsonDocument.Parse(stdout);
        Assert.Equal(["errorType", "errorMessage"], error.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("InvalidRequest", error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("params is required for grant-access and must be a JSON object.", error.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Invoke_UnsupportedEvent_PrintsNotSupportedAndExitsOne()
    {
        var (exitCode, stdout, _) = await RunAsync(["invoke"], """{"event_type":"list-resources-tags","params":{}}""");

        Assert.Equal(1, exitCode);
        using var error = JsonDocument.Parse(stdout);
        Assert.Equal("NotSupported", error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("This integration does not support list-resources-tags.", error.RootElement.GetProperty("errorMessage").GetString());
    }

    [Theory]
    [InlineData]
    [InlineData("run")]
    [InlineData("invoke", "--bogus")]
    public async Task Main_WrongArguments_PrintsUsageAndExitsTwo(params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunAsync(args, "");

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Matches(@"Run 'QuickStart( invoke)? --help' for usage\.", stderr);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, string stdin) =>
        QuickStartProcess.RunAsync(args, stdin, Bound);
}
