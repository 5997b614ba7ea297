using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

#pragma warning disable CA1848, CA1873, CA2254 // The tests log like a careless author would.

namespace Apono.Integration.Sdk.Tests.Diagnostics;

/// <summary>
/// One test per channel a secret can leave by: every logging provider (the SDK's JSON lines and providers the
/// author adds in ConfigureServices, by instance, factory or type), the logger category, scopes and structured
/// state, lines written outside the invocation's async flow, exception text and errorMessage. Each asserts that
/// the canaries are absent everywhere and that the masked line was written.
/// </summary>
public sealed class RedactionChannelTests
{
    private const string ApiToken = "CANARY-api-token-5e1f77";
    private const string DbPassword = "CANARY-db-password-91c3";
    private const string Token = "CANARY+token/9d2e\"x";

    private static readonly string[] Canaries = [ApiToken, DbPassword, Token, Uri.EscapeDataString(Token), JsonSerializer.Serialize(Token).Trim('"')];

    private static readonly string Envelope =
        $$"""
        {"event_type":"grant-access","params":{"grant_id":"g-1","username":"jane@example.com","resource_type":"db","resources":["r1"],"permission":"read",
         "custom_parameters":{"api_token":"{{ApiToken}}","db":{"password":"{{DbPassword}}"},"token":{{JsonSerializer.Serialize(Token)}},"team":"admins"} } }
        """;

