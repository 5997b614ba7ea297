using System.Text.Json;

namespace QuickStart.Tests.CommandLine;

public sealed class CommandLineTests
{
    private static string Event(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "events", name + ".json"));

    [Fact]
    public async Task Invoke_EnvelopeOnStdin_PrintsIndentedReplyAndExits0()
    {
        var (exitCode, stdout, _) = await FunctionProcess.RunWithInputAsync("""{"event_type":"get-status","params":{}}""", null, "invoke");

        Assert.Equal(0, exitCode);
        Assert.Equal("{\n  \"status\": \"active\"\n}\n", stdout);
    }

    [Fact]
    public async Task Invoke_SampleEventFileOnStdin_PrintsListedResources()
    {
        var (exitCode, stdout, _) = await FunctionProcess.RunWithInputAsync(Event("list-resources"), null, "invoke");

        Assert.Equal(0, exitCode);
        using var reply = JsonDocument.Parse(stdout);
        Assert.Equal(["resource1", "resource2", "resource3"], reply.RootElement.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Invoke_MalformedEnvelopeOnStdin_PrintsErrorJsonAndExits1()
    {
        var (exitCode, stdout, _) = await FunctionProcess.RunWithInputAsync("[]", null, "invoke");

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "{\n  \"errorType\": \"InvalidRequest\",\n  \"errorMessage\": \"The request must be a JSON object with event_type and params, but is a JSON array.\"\n}\n",
            stdout);
    }

    [Fact]
    public async Task Invoke_EventTypeWithJsonFlag_PrintsCompactReply()
    {
        var (exitCode, stdout, _) = await FunctionProcess.RunAsync("invoke", "create-credentials", "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal("{\"status\":\"ok\",\"secret\":\"created-credentials-secret\"}\n", stdout);
    }

    [Fact]
    public async Task Invoke_UnlistedPermissionOption_PrintsErrorAndExits1()
    {
        var (exitCode, stdout, _) = await FunctionProcess.RunAsync("invoke", "grant-access", "--permission", "owner", "--resource", "resource2", "--json");

        Assert.Equal(1, exitCode);
        Assert.Equal("{\"errorType\":\"InvalidRequest\",\"errorMessage\":\"permission 'owner' is not declared for resource type 'custom-app'; its permissions are: admin, reader.\"}\n", stdout);
    }

    [Fact]
    public async Task Invoke_UnknownResourceOption_PrintsNotFoundAndExits1()
    {
        var (exitCode, stdout, _) = await FunctionProcess.RunAsync("invoke", "grant-access", "--resource", "resource1", "--resource", "nope", "--json");

        Assert.Equal(1, exitCode);
        Assert.Equal("{\"errorType\":\"NotFound\",\"errorMessage\":\"Resource 'nope' does not exist.\"}\n", stdout);
    }

    [Fact]
    public async Task Invoke_FileWithOptions_AppliesOptionsOnTopOfTheFile()
    {
        var (exitCode, stdout, stderr) = await FunctionProcess.RunWithInputAsync(null, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information" },
            "invoke", "--file", Path.Combine("events", "grant-access.json"), "--username", "ops@example.com", "--permission", "admin", "--param", "param1=x", "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal("{\"status\":\"ok\"}\n", stdout);
        Assert.Contains("\"message\":\"Granting admin on 2 resources to ops@example.com (param1 set: True, param2 set: True)\"", stderr);
    }

    [Fact]
    public async Task Invoke_FileDashReadsStdin_AppliesTheEventType()
    {
        var (exitCode, stdout, _) = await FunctionProcess.RunWithInputAsync("""{"params":{}}""", null, "invoke", "get-status", "--file", "-", "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal("{\"status\":\"active\"}\n", stdout);
    }

    [Fact]
    public async Task Invoke_LogsGoToStandardError_StdoutHoldsOnlyTheReply()
    {
        var (exitCode, stdout, stderr) = await FunctionProcess.RunWithInputAsync(null, new Dictionary<string, string> { ["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG" }, "invoke", "grant-access");

        Assert.Equal(0, exitCode);
        Assert.Equal("{\n  \"status\": \"ok\"\n}\n", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Equal("grant-access", JsonDocument.Parse(line).RootElement.GetProperty("eventType").GetString()));
        Assert.DoesNotContain("value1", stderr);
    }

    [Fact]
    public async Task Invoke_UnknownOption_Exits2WithMessageOnStandardError()
    {
        var (exitCode, stdout, stderr) = await FunctionProcess.RunAsync("invoke", "grant-access", "--bogus");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("'--bogus'", stderr);
        Assert.EndsWith("Run 'QuickStart invoke --help' for usage.\n", stderr);
    }

    [Fact]
    public async Task Invoke_ParamWithoutEquals_Exits2()
    {
        var (exitCode, stdout, stderr) = await FunctionProcess.RunAsync("invoke", "grant-access", "--param", "param1");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("--param 'param1' must look like key=value.\n", stderr);
    }

    [Fact]
    public async Task Run_NoCommand_Exits2()
    {
        var (exitCode, stdout, stderr) = await FunctionProcess.RunAsync();

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.EndsWith("Run 'QuickStart --help' for usage.\n", stderr);
    }

    [Theory]
    [InlineData(new[] { "--help" }, "invoke <event-type>")]
    [InlineData(new[] { "invoke", "--help" }, "--resource-type <resource-type>")]
    [InlineData(new[] { "events", "-h" }, "QuickStart events [<event-type>] [options]")]
    [InlineData(new[] { "check", "--help" }, "--param <key=value>")]
    public async Task Help_AnyCommand_PrintsUsageAndExits0(string[] args, string expected)
    {
        var (exitCode, stdout, _) = await FunctionProcess.RunAsync(args);

        Assert.Equal(0, exitCode);
        Assert.Contains(expected, stdout);
    }

    [Fact]
    public async Task Events_OneEvent_PrintsEnvelopeThatInvokeAccepts()
    {
        var (exitCode, envelope, _) = await FunctionProcess.RunAsync("events", "revoke-access", "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            """{"event_type":"revoke-access","params":{"grant_id":"3f0a1c9e-7b7e-4a43-9c43-0d3c1b2a9f10","username":"jane.doe@example.com","resource_type":"custom-app","resources":["resource1"],"permission":"admin","custom_parameters":{"param1":"value1","param2":"value2"}}}""" + "\n",
            envelope);

        var (invokeExit, reply, _) = await FunctionProcess.RunWithInputAsync(envelope, null, "invoke", "--json");
        Assert.Equal(0, invokeExit);
        Assert.Equal("{\"status\":\"ok\"}\n", reply);
    }

    [Fact]
    public async Task Events_NoEventType_PrintsOneSamplePerEvent()
    {
        var (exitCode, stdout, _) = await FunctionProcess.RunAsync("events");

        Assert.Equal(0, exitCode);
        using var samples = JsonDocument.Parse(stdout);
        Assert.Equal(
            ["list-resources", "list-resources-tags", "grant-access", "revoke-access", "create-credentials", "reset-credentials", "delete-credentials", "get-status"],
            samples.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.All(samples.RootElement.EnumerateObject(), p => Assert.Equal(p.Name, p.Value.GetProperty("event_type").GetString()));
    }

    [Fact]
    public async Task Events_UnknownEventType_Exits2()
    {
        var (exitCode, stdout, stderr) = await FunctionProcess.RunAsync("events", "grant");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("'grant' is not an Apono event; expected one of: list-resources,", stderr);
    }

    [Fact]
    public async Task Check_QuickStart_PrintsReportAndExits0()
    {
        var (exitCode, stdout, _) = await FunctionProcess.RunAsync("check", "--param", "param1=value1");

        Assert.Equal(0, exitCode);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.All(lines[..^1], line => Assert.Matches("^((  )?(PASS|SKIP) [a-z-]+\\.[a-z-]+( \\[.+\\])?: |resource type 'custom-app':$)", line));
        Assert.Contains("PASS errors.undeclared-resource-type [resource_type 'apono-conformance-undeclared-type']: fails with InvalidRequest: resource_type 'apono-conformance-undeclared-type' is not served by this integration; it declares: custom-app.", lines);
        Assert.Contains("  PASS grant-access.rejects-unlisted-permission [permission 'apono-conformance-unlisted-permission']: fails with InvalidRequest: permission 'apono-conformance-unlisted-permission' is not declared for resource type 'custom-app'; its permissions are: admin, reader.", lines);
        Assert.Equal("PASSED: 48 passed, 0 failed, 0 skipped.", lines[^1]);
    }

    [Fact]
    public async Task Check_UndeclaredResourceType_IsRefusedBeforeAnyRuleRunsNamingTheDeclaredType()
    {
        var (exitCode, stdout, stderr) = await FunctionProcess.RunAsync("check", "--resource-type", "postgres");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("--resource-type 'postgres' is not declared by this function; it declares: custom-app.\n", stderr);
    }
}
