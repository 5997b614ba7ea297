namespace Apono.Integration.Sdk.Tests.Hosting.CommandLine;

/// <summary><c>--params-file</c> on <c>invoke</c>, <c>events</c> and <c>check</c>: a JSON object or KEY=VALUE lines, anything else refused.</summary>
public sealed class ParamsFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("apono-params-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Invoke_JsonParamsFile_ReplacesTheSampleParametersAndKeepsNonStringValues()
    {
        var file = Write("params.json", """{ "host": "db.internal", "port": 5432, "tls": true }""");

        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "invoke", "get-status", "--params-file", file, "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal("""{"status":"active;host=\"db.internal\";port=5432;tls=true"}""" + "\n", stdout);
    }

    [Fact]
    public async Task Invoke_KeyValueParamsFile_ReadsLinesVerbatimAndSkipsCommentsAndBlankLines()
    {
        var file = Write("params.env", "# the integration's settings\nhost=db.internal\n\r\n  region = eu=1\r\n");

        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "invoke", "get-status", "--params-file", file, "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal("""{"status":"active;host=\"db.internal\";region=\" eu=1\""}""" + "\n", stdout);
    }

    [Fact]
    public async Task Invoke_ParamFlagAndParamsFile_FlagWinsAndFileReplacesTheEnvelopes()
    {
        var file = Write("params.json", """{"host":"from-file","port":"1"}""");
        const string Envelope = """{"event_type":"get-status","params":{"custom_parameters":{"old":"from-envelope","host":"from-envelope"}}}""";

        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), Envelope, "invoke", "--file", "-", "--params-file", file, "--param", "host=from-flag", "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal("""{"status":"active;host=\"from-flag\";port=\"1\""}""" + "\n", stdout);
    }

    [Theory]
    [InlineData("array.json", "[1,2]", "is neither a JSON object nor KEY=VALUE lines: line 1 has no KEY= before its value.")]
    [InlineData("prose.txt", "host=db\njust some words\n", "is neither a JSON object nor KEY=VALUE lines: line 2 has no KEY= before its value.")]
    [InlineData("empty-key.env", "=value\n", "is neither a JSON object nor KEY=VALUE lines: line 1 has no KEY= before its value.")]
    [InlineData("broken.json", "{\"host\": ", "starts like a JSON object but is not valid JSON (line 1, byte 10); expected a JSON object or KEY=VALUE lines.")]
    [InlineData("twice.json", """{"host":"a","host":"b"}""", "is a JSON object that names 'host' twice.")]
    public async Task Invoke_ParamsFileNeitherJsonObjectNorLines_Exits2AndSendsNothing(string name, string content, string problem)
    {
        var file = Write(name, content);
        var function = new CountingWikiFunction();

        var (exitCode, stdout, stderr) = await LocalCommandLineTests.RunAsync(() => function, string.Empty, "invoke", "get-status", "--params-file", file);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"--params-file: '{file}' {problem}\n", stderr);
        Assert.Equal(0, function.Invocations);
    }

    [Fact]
    public async Task Invoke_ParamsFileMissing_Exits2()
    {
        var file = Path.Combine(directory, "missing.json");

        var (exitCode, stdout, stderr) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "invoke", "get-status", "--params-file", file);

        Assert.Equal((2, string.Empty), (exitCode, stdout));
        Assert.Equal($"--params-file: '{file}' does not exist.\n", stderr);
    }

    [Fact]
    public async Task Events_ParamsFileAndResourceType_PrintTheSampleWithThem()
    {
        var file = Write("params.env", "space_host=wiki.internal\n");

        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "events", "revoke-access", "--resource-type", WikiFunction.PageType, "--params-file", file, "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            """{"event_type":"revoke-access","params":{"grant_id":"3f0a1c9e-7b7e-4a43-9c43-0d3c1b2a9f10","username":"jane.doe@example.com","resource_type":"wiki-page","resources":["resource1"],"permission":"viewer","custom_parameters":{"space_host":"wiki.internal"}}}""" + "\n",
            stdout);
    }

    [Fact]
    public async Task Events_BadParamsFile_Exits2()
    {
        var file = Write("bad.txt", "no equals sign\n");

        var (exitCode, stdout, stderr) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "events", "--params-file", file);

        Assert.Equal((2, string.Empty), (exitCode, stdout));
        Assert.Equal($"--params-file: '{file}' is neither a JSON object nor KEY=VALUE lines: line 1 has no KEY= before its value.\n", stderr);
    }

    [Fact]
    public async Task Check_ParamsFile_IsSentWithEveryEvent()
    {
        var file = Write("params.json", """{"space_host":"wiki.internal"}""");

        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "check", "--params-file", file);

        Assert.True(exitCode == 0, stdout);
        Assert.StartsWith("PASS get-status.status: answers status 'active;space_host=\"wiki.internal\"'.\n", stdout);
    }

    [Theory]
    [InlineData("events", "grant-access")]
    [InlineData("invoke", "grant-access")]
    public async Task EventsOrInvoke_UndeclaredResourceType_Exits2NamingTheDeclaredOnes(string command, string eventType)
    {
        var (exitCode, stdout, stderr) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, command, eventType, "--resource-type", "custom-app");

        Assert.Equal((2, string.Empty), (exitCode, stdout));
        Assert.Equal("--resource-type 'custom-app' is not declared by this function; it declares: wiki-space, wiki-page.\n", stderr);
    }

    [Fact]
    public async Task Events_NoResourceType_UsesTheFirstDeclaredTypeAndItsFirstPermission()
    {
        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "events", "grant-access", "--json");

        Assert.Equal(0, exitCode);
        Assert.Contains("\"resource_type\":\"wiki-space\",\"resources\":[\"resource1\"],\"permission\":\"reader\"", stdout);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private sealed class CountingWikiFunction : WikiFunction
    {
        public int Invocations { get; private set; }

        protected internal override Task<Sdk.Contracts.StatusReply> GetStatusAsync(Sdk.Contracts.GetStatusRequest request, Sdk.Routing.InvocationContext context, CancellationToken cancellationToken)
        {
            Invocations++;
            return base.GetStatusAsync(request, context, cancellationToken);
        }
    }
}