    [Fact]
    public async Task ProvidersAddedInConfigureServices_ByInstanceFactoryAndType_ReceiveOnlyMaskedText()
    {
        var byInstance = new ExternalScopeCapturingProvider();
        var byFactory = new CapturingProvider();
        var sink = new CaptureSink();
        await using var function = new ChannelFunction
        {
            Services = services =>
            {
                services.AddSingleton<ILoggerProvider>(byInstance);
                services.AddSingleton<ILoggerProvider>(_ => byFactory);
                services.AddSingleton(sink);
                services.AddSingleton<ILoggerProvider, TypeRegisteredProvider>();
            },
            OnGrant = (request, context) =>
            {
                var token = request.CustomParameters.GetString("token");
                using (context.Logger.BeginScope("session for " + token))
                using (context.Logger.BeginScope(new Dictionary<string, object?> { ["password"] = DbPassword }))
                {
                    context.Logger.LogWarning("Connecting with {ApiToken} to {Url}", request.CustomParameters.GetString("api_token"), "https://db/?p=" + Uri.EscapeDataString(token!));
                    context.Logger.LogError(new TransientException("login failed for " + DbPassword, new InvalidOperationException("inner " + ApiToken)), "Failed: " + token);
                }

                return Task.CompletedTask;
            },
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelope);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        foreach (var (name, records) in new[] { ("instance", byInstance.Records), ("factory", byFactory.Records), ("type", sink.Records) })
        {
            var text = string.Join("\n", records);
            AssertNoCanary(text, $"provider registered by {name}");
            Assert.Contains("Connecting with *** to https://db/?p=***", text, StringComparison.Ordinal);
            Assert.Contains("state: ApiToken=***, Url=https://db/?p=***", text, StringComparison.Ordinal);
            Assert.True(text.Contains("scopes: [session for ***] [password=***]", StringComparison.Ordinal), name + ": " + text);
            Assert.Contains("exception: Apono.Integration.Sdk.Errors.TransientException: login failed for *** ---> System.InvalidOperationException: (the message of System.InvalidOperationException is not logged", text, StringComparison.Ordinal);
        }

        AssertNoCanary(harness.LogText, "JSON log lines");
        Assert.Contains("Connecting with *** to https://db/?p=***", harness.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Category_QuotingASecret_IsMaskedInEveryProvider()
    {
        var capture = new ExternalScopeCapturingProvider();
        await using var function = new ChannelFunction
        {
            Services = services => services.AddSingleton<ILoggerProvider>(capture),
            OnGrant = (request, context) =>
            {
                var factory = context.Services.GetRequiredService<ILoggerFactory>();
                factory.CreateLogger("Client[" + request.CustomParameters.GetString("api_token") + "]").LogWarning("hello");
                return Task.CompletedTask;
            },
        };
        await using var harness = PipelineHarness.Create(function);

        Assert.True((await harness.InvokeAsync(Envelope)).IsSuccess);

        var line = Lines(harness).Single(l => l.GetProperty("message").GetString() == "hello");
        Assert.Equal("Client[***]", line.GetProperty("logger").GetString());
        Assert.Contains(capture.Records, static r => r.StartsWith("Client[***]|Warning|hello|", StringComparison.Ordinal));
        AssertNoCanary(harness.LogText + string.Join("\n", capture.Records), "category");
    }

    [Fact]
    public async Task LinesOutsideTheInvocationsFlow_ThreadPoolTaskRunAndTimer_AreMasked()
    {
        var capture = new ExternalScopeCapturingProvider();
        await using var function = new ChannelFunction
        {
            Services = services => services.AddSingleton<ILoggerProvider>(capture),
            OnGrant = async (request, context) =>
            {
                var token = request.CustomParameters.GetString("token")!;
                var logger = context.Logger;
                var pool = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var timerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Task run;
                Timer timer;
                using (ExecutionContext.SuppressFlow())
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_ =>
                    {
                        logger.LogWarning("pool callback with {Token}", token);
                        pool.SetResult();
                    }, null);
                    run = Task.Run(() => logger.LogWarning("Task.Run with " + DbPassword));
                    timer = new Timer(_ =>
                    {
                        logger.LogWarning("timer with {Url}", "u?t=" + Uri.EscapeDataString(token));
                        timerDone.SetResult();
                    }, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                }

                await Task.WhenAll(pool.Task, run, timerDone.Task);
                await timer.DisposeAsync();
            },
        };
        await using var harness = PipelineHarness.Create(function);

        Assert.True((await harness.InvokeAsync(Envelope)).IsSuccess);

        var background = Lines(harness).Where(l => !l.TryGetProperty("requestId", out _)).Select(l => l.GetProperty("message").GetString()).ToList();
        Assert.Contains("pool callback with ***", background);
        Assert.Contains("Task.Run with ***", background);
        Assert.Contains("timer with u?t=***", background);
        Assert.Contains(capture.Records, r => r.Contains("|pool callback with ***|", StringComparison.Ordinal) && r.EndsWith("scopes:", StringComparison.Ordinal));
        AssertNoCanary(harness.LogText + string.Join("\n", capture.Records), "background lines");
    }

    [Fact]
    public async Task ExceptionText_LoggedToStringAndUrlEncodedInAnAponoException_IsMasked()
    {
        await using var function = new ChannelFunction
        {
            OnGrant = (request, context) =>
            {
                var token = request.CustomParameters.GetString("token")!;
                var failure = new TransientException($"GET https://api.example.com/v1?token={Uri.EscapeDataString(token)} answered 401");
                context.Logger.LogWarning("Details: {Exception}", failure.ToString());
                throw failure;
            },
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelope);

        Assert.Equal("GET https://api.example.com/v1?token=*** answered 401", result.ErrorMessage);
        var lines = Lines(harness);
        Assert.Contains(lines, l => l.GetProperty("message").GetString()!.StartsWith("Details: Apono.Integration.Sdk.Errors.TransientException: GET https://api.example.com/v1?token=*** answered 401", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TryGetProperty("exception", out var e) is false && l.GetProperty("message").GetString() == "grant-access failed with Transient: GET https://api.example.com/v1?token=*** answered 401");
        AssertNoCanary(harness.LogText + result.ErrorMessage, "exception text");
    }

    [Theory]
    [InlineData("json", "Config {\"token\":\"***\",\"db\":{\"password\":\"***\"}} refused")]
    [InlineData("basic", "Header Basic amFu*** refused")]
    [InlineData("raw", "Key *** refused")]
    public async Task ErrorMessage_QuotingASecretInAnyForm_IsMasked(string form, string expected)
    {
        await using var function = new ChannelFunction
        {
            OnGrant = (request, _) => throw new InvalidRequestException(form switch
            {
                "json" => $"Config {JsonSerializer.Serialize(new Dictionary<string, object> { ["token"] = Token, ["db"] = new Dictionary<string, string> { ["password"] = DbPassword } })} refused",
                "basic" => $"Header Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("jan:" + ApiToken))} refused",
                _ => $"Key {ApiToken} refused",
            }),
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelope);

        Assert.Equal(AponoErrorType.InvalidRequest, result.ErrorType);
        Assert.Equal(expected, result.ErrorMessage);
        AssertNoCanary(harness.LogText + result.ErrorMessage, "errorMessage");
    }

    [Fact]
    public async Task FunctionsOwnSecrets_AreMaskedInsideAndOutsideInvocations()
    {
        const string AdminPassword = "CANARY-admin-password-0a0b";
        var capture = new CapturingProvider();
        await using var function = new ChannelFunction
        {
            Services = services => services.AddSingleton<ILoggerProvider>(capture),
            OnGrant = (_, context) =>
            {
                context.Logger.LogWarning("inside: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(AdminPassword)));
                return Task.CompletedTask;
            },
        };
        await using var harness = PipelineHarness.Create(function);
        harness.Runtime.Services.GetRequiredService<SecretRegistry>().Add(AdminPassword);
        harness.Runtime.LoggerFactory.CreateLogger("Startup").LogWarning("outside: " + AdminPassword);

        Assert.True((await harness.InvokeAsync(Envelope)).IsSuccess);

        Assert.Contains("\"message\":\"outside: ***\"", harness.LogText, StringComparison.Ordinal);
        Assert.Contains("\"message\":\"inside: ***\"", harness.LogText, StringComparison.Ordinal);
        Assert.Contains(capture.Records, static r => r.StartsWith("Startup|Warning|outside: ***|", StringComparison.Ordinal));
        var all = harness.LogText + string.Join("\n", capture.Records);
        Assert.DoesNotContain(AdminPassword, all, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(AdminPassword)), all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExceptionMarkedSafe_MessageIsLoggedAtErrorRedacted_ButNotSentToApono()
    {
        await using var function = new ChannelFunction
        {
            Options = options => options.LogMessagesOf<InvalidOperationException>(),
            OnGrant = (request, _) => throw new InvalidOperationException("no such column: owner", new InvalidOperationException("while using " + request.CustomParameters.GetString("api_token"))),
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelope);

        Assert.Equal(AponoErrorType.InternalError, result.ErrorType);
        Assert.Equal($"An unexpected error (InvalidOperationException) occurred while handling grant-access. The function's log has the details under request id {PipelineHarness.RequestId}.", result.ErrorMessage);
        var line = Lines(harness).Single(l => l.GetProperty("level").GetString() == "ERROR");
        var exception = line.GetProperty("exception");
        Assert.Equal("System.InvalidOperationException", exception.GetProperty("type").GetString());
        Assert.Equal("no such column: owner", exception.GetProperty("message").GetString());
        Assert.Equal("while using ***", exception.GetProperty("cause").GetProperty("message").GetString());
        AssertNoCanary(harness.LogText, "safe exception message");
    }

    [Fact]
    public async Task ExceptionNotMarkedSafe_MessageIsNotLogged()
    {
        var capture = new ExternalScopeCapturingProvider();
        await using var function = new ChannelFunction
        {
            Options = options => options.LogMessagesOf<ArgumentException>(),
            Services = services => services.AddSingleton<ILoggerProvider>(capture),
            OnGrant = (_, _) => throw new InvalidOperationException("no such column: owner"),
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelope);

        Assert.Equal(AponoErrorType.InternalError, result.ErrorType);
        var exception = Lines(harness).Single(l => l.GetProperty("level").GetString() == "ERROR").GetProperty("exception");
        Assert.Equal("System.InvalidOperationException", exception.GetProperty("type").GetString());
        Assert.False(exception.TryGetProperty("message", out _));
        Assert.DoesNotContain("no such column", harness.LogText, StringComparison.Ordinal);
        Assert.DoesNotContain(capture.Records, r => r.Contains("no such column", StringComparison.Ordinal));
        Assert.Contains(capture.Records, r => r.Contains("exception: System.InvalidOperationException: (the message of System.InvalidOperationException is not logged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RedactorSetForTheSecretClassification_InConfigureServices_WritesTheMask()
    {
        await using var function = new ChannelFunction
        {
            Services = services => services.AddRedaction(r => r.SetRedactor<BracketRedactor>(AponoDataClassifications.Secret)),
            OnGrant = (request, context) =>
            {
                context.Logger.LogWarning("key " + request.CustomParameters.GetString("api_token"));
                throw new TransientException("Key " + ApiToken + " refused");
            },
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Envelope);

        Assert.Equal("Key [SECRET] refused", result.ErrorMessage);
        Assert.Contains("\"message\":\"key [SECRET]\"", harness.LogText, StringComparison.Ordinal);
        AssertNoCanary(harness.LogText, "custom redactor");
    }

    private static List<JsonElement> Lines(PipelineHarness harness) =>
        [.. harness.LogText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task KeyDeclaredSecretByGetSecret_AfterAnEarlierLine_IsMaskedInEveryLaterLineAndInErrorMessage()
    {
        const string Shared = "CANARY-shared-value-7a41";
        var envelope =
            $$"""
            {"event_type":"grant-access","params":{"grant_id":"g-1","username":"jane@example.com","resource_type":"db","resources":["r1"],"permission":"read",
             "custom_parameters":{"api_token":"{{ApiToken}}","bind_dn":"{{Shared}}"} } }
            """;
        await using var function = new ChannelFunction
        {
            OnGrant = (request, context) =>
            {
                // The first line builds the redactor's view of the secrets; bind_dn is not secret by name yet.
                context.Logger.LogWarning("token {Token}", request.CustomParameters.GetString("api_token"));
                var declared = request.CustomParameters.GetSecret("bind_dn");
                context.Logger.LogWarning("bind as " + declared!.Reveal());
                throw new InvalidRequestException("bind failed for " + declared.Reveal());
            },
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(envelope);

        Assert.False(result.IsSuccess);
        Assert.Equal("bind failed for ***", result.ErrorMessage);
        Assert.Contains("token ***", harness.LogText, StringComparison.Ordinal);
        Assert.Contains("bind as ***", harness.LogText, StringComparison.Ordinal);
        Assert.DoesNotContain(Shared, harness.LogText, StringComparison.Ordinal);
        AssertNoCanary(harness.LogText, "JSON log lines");
    }

    private static void AssertNoCanary(string text, string where)
    {
        foreach (var canary in Canaries)
        {
            Assert.False(text.Contains(canary, StringComparison.Ordinal), $"canary '{canary}' leaked into {where}: {text}");
        }
    }

    private sealed class BracketRedactor : Microsoft.Extensions.Compliance.Redaction.Redactor
    {
        public override int GetRedactedLength(ReadOnlySpan<char> input) => "[SECRET]".Length;

        public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
        {
            "[SECRET]".AsSpan().CopyTo(destination);
            return "[SECRET]".Length;
        }
    }

    private sealed class ChannelFunction : AponoIntegrationFunction
    {
        public Action<IServiceCollection>? Services { get; init; }

        public Action<AponoFunctionOptions>? Options { get; init; }

        public Func<GrantAccessRequest, InvocationContext, Task>? OnGrant { get; init; }

        protected override void Configure(AponoFunctionOptions options) => Options?.Invoke(options);

        protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) => Services?.Invoke(services);

        protected internal override async Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            await OnGrant!(request, context);
        }
    }

    /// <summary>Records category, level, message, structured state, scopes and exception text of every line.</summary>
    internal sealed class CaptureSink
    {
        public ConcurrentQueue<string> Records { get; } = new();
    }

    private sealed class TypeRegisteredProvider(CaptureSink sink) : ILoggerProvider
    {
        private readonly CapturingProvider inner = new(sink);

        public ILogger CreateLogger(string categoryName) => inner.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }

    /// <summary>A provider that reads scopes from the factory's scope provider.</summary>
    private sealed class ExternalScopeCapturingProvider : CapturingProvider, ISupportExternalScope
    {
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Scopes = scopeProvider;
    }

    /// <summary>A provider whose loggers are handed their scopes through BeginScope.</summary>
    private class CapturingProvider(CaptureSink? sink = null) : ILoggerProvider
    {
        private readonly CaptureSink sink = sink ?? new CaptureSink();

        public ConcurrentQueue<string> Records => sink.Records;

        protected IExternalScopeProvider? Scopes { get; set; }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() => GC.SuppressFinalize(this);

        private static string Describe(object? scope) => scope is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(", ", pairs.Select(static p => $"{p.Key}={p.Value}"))
            : scope?.ToString() ?? string.Empty;

        private sealed class Logger(CapturingProvider provider, string category) : ILogger
        {
            private readonly AsyncLocal<List<string>?> ownScopes = new();

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                var list = ownScopes.Value = [.. ownScopes.Value ?? [], Describe(state)];
                return new Pop(() => ownScopes.Value = list[..^1]);
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<string>();
                provider.Scopes?.ForEachScope(static (s, list) => list.Add(Describe(s)), scopes);
                scopes.AddRange(ownScopes.Value ?? []);
                var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? string.Join(", ", pairs.Where(static p => p.Key != "{OriginalFormat}").Select(static p => $"{p.Key}={p.Value}"))
                    : string.Empty;
                var record = $"{category}|{logLevel}|{formatter(state, exception)}|state: {structured}|exception: {exception}|scopes:{string.Concat(scopes.Where(static s => !s.StartsWith("RequestId=", StringComparison.Ordinal)).Select(static s => $" [{s}]"))}";
                provider.Records.Enqueue(record);
            }
        }

        private sealed class Pop(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
