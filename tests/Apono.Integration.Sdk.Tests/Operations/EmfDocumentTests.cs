using System.Diagnostics.Metrics;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.TestSupport;
using Apono.Integration.Sdk.Tracing;
using Microsoft.Extensions.Time.Testing;

namespace Apono.Integration.Sdk.Tests.Operations;

public sealed class EmfDocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    [Fact]
    public async Task Success_OneValidDocumentWithEveryDimensionAndMetric()
    {
        await using var harness = new TelemetryHarness(new RecordingFunction(), timeProvider: new FakeTimeProvider(Now));

        var result = await harness.InvokeAsync(OperationsEvents.Body("grant-access"));

        var document = Assert.Single(harness.MetricDocuments);
        Assert.Empty(EmfValidator.Problems(document));
        Assert.Equal(
            "{\"_aws\":{\"Timestamp\":" + Now.ToUnixTimeMilliseconds() + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Apono/Integrations\"," +
            "\"Dimensions\":[[\"FunctionName\"],[\"FunctionName\",\"EventType\"],[\"FunctionName\",\"EventType\",\"ResourceType\"]]," +
            "\"Metrics\":[{\"Name\":\"Invocations\",\"Unit\":\"Count\"},{\"Name\":\"Errors\",\"Unit\":\"Count\"},{\"Name\":\"Timeouts\",\"Unit\":\"Count\"}," +
            "{\"Name\":\"Duration\",\"Unit\":\"Milliseconds\"},{\"Name\":\"ReplyBytes\",\"Unit\":\"Bytes\"},{\"Name\":\"AuditSinkFailures\",\"Unit\":\"Count\"}]}]}," +
            $"\"level\":\"INFO\",\"requestId\":\"{harness.LastRequestId}\",\"FunctionName\":\"apono-test-fn\",\"EventType\":\"grant-access\",\"ResourceType\":\"postgres-database\"," +
            $"\"Invocations\":1,\"Errors\":0,\"Timeouts\":0,\"Duration\":0,\"ReplyBytes\":{result.Body.Length},\"AuditSinkFailures\":0}}",
            document);
    }

    [Fact]
    public async Task Failure_ValidDocumentCountsOneErrorAndNamesTheErrorType()
    {
        var function = new RecordingFunction { Behavior = (_, _, _) => throw new Errors.TransientException("database restarting") };
        await using var harness = new TelemetryHarness(function);

        await harness.InvokeAsync(OperationsEvents.Body("grant-access"));

        var document = Assert.Single(harness.MetricDocuments);
        Assert.Empty(EmfValidator.Problems(document));
        using var json = JsonDocument.Parse(document);
        Assert.Equal(1, json.RootElement.GetProperty("Errors").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("Timeouts").GetInt32());
        Assert.Equal("Transient", json.RootElement.GetProperty("ErrorType").GetString());
    }

    [Fact]
    public async Task Timeout_ValidDocumentCountsOneTimeoutAndOneError()
    {
        var release = new TaskCompletionSource();
        var function = new RecordingFunction { Behavior = async (_, _, _) => { await release.Task; return null; } };
        await using var harness = new TelemetryHarness(function, timeProvider: new FakeTimeProvider(Now));

        var result = await harness.InvokeAsync(OperationsEvents.Body("grant-access"), deadline: Now);
        release.SetResult();

        Assert.Equal("Timeout", result.ErrorType);
        var document = Assert.Single(harness.MetricDocuments);
        Assert.Empty(EmfValidator.Problems(document));
        using var json = JsonDocument.Parse(document);
        Assert.Equal(1, json.RootElement.GetProperty("Timeouts").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("Errors").GetInt32());
        Assert.Equal("Timeout", json.RootElement.GetProperty("ErrorType").GetString());
    }

    [Theory]
    [InlineData(OperationsEvents.GetStatus, "get-status")]
    [InlineData("{\"event_type\":\"no-such-event\"}", "unknown")]
    [InlineData("not json", "unknown")]
    public async Task EventWithoutResourceType_SetsNamingResourceTypeAreLeftOut(string body, string eventType)
    {
        await using var harness = new TelemetryHarness(new RecordingFunction());

        await harness.InvokeAsync(body);

        var document = Assert.Single(harness.MetricDocuments);
        Assert.Empty(EmfValidator.Problems(document));
        using var json = JsonDocument.Parse(document);
        Assert.Equal(eventType, json.RootElement.GetProperty("EventType").GetString());
        Assert.False(json.RootElement.TryGetProperty("ResourceType", out _));
        Assert.Equal(2, json.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions").GetArrayLength());
    }

    [Theory]
    [InlineData("база-данных")]
    [InlineData("tipo-ñ")]
    [InlineData("   ")]
    [InlineData("x")]
    public async Task ResourceTypeCloudWatchRefuses_IsWrittenAsInvalid(string resourceType)
    {
        resourceType = resourceType == "x" ? new string('x', 257) : resourceType;
        await using var harness = new TelemetryHarness(new RecordingFunction());

        await harness.InvokeAsync("{\"event_type\":\"list-resources\",\"params\":{\"resource_type\":" + JsonSerializer.Serialize(resourceType, Apono.Integration.Sdk.Internal.AponoJsonContext.Default.String) + "}}");

        var document = Assert.Single(harness.MetricDocuments);
        Assert.Empty(EmfValidator.Problems(document));
        Assert.Equal("invalid", TelemetryHarness.Field(document, "ResourceType"));
    }

    [Fact]
    public async Task NamespaceAndDimensions_Configured_AreWrittenAndValid()
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "fn",
            ["Apono__Telemetry__MetricsNamespace"] = "Team/Access",
        };
        await using var harness = new TelemetryHarness(new ConfiguredFunction(), environment);

        await harness.InvokeAsync(OperationsEvents.Body("grant-access"));
        await harness.InvokeAsync(OperationsEvents.Body("revoke-access"));

        Assert.Equal(2, harness.MetricDocuments.Count);
        Assert.All(harness.MetricDocuments, document => Assert.Empty(EmfValidator.Problems(document)));
        using var failed = JsonDocument.Parse(harness.MetricDocuments[1]);
        var directive = failed.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("Team/Access", directive.GetProperty("Namespace").GetString());
        Assert.Equal("[[\"Environment\",\"ErrorType\"]]", directive.GetProperty("Dimensions").GetRawText());
        Assert.Equal("production", failed.RootElement.GetProperty("Environment").GetString());
        using var succeeded = JsonDocument.Parse(harness.MetricDocuments[0]);
        Assert.Equal("[]", succeeded.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions").GetRawText());
    }

    [Theory]
    [InlineData("Apono__Telemetry__Metrics")]
    public async Task MetricsOff_NoDocument(string key)
    {
        await using var harness = new TelemetryHarness(new RecordingFunction(), new Dictionary<string, string?> { [key] = "false" });

        var result = await harness.InvokeAsync(OperationsEvents.Body("grant-access"));

        Assert.True(result.IsSuccess);
        Assert.Empty(harness.MetricDocuments);
        Assert.Single(harness.AuditLines);
    }

    [Fact]
    public async Task LocalHosts_WriteNoTelemetryLines()
    {
        await using var harness = new TelemetryHarness(new RecordingFunction(), writeTelemetryLines: false);

        await harness.InvokeAsync(OperationsEvents.Body("grant-access"));

        Assert.Empty(harness.MetricDocuments);
        Assert.Empty(harness.AuditLines);
    }

    [Fact]
    public async Task LambdaLogLevelWarn_LinesCarryWarnSoLambdasFilterKeepsThem()
    {
        await using var harness = new TelemetryHarness(new RecordingFunction(), new Dictionary<string, string?> { ["AWS_LAMBDA_LOG_LEVEL"] = "WARN" });

        await harness.InvokeAsync(OperationsEvents.Body("grant-access"));

        Assert.Equal("WARN", TelemetryHarness.Field(Assert.Single(harness.AuditLines), "level"));
        Assert.Equal("WARN", TelemetryHarness.Field(Assert.Single(harness.MetricDocuments), "level"));
    }

    [Fact]
    public async Task Meter_PublishesInvocationsErrorsAndDurationWithTags()
    {
        var measurements = new List<(string Name, object Value, Dictionary<string, object?> Tags)>();
        var function = new RecordingFunction { Behavior = (_, _, _) => throw new Errors.ResourceNotFoundException("gone") };
        await using var harness = new TelemetryHarness(function);
        var meter = harness.Observers.Meters;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AponoTelemetry.MeterName && ReferenceEquals(instrument.Meter, meter.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => { lock (measurements) { measurements.Add((i.Name, v, ToDictionary(tags))); } });
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => { lock (measurements) { measurements.Add((i.Name, v, ToDictionary(tags))); } });
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => { lock (measurements) { measurements.Add((i.Name, v, ToDictionary(tags))); } });
        listener.Start();

        await harness.InvokeAsync(OperationsEvents.Body("grant-access"));

        Assert.Equal(["apono.invocation.duration", "apono.invocation.errors", "apono.invocations", "apono.reply.size"], measurements.Select(static m => m.Name).Order(StringComparer.Ordinal));
        var errors = Assert.Single(measurements, static m => m.Name == "apono.invocation.errors");
        Assert.Equal(1L, errors.Value);
        Assert.Equal("NotFound", errors.Tags["error.type"]);
        Assert.Equal("grant-access", errors.Tags["apono.event_type"]);
        Assert.Equal("postgres-database", errors.Tags["apono.resource_type"]);
        Assert.Equal("NotFound", Assert.Single(measurements, static m => m.Name == "apono.invocations").Tags["apono.outcome"]);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            result[key] = value;
        }

        return result;
    }

    private sealed class ConfiguredFunction : AponoIntegrationFunction
    {
        protected override void Configure(AponoFunctionOptions options)
        {
            options.Telemetry.MetricDimensions["Environment"] = "production";
            options.Telemetry.MetricDimensionSets.Clear();
            options.Telemetry.MetricDimensionSets.Add(["Environment", "ErrorType"]);
        }

        protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
