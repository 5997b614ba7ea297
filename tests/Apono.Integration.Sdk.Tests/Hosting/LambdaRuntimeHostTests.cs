using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apono.Integration.Sdk.Tests.Hosting;

public sealed class LambdaRuntimeHostTests
{
    private static readonly TimeSpan Patience = HostHarness.Patience;

    [Fact]
    public async Task RunAsync_EightEvents_AnswersEachWithItsExactReply()
    {
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction());
        var expected = new Dictionary<string, string>
        {
            [host.Server.Enqueue(Events.ListResources())] =
                """{"resources":[{"id":"resource1","name":"Resource 1","type":"custom-app","metadata":{"key1":"value1"}},{"id":"resource2","name":"Resource 2","type":"custom-app","metadata":{"key2":"value2"}}],"permissions":[{"id":"admin","name":"Admin"},{"id":"reader","name":"Reader"}]}""",
            [host.Server.Enqueue(Events.Access("grant-access"))] = """{"status":"ok"}""",
            [host.Server.Enqueue(Events.Access("revoke-access"))] = """{"status":"ok"}""",
            [host.Server.Enqueue(Events.Access("create-credentials"))] = """{"status":"ok","secret":"created-credentials-secret"}""",
            [host.Server.Enqueue(Events.Access("reset-credentials"))] = """{"status":"ok","secret":"reset-credentials-secret"}""",
            [host.Server.Enqueue(Events.Access("delete-credentials"))] = """{"status":"ok"}""",
            [host.Server.Enqueue(Events.Simple("list-resources-tags"))] = """{"tags":[{"resource_id":"resource1","tags":{"env":"prod"}}]}""",
            [host.Server.Enqueue(Events.Simple("get-status"))] = """{"status":"active"}""",
        };

        var answers = await host.Server.WaitForAnswersAsync(8, Patience);

