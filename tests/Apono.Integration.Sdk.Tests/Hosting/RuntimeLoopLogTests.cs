using System.Text.Json;
using Apono.Integration.Sdk.Hosting;

namespace Apono.Integration.Sdk.Tests.Hosting;

public sealed class RuntimeLoopLogTests
{
    private const string ParameterCanary = "canary-parameter-51a7e3";

    [Fact]
    public async Task RunAsync_CanariesInParametersSecretsAndExceptions_NeverReachTheLog()
    {
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction(), new Dictionary<string, string?> { ["AWS_LAMBDA_LOG_LEVEL"] = "TRACE" });
        var password = $$""","password":"{{ParameterCanary}}" """;
        var ids = new[]
        {
            host.Server.Enqueue(Events.Grant("none", password)),
            host.Server.Enqueue(Events.Grant("throw", password)),
            host.Server.Enqueue(Events.Grant("throw-apono", password)),
            host.Server.Enqueue(Events.Access("create-credentials", """{"issue":"canary-please"}""")),
        };

        var answers = (await host.Server.WaitForAnswersAsync(ids.Length, HostHarness.Patience)).ToDictionary(a => a.RequestId);
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());

        // The secret is the reply; nothing else may carry a canary.
        Assert.Equal($$"""{"status":"ok","secret":"{{ScriptedFunction.SecretCanary}}"}""", answers[ids[3]].Body);
        Assert.Equal("""{"errorType":"Transient","errorMessage":"The database refused password ***; try again."}""", answers[ids[2]].Body);
        foreach (var answer in answers.Values.Where(a => a.Kind == "error"))
        {
            Assert.DoesNotContain(ParameterCanary, answer.Body);
            Assert.DoesNotContain(ScriptedFunction.Canary, answer.Body);
        }

        var lines = host.LogLines;
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            Assert.DoesNotContain(ParameterCanary, line);
            Assert.DoesNotContain(ScriptedFunction.SecretCanary, line);
            Assert.DoesNotContain(ScriptedFunction.Canary, line);
        }

        // Every line of an invocation names it: request id, event type and, for access events, the grant id.
        var invocationLines = lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.TryGetProperty("requestId", out _)).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), invocationLines.Select(e => e.GetProperty("requestId").GetString()!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(invocationLines, e =>
        {
            Assert.StartsWith(e.GetProperty("requestId").GetString() == ids[3] ? "create-credentials" : "grant-access", e.GetProperty("eventType").GetString());
            Assert.Equal(Events.GrantId, e.GetProperty("grantId").GetString());
        });
        Assert.Contains(invocationLines, e => e.GetProperty("message").GetString() == "Granting reader to jane.doe@example.com with password ***");
        Assert.Contains(invocationLines, e => e.GetProperty("message").GetString() == "Created credentials [redacted] for jane.doe@example.com");
    }

    [Fact]
    public async Task RunAsync_ConcurrentInvocations_EachLogLineCarriesItsOwnRequestId()
    {
        await using var host = await HostHarness.StartAsync(() => new ScriptedFunction(), new Dictionary<string, string?> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = "8" });
        var userOf = Enumerable.Range(0, 64).ToDictionary(
            i => host.Server.Enqueue(Events.Access("grant-access", """{"behaviour":"none"}""", $"user{i}@example.com")),
            i => $"user{i}@example.com");

        await host.Server.WaitForAnswersAsync(userOf.Count, HostHarness.Patience);
        Assert.Equal(LambdaRuntimeHost.Stopped, await host.StopAsync());

        var grantLines = host.LogLines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("message").GetString()!.StartsWith("Granting", StringComparison.Ordinal)).ToList();
        Assert.Equal(userOf.Count, grantLines.Count);
        Assert.All(grantLines, e => Assert.Equal(
            $"Granting reader to {userOf[e.GetProperty("requestId").GetString()!]} with password (null)",
            e.GetProperty("message").GetString()));
    }
}
