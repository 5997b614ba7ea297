using System.Text;
using System.Text.Json.Nodes;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace SampleConformance;

/// <summary>The outcome of one event as the Lambda caller sees it: the reply JSON, or the error JSON.</summary>
public sealed record InvocationOutcome(bool IsSuccess, string Json, string? ErrorType, string? ErrorMessage)
{
    public JsonNode Reply => JsonNode.Parse(Json)!;
}

/// <summary>
/// Runs a function through the SDK's own pipeline (the path every host uses) with a given environment, and keeps
/// the JSON log lines it writes. Stands in for the Testing package's host until it lands.
/// </summary>
public sealed class FunctionHarness : IAsyncDisposable
{
    private readonly AponoIntegrationFunction function;
    private readonly MemoryStream logs = new();
    private readonly FunctionRuntime runtime;

    public FunctionHarness(AponoIntegrationFunction function, IReadOnlyDictionary<string, string?> environment)
    {
        this.function = function;
        runtime = function.EnsureRuntime(new FunctionHostSettings
        {
            Environment = environment,
            LogOutput = logs,
            DefaultLogLevel = LogLevel.Debug,
        });
    }

    public string Logs
    {
        get
        {
            lock (logs)
            {
                return Encoding.UTF8.GetString(logs.ToArray());
            }
        }
    }

    public async Task<InvocationOutcome> InvokeAsync(string eventType, JsonObject parameters)
    {
        var envelope = new JsonObject { ["event_type"] = eventType, ["params"] = parameters.DeepClone() };
        var result = await runtime.Pipeline.InvokeAsync(Encoding.UTF8.GetBytes(envelope.ToJsonString()), InvocationMetadata.Local());
        return new InvocationOutcome(result.IsSuccess, Encoding.UTF8.GetString(result.Body.Span), result.ErrorType, result.ErrorMessage);
    }

    public async ValueTask DisposeAsync()
    {
        await function.DisposeAsync();
        await logs.DisposeAsync();
    }
}
