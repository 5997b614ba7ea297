using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Tests.TestSupport;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Apono.Integration.Sdk.Tests.Properties;

/// <summary>Whatever arrives, the pipeline answers a valid reply or a clear error: it never throws and never hangs.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed by IAsyncLifetime.DisposeAsync.")]
public sealed class PipelinePropertyTests : IAsyncLifetime
{
    public const int Iterations = 500;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly HashSet<string> ErrorTypes =
    [
        AponoErrorType.InvalidRequest, AponoErrorType.NotSupported, AponoErrorType.NotFound, AponoErrorType.Transient,
        AponoErrorType.InvalidReply, AponoErrorType.Timeout, AponoErrorType.ResponseTooLarge, AponoErrorType.InternalError,
    ];

    private readonly RecordingFunction function = new();
    private PipelineHarness harness = null!;

    public Task InitializeAsync()
    {
        harness = PipelineHarness.Create(function);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await function.DisposeAsync();
    }

    [Property(MaxTest = Iterations)]
    public Property InvokeAsync_ArbitraryJsonValue_AnswersReplyOrClearError() =>
        Prop.ForAll(JsonGenerators.Value.ToArbitrary(), value =>
            Check(Encoding.UTF8.GetBytes(value?.ToJsonString() ?? "null")));

    [Property(MaxTest = Iterations)]
    public Property InvokeAsync_MutatedEnvelope_AnswersReplyOrClearError() =>
        Prop.ForAll(JsonGenerators.MutatedEnvelope.ToArbitrary(), Check);

    [Property(MaxTest = Iterations)]
    public Property InvokeAsync_ArbitraryBytes_AnswersReplyOrClearError() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => Check(bytes ?? []));

    [Property(MaxTest = Iterations)]
    public Property InvokeAsync_NonUtf8ByteInsideAStringValue_AnswersInvalidRequestWithoutCallingTheAuthor() =>
        Prop.ForAll((
            from envelope in JsonGenerators.ValidEnvelope
            from value in Gen.Elements("\"g-1\"", "\"jane@example.com\"", "\"db\"", "\"read\"", "\"v\"", "\"r2\"", "\"" + envelope["event_type"]!.GetValue<string>() + "\"")
            from offset in Gen.Choose(1, 2)
            from bad in Gen.Choose(0x80, 0xFF)
            select (envelope.ToJsonString(), value, offset, bad)).ToArbitrary(), t =>
        {
            var (json, value, offset, bad) = t;
            var at = json.IndexOf(value, StringComparison.Ordinal) + Math.Min(offset, value.Length - 1);
            byte[] body = [.. Encoding.UTF8.GetBytes(json[..at]), (byte)bad, .. Encoding.UTF8.GetBytes(json[at..])];
            var before = function.Calls.Count;
            var result = harness.Pipeline.InvokeAsync(body, new Sdk.Routing.InvocationMetadata("prop", null)).WaitAsync(Bound).GetAwaiter().GetResult();
            return result.ErrorType == AponoErrorType.InvalidRequest
                && result.ErrorMessage!.StartsWith("The request body is not valid JSON: it is not valid UTF-8", StringComparison.Ordinal)
                && function.Calls.Count == before;
        });

    private bool Check(byte[] body)
    {
        var before = function.Calls.Count;

        // FsCheck properties are synchronous; the bound is enforced by WaitAsync, not by a stopwatch.
        var result = harness.Pipeline.InvokeAsync(body, new Sdk.Routing.InvocationMetadata("prop", null)).WaitAsync(Bound).GetAwaiter().GetResult();
        var called = function.Calls.Count - before;

        using var reply = JsonDocument.Parse(result.Body);
        var root = reply.RootElement;
        if (result.IsSuccess)
        {
            return called == 1 && root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("errorType", out _);
        }

        var names = root.EnumerateObject().Select(p => p.Name).ToArray();
        return names is ["errorType", "errorMessage"]
            && ErrorTypes.Contains(root.GetProperty("errorType").GetString()!)
            && !string.IsNullOrWhiteSpace(root.GetProperty("errorMessage").GetString())
            && root.GetProperty("errorType").GetString() == result.ErrorType
            && (result.ErrorType != AponoErrorType.InvalidRequest || called == 0)
            && result.ErrorType != AponoErrorType.InternalError;
    }
}