        Assert.Equal(expected, answers.ToDictionary(a => a.RequestId, a => a.Body));
        Assert.All(answers, a => Assert.Equal(("response", "application/json"), (a.Kind, a.ContentType)));
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
        AssertExactlyOnce(host.Server, expected.Keys);
    }

    [Fact]
    public async Task RunAsync_AuthorMethodThrows_PostsInternalErrorWithHeaderAndServesTheNextEvent()
    {
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction());
        var failing = host.Server.Enqueue(Events.Grant("throw"));
        var next = host.Server.Enqueue(Events.Simple("get-status"));

        var answers = await host.Server.WaitForAnswersAsync(2, Patience);

        var error = Assert.Single(answers, a => a.RequestId == failing);
        Assert.Equal(("error", "application/vnd.aws.lambda.error+json", "InternalError"), (error.Kind, error.ContentType, error.ErrorTypeHeader));
        Assert.Equal(
            $$"""{"errorType":"InternalError","errorMessage":"An unexpected error (InvalidOperationException) occurred while handling grant-access. The function's log has the details under request id {{failing}}."}""",
            error.Body);
        Assert.Equal("""{"status":"active"}""", Assert.Single(answers, a => a.RequestId == next).Body);
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
    }

    [Theory]
    [InlineData("not json", "InvalidRequest")]
    [InlineData("""{"event_type":"grant-access","params":{}}""", "InvalidRequest")]
    [InlineData("""{"event_type":"no-such-event","params":{}}""", "InvalidRequest")]
    public async Task RunAsync_BadEvent_PostsClearErrorAndGoesOn(string body, string errorType)
    {
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction());
        var bad = host.Server.Enqueue(body);
        var good = host.Server.Enqueue(Events.Simple("get-status"));

        var answers = await host.Server.WaitForAnswersAsync(2, Patience);

        var error = Assert.Single(answers, a => a.RequestId == bad);
        Assert.Equal(("error", errorType), (error.Kind, error.ErrorTypeHeader));
        using var json = JsonDocument.Parse(error.Body);
        Assert.Equal(errorType, json.RootElement.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("errorMessage").GetString()));
        Assert.Equal("response", Assert.Single(answers, a => a.RequestId == good).Kind);
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
    }

    public static TheoryData<string, Func<AponoIntegrationFunction>, string> InitFailures => new()
    {
        { "constructor", () => throw new InvalidOperationException("Password=hunter2-canary"),
            "The function's constructor threw InvalidOperationException. The function's log has the stack trace." },
        { "Configure", () => new BadOptionsFunction(),
            "BadOptionsFunction failed to start (ArgumentOutOfRangeException): invalid AponoFunctionOptions: MaxJsonDepth ('0') must be greater than or equal to '2'. (Parameter 'MaxJsonDepth')\nActual value was 0." },
        { "ConfigureServices", () => new ThrowingServicesFunction(),
            "ThrowingServicesFunction failed to start: InvalidOperationException in ConfigureServices. The function's log has the stack trace." },
        { "ValidateOnBuild", () => new MissingDependencyFunction(),
            "MissingDependencyFunction failed to start (AggregateException): service validation failed: Error while validating the service descriptor 'ServiceType: Apono.Integration.Sdk.Tests.Hosting.LambdaRuntimeHostTests+NeedsClock Lifetime: Singleton ImplementationType: Apono.Integration.Sdk.Tests.Hosting.LambdaRuntimeHostTests+NeedsClock': Unable to resolve service for type 'Apono.Integration.Sdk.Tests.Hosting.LambdaRuntimeHostTests+IClock' while attempting to activate 'Apono.Integration.Sdk.Tests.Hosting.LambdaRuntimeHostTests+NeedsClock'." },
    };

    [Theory]
    [MemberData(nameof(InitFailures))]
    public async Task RunAsync_InitFails_PostsInitErrorAndExitsNonZero(string stage, Func<AponoIntegrationFunction> createFunction, string message)
    {
        await using var host = await HostHarness.StartAsync(createFunction);

        Assert.Equal(LambdaRuntimeHost.InitFailed, await host.ExitAsync());

        var initError = Assert.Single(host.Server.InitErrors);
        Assert.Equal(("application/vnd.aws.lambda.error+json", null), (initError.ContentType, initError.ErrorTypeHeader));
        using var json = JsonDocument.Parse(initError.Body);
        Assert.Equal("InitError", json.RootElement.GetProperty("errorType").GetString());
        Assert.Equal(message, json.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(0, host.Server.NextRequests);
        var line = Assert.Single(host.LogLines);
        Assert.Contains("\"level\":\"FATAL\"", line);
        Assert.DoesNotContain("hunter2-canary", line);
        Assert.False(string.IsNullOrEmpty(stage));
    }

    [Theory]
    [InlineData("wait")]
    [InlineData("hang")]
    public async Task RunAsync_HandlerRunsPastDeadline_PostsTimeoutBeforeTheDeadlineAndGoesOn(string behaviour)
    {
        var clock = new FakeTimeProvider();
        var function = new ScriptedFunction();
        await using var host = await HostHarness.StartAsync(() => function, timeProvider: clock);
        var dispatchedAt = clock.GetUtcNow();
        var slow = host.Server.Enqueue(Events.Grant(behaviour), timeout: TimeSpan.FromSeconds(3));
        await function.Started.Task.WaitAsync(Patience);

        // 500 ms safety margin: the SDK gives up at 2.5 s, half a second before Lambda would.
        clock.Advance(TimeSpan.FromSeconds(2.5));
        var timeout = Assert.Single(await host.Server.WaitForAnswersAsync(1, Patience));

        Assert.Equal((slow, "error", "Timeout"), (timeout.RequestId, timeout.Kind, timeout.ErrorTypeHeader));
        Assert.Equal(
            """{"errorType":"Timeout","errorMessage":"grant-access did not finish in time: the SDK stopped waiting 500 ms before the invocation deadline. Raise the function's timeout or make the work faster."}""",
            timeout.Body);
        Assert.True(timeout.ReceivedAt < dispatchedAt + TimeSpan.FromSeconds(3));

        var next = host.Server.Enqueue(Events.Simple("get-status"));
        Assert.Equal((next, "response"), Single(await host.Server.WaitForAnswersAsync(1, Patience)));
        function.Release.TrySetResult();
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
    }

    [Fact]
    public async Task RunAsync_NextAnswers500_ExitsPromptlyNonZeroWithLogLine()
    {
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction(), new Dictionary<string, string?> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = "4" });
        host.Server.InjectNextFault(NextFault.InternalServerError);

        Assert.Equal(LambdaRuntimeHost.RuntimeApiLost, await host.ExitAsync());

        var fatal = Assert.Single(host.LogLines, l => l.Contains("\"level\":\"FATAL\""));
        Assert.Contains("GET /runtime/invocation/next answered 500 Internal Server Error", fatal);
        Assert.Empty(host.Server.Answers);
    }

    [Fact]
    public async Task RunAsync_ConnectionResetOnce_RetriesAndLosesNothing()
    {
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction());
        host.Server.InjectNextFault(NextFault.ConnectionReset);
        var ids = Enumerable.Range(0, 5).Select(_ => host.Server.Enqueue(Events.Simple("get-status"))).ToList();

        var answers = await host.Server.WaitForAnswersAsync(5, Patience);

        Assert.All(answers, a => Assert.Equal("""{"status":"active"}""", a.Body));
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
        AssertExactlyOnce(host.Server, ids);
        Assert.Contains(host.LogLines, l => l.Contains("\"level\":\"WARN\"") && l.Contains("retry 1 of 3 in 100 ms"));
    }

    [Fact]
    public async Task RunAsync_ConnectionRefused_RetriesThreeTimesThenExitsNonZero()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var logs = new MemoryStream();
        var host = new LambdaRuntimeHost(() => new ScriptedFunction(), new FunctionHostSettings
        {
            Environment = new Dictionary<string, string?> { ["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{port}" },
            LogOutput = logs,
        });

        Assert.Equal(LambdaRuntimeHost.RuntimeApiLost, await host.RunAsync(CancellationToken.None).WaitAsync(Patience));

        var lines = Encoding.UTF8.GetString(logs.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Count(l => l.Contains("\"level\":\"WARN\"") && l.Contains("HttpRequestException: ConnectionError")));
        Assert.Contains(lines, l => l.Contains("\"level\":\"FATAL\"") && l.Contains("exiting with code 2"));
    }

    [Fact]
    public async Task RunAsync_SlowNextResponses_AnswersEveryEvent()
    {
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction());
        host.Server.InjectNextFault(NextFault.Slow(TimeSpan.FromMilliseconds(300)));
        host.Server.InjectNextFault(NextFault.Slow(TimeSpan.FromMilliseconds(300)));
        var ids = Enumerable.Range(0, 3).Select(_ => host.Server.Enqueue(Events.Simple("get-status"))).ToList();

        await host.Server.WaitForAnswersAsync(3, Patience);

        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
        AssertExactlyOnce(host.Server, ids);
    }

    [Fact]
    public async Task RunAsync_ReplyOver6MB_PostsResponseTooLarge()
    {
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction());
        var huge = host.Server.Enqueue(Events.ListResources("huge"));

        var answer = Assert.Single(await host.Server.WaitForAnswersAsync(1, Patience));

        Assert.Equal((huge, "error", "ResponseTooLarge"), (answer.RequestId, answer.Kind, answer.ErrorTypeHeader));
        using var json = JsonDocument.Parse(answer.Body);
        Assert.Matches(@"^The list-resources reply exceeds 6,291,456 bytes after \d{2},\d{3} resources, more than Lambda accepts; list fewer resources or shorter metadata\.$", json.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
    }

    [Fact]
    public async Task RunAsync_AnswersRejectedOrFailing_LogsThemAndGoesOn()
    {
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction());
        var rejectedResponse = host.Server.Enqueue(Events.Simple("get-status"));
        var failingError = host.Server.Enqueue(Events.Grant("throw-apono"));
        var fine = host.Server.Enqueue(Events.Simple("get-status"));
        host.Server.AnswerStatus = a => a.RequestId == rejectedResponse ? 413 : a.RequestId == failingError ? 500 : 202;

        var answers = await host.Server.WaitForAnswersAsync(3, Patience);

        Assert.Equal([(rejectedResponse, "response"), (failingError, "error"), (fine, "response")], answers.Select(a => (a.RequestId, a.Kind)));
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
        Assert.Contains(host.LogLines, l => l.Contains("\"level\":\"ERROR\"") && l.Contains($"response of request {rejectedResponse} with status 413") && l.Contains($"\"requestId\":\"{rejectedResponse}\""));
        Assert.Contains(host.LogLines, l => l.Contains("\"level\":\"ERROR\"") && l.Contains($"error of request {failingError} with status 500"));
    }

    [Fact]
    public async Task RunAsync_RuntimeHeaders_ReachInvocationContextAndTraceExport()
    {
        var function = new ScriptedFunction();
        var exported = new List<string?>();
        await using var host = await HostHarness.StartAsync(() => function, exportTraceId: exported.Add);
        var id = host.Server.Enqueue(Events.Simple("get-status"), TimeSpan.FromMinutes(2), new Dictionary<string, string>
        {
            ["Lambda-Runtime-Client-Context"] = """{"client":{"app_title":"t"}}""",
            ["Lambda-Runtime-Cognito-Identity"] = """{"identity_id":"i"}""",
        });

        await host.Server.WaitForAnswersAsync(1, Patience);

        var context = function.LastStatusContext!;
        Assert.Equal(id, context.RequestId);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:quickstart", context.InvokedFunctionArn);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", context.TraceId);
        Assert.Equal("""{"client":{"app_title":"t"}}""", context.ClientContext);
        Assert.Equal("""{"identity_id":"i"}""", context.CognitoIdentity);
        Assert.InRange(context.RemainingTime!.Value, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(2));
        Assert.Equal([context.TraceId], exported);
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
    }

    [Fact]
    public async Task RunAsync_ConcurrencyAbove1_DoesNotExportTraceIdToTheProcessEnvironment()
    {
        var exported = new List<string?>();
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction(), new Dictionary<string, string?> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = "2" }, exportTraceId: exported.Add);
        host.Server.Enqueue(Events.Simple("get-status"));

        await host.Server.WaitForAnswersAsync(1, Patience);

        Assert.Empty(exported);
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
    }

    [Fact]
    public async Task RunAsync_MaxConcurrency8_RunsEightInvocationsAtOnce()
    {
        var function = new EchoFunction();
        var allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        function.Gate = () =>
        {
            if (Interlocked.Increment(ref arrived) == 8)
            {
                allIn.TrySetResult();
            }

            return allIn.Task.WaitAsync(Patience);
        };
        await using var host = await HostHarness.StartAsync(() => function, new Dictionary<string, string?> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = "8" });
        var ids = Enumerable.Range(0, 8).Select(_ => host.Server.Enqueue(Events.ListResources())).ToList();

        var answers = await host.Server.WaitForAnswersAsync(8, Patience);

        Assert.All(answers, a => Assert.Equal("response", a.Kind));
        Assert.Equal(8, function.MaxInFlight);
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
        AssertExactlyOnce(host.Server, ids);
    }

    [Fact]
    public async Task RunAsync_1000InvocationsAtConcurrency8_AnswersEachToItsOwnRequestId()
    {
        var function = new EchoFunction();
        await using var host = await HostHarness.StartAsync(() => function, new Dictionary<string, string?> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = "8", ["AWS_LAMBDA_LOG_LEVEL"] = "WARN" });
        var expected = Enumerable.Range(0, 1000).ToDictionary(
            i => host.Server.Enqueue(Events.ListResources($"type-{i}")),
            i => $"type-{i}");

        var answers = await host.Server.WaitForAnswersAsync(1000, Patience);

        Assert.All(answers, a => Assert.Equal(
            $$$"""{"resources":[{"id":"{{{a.RequestId}}}","name":"R","type":"{{{expected[a.RequestId]}}}","metadata":{}}],"permissions":[{"id":"p","name":"P"}]}""",
            a.Body));
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());
        AssertExactlyOnce(host.Server, expected.Keys);
        Assert.Single(function.SingletonIds);
        Assert.Equal(1000, function.ScopeIds.Count);
    }

    [Fact]
    public async Task RunAsync_StoppedWhileHandlerRuns_AnswersItBeforeExiting()
    {
        var function = new ScriptedFunction();
        await using var host = await HostHarness.StartAsync(() => function);
        var id = host.Server.Enqueue(Events.Grant("wait"), TimeSpan.FromMinutes(5));
        await function.Started.Task.WaitAsync(Patience);

        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());

        var answer = Assert.Single(host.Server.Answers);
        Assert.Equal((id, "error", "Timeout"), (answer.RequestId, answer.Kind, answer.ErrorTypeHeader));
    }

    internal static void AssertExactlyOnce(FakeRuntimeApi server, IEnumerable<string> ids)
    {
        var expected = ids.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, server.AnswerCounts.Keys.Order(StringComparer.Ordinal));
        Assert.All(server.AnswerCounts, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(expected, server.FetchedIds.Order(StringComparer.Ordinal));
    }

    private static (string, string) Single(IReadOnlyList<RecordedAnswer> answers) =>
        Assert.Single(answers) is var a ? (a.RequestId, a.Kind) : default;

    internal interface IClock;

    internal sealed class NeedsClock(IClock clock)
    {
        public IClock Clock { get; } = clock;
    }

    private sealed class BadOptionsFunction : AponoIntegrationFunction
    {
        protected override void Configure(AponoFunctionOptions options) => options.MaxJsonDepth = 0;
    }

    private sealed class ThrowingServicesFunction : AponoIntegrationFunction
    {
        protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
            throw new InvalidOperationException("Password=hunter2-canary");
    }

    private sealed class MissingDependencyFunction : AponoIntegrationFunction
    {
        protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
            services.AddSingleton<NeedsClock>();
    }
}
