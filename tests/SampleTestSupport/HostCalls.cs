using System.Text.Json.Nodes;
using Apono.Integration.Sdk.Testing;

namespace SampleTestSupport;

/// <summary>
/// Raw-envelope calls on <see cref="AponoTestHost"/>: the sample tests build <c>params</c> as JSON so they can also
/// send what typed requests cannot (hostile text, missing settings), and read replies as JSON.
/// </summary>
public static class HostCalls
{
    /// <summary>Sends <c>{"event_type": eventType, "params": parameters}</c> exactly as the connector would.</summary>
    public static Task<AponoTestResult> InvokeAsync(this AponoTestHost host, string eventType, JsonObject parameters) =>
        host.InvokeAsync(new JsonObject { ["event_type"] = eventType, ["params"] = parameters.DeepClone() }.ToJsonString());

    /// <summary>The reply (or error) JSON as a node.</summary>
    public static JsonNode Reply(this AponoTestResult result) => JsonNode.Parse(result.Json)!;

    /// <summary>Every log line the function wrote so far, as written (one JSON object per line).</summary>
    public static string LogText(this AponoTestHost host) => string.Join('\n', host.Logs.Select(static entry => entry.Json));
}
