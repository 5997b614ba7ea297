using System.Text.Json;
using Apono.Integration.Sdk.Audit;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apono.Integration.Sdk.Tests.Operations;

public sealed class AuditRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    public static TheoryData<string, bool> EventsAndOutcomes()
    {
        var data = new TheoryData<string, bool>();
        foreach (var eventType in OperationsEvents.AccessEvents)
        {
            data.Add(eventType, true);
            data.Add(eventType, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EventsAndOutcomes))]
    public async Task AccessEvent_SuccessOrFailure_WritesOneAuditRecordWithExactFields(string eventType, bool succeeds)
    {
        var function = new RecordingFunction();
        if (!succeeds)
        {
            function.Behavior = (_, _, _) => throw new ResourceNotFoundException("db-2 does not exist");
        }

        await using var harness = new TelemetryHarness(function, timeProvider: new FakeTimeProvider(Now));

        var result = await harness.InvokeAsync(OperationsEvents.Body(eventType));

        Assert.Equal(succeeds, result.IsSuccess);
        var line = Assert.Single(harness.AuditLines);
        var credentialsDelete = eventType == "delete-credentials";
        var expected = "{\"record\":\"apono.audit\",\"timestamp\":\"2026-03-04T05:06:07.1230000Z\",\"level\":\"INFO\"," +
            $"\"requestId\":\"{harness.LastRequestId}\",\"eventType\":\"{eventType}\"," +
            (credentialsDelete ? string.Empty : "\"grantId\":\"g-1\",") +
            "\"resourceType\":\"postgres-database\",\"username\":\"jane@example.com\",\"resources\":[\"db-1\",\"db-2\"],\"resourceCount\":2," +
            (credentialsDelete ? string.Empty : "\"permission\":\"read\",") +
            $"\"outcome\":\"{(succeeds ? "ok" : "NotFound")}\",\"durationMs\":0}}";
        Assert.Equal(expected, line);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Duration_IsTheTimeTheHandlerTook_TheSameInTheRecordTheMetricsAndTheAnsweredLine(bool succeeds)
    {
        // The observer takes its start and, for a success, its elapsed time from the pipeline: one figure everywhere.
        var clock = new FakeTimeProvider(Now);
        var function = new RecordingFunction
        {
            Behavior = (_, _, _) =>
            {
                clock.Advance(TimeSpan.FromTicks(31_270)); // 3.127 ms
                return succeeds ? Task.FromResult<object?>(null) : throw new ResourceNotFoundException("db-2 does not exist");
            },
        };
        await using var harness = new TelemetryHarness(function, timeProvider: clock);

        var result = await harness.InvokeAsync(OperationsEvents.Body("grant-access"));

        Assert.Equal(succeeds, result.IsSuccess);
        using var audit = JsonDocument.Parse(Assert.Single(harness.AuditLines));
        Assert.Equal(3.127, audit.RootElement.GetProperty("durationMs").GetDouble());
        Assert.Equal("2026-03-04T05:06:07.1261270Z", audit.RootElement.GetProperty("timestamp").GetString());
        using var metrics = JsonDocument.Parse(Assert.Single(harness.MetricDocuments));
        Assert.Equal(3.127, metrics.RootElement.GetProperty("Duration").GetDouble());
        var answered = harness.Lines.Where(l => TelemetryHarness.Field(l, "message") is { } m && m.StartsWith("grant-access answered in", StringComparison.Ordinal)).ToList();
        Assert.Equal(succeeds ? [$"grant-access answered in 3.127 ms ({result.Body.Length} bytes)"] : [], answered.Select(l => TelemetryHarness.Field(l, "message")));
    }

    [Theory]
    [MemberData(nameof(EventsAndOutcomes))]
    public async Task AccessEvent_WithCustomParameters_NoParameterValueInTheRecordOrTheMetrics(string eventType, bool succeeds)
    {
        var function = new RecordingFunction();
        if (!succeeds)
        {
            function.Behavior = (_, _, _) => throw new InvalidOperationException("boom");
        }

        await using var harness = new TelemetryHarness(function);

        await harness.InvokeAsync(OperationsEvents.Body(eventType));

        var telemetry = harness.AuditLines.Concat(harness.MetricDocuments).ToList();
        Assert.Equal(2, telemetry.Count);
        Assert.All(telemetry, line =>
        {
            Assert.DoesNotContain(OperationsEvents.SecretValue, line, StringComparison.Ordinal);
            Assert.DoesNotContain(OperationsEvents.PlainValue, line, StringComparison.Ordinal);
            Assert.DoesNotContain("custom", line, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Equal(succeeds ? "ok" : "InternalError", TelemetryHarness.Field(harness.AuditLines[0], "outcome"));
    }

    [Fact]
    public async Task CreateCredentials_Success_RecordCarriesNoPassword()
    {
        await using var harness = new TelemetryHarness(new RecordingFunction());

        var result = await harness.InvokeAsync(OperationsEvents.Body("create-credentials"));

        Assert.True(result.IsSuccess);
        Assert.Contains("created-for-jane@example.com", System.Text.Encoding.UTF8.GetString(result.Body.Span), StringComparison.Ordinal);
        Assert.All(harness.Lines, line => Assert.DoesNotContain("created-for-", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Username_ForgingAnotherRecord_StaysOneFieldOfOneRecord()
    {
        const string Forged = "jane\",\"outcome\":\"ok\"},{\"record\":\"apono.audit\",\"username\":\"admin";
        await using var harness = new TelemetryHarness(new RecordingFunction { Behavior = (_, _, _) => throw new Errors.TransientException("down") });

        var result = await harness.InvokeAsync(OperationsEvents.Body("grant-access", Forged));

        Assert.Equal("Transient", result.ErrorType);
        var line = Assert.Single(harness.AuditLines);
        Assert.Equal(Forged, TelemetryHarness.Field(line, "username"));
        Assert.Equal("Transient", TelemetryHarness.Field(line, "outcome"));
    }

    [Theory]
    [InlineData("eve\u202Eoc.evil")]
    [InlineData("eve\nadmin")]
    public async Task Username_WithBidiOrControlCharacter_RefusedBeforeTheAuthorAndNoAuditRecord(string username)
    {
        var function = new RecordingFunction();
        await using var harness = new TelemetryHarness(function);

        var result = await harness.InvokeAsync(OperationsEvents.Body("grant-access", username));

        Assert.Equal(AponoErrorType.InvalidRequest, result.ErrorType);
        Assert.Empty(function.Calls);
        Assert.Empty(harness.AuditLines);
        Assert.Equal("InvalidRequest", TelemetryHarness.Field(Assert.Single(harness.MetricDocuments), "ErrorType"));
    }

    [Theory]
    [InlineData(OperationsEvents.GetStatus)]
    [InlineData(OperationsEvents.ListResources)]
    [InlineData("{\"event_type\":\"grant-access\",\"params\":{}}")]
    public async Task NotAnAccessChange_WritesNoAuditRecord(string body)
    {
        await using var harness = new TelemetryHarness(new RecordingFunction());

        await harness.InvokeAsync(body);

        Assert.Empty(harness.AuditLines);
        Assert.Single(harness.MetricDocuments);
    }

    [Fact]
    public async Task Timeout_AuditOutcomeIsTimeout()
    {
        var time = new FakeTimeProvider(Now);
        var release = new TaskCompletionSource();
        var function = new RecordingFunction { Behavior = async (_, _, _) => { await release.Task; return null; } };
        await using var harness = new TelemetryHarness(function, timeProvider: time);

        var result = await harness.InvokeAsync(OperationsEvents.Body("revoke-access"), deadline: Now);
        release.SetResult();

        Assert.Equal(AponoErrorType.Timeout, result.ErrorType);
        Assert.Equal("Timeout", TelemetryHarness.Field(Assert.Single(harness.AuditLines), "outcome"));
    }

    [Fact]
    public async Task ManyLongResources_RecordStopsAtTheBudgetAndCountsTheRest()
    {
        var ids = Enumerable.Range(0, 1000).Select(static i => "arn:aws:rds:eu-west-1:123456789012:db:" + new string('x', 200) + i).ToArray();
        var body = "{\"event_type\":\"grant-access\",\"params\":{\"grant_id\":\"g\",\"username\":\"u\",\"resource_type\":\"t\",\"resources\":" +
            "[\"" + string.Join("\",\"", ids) + "\"]" + ",\"permission\":\"p\"}}";
        await using var harness = new TelemetryHarness(new RecordingFunction());

        await harness.InvokeAsync(body);

        using var record = JsonDocument.Parse(Assert.Single(harness.AuditLines));
        var written = record.RootElement.GetProperty("resources").GetArrayLength();
        Assert.InRange(written, 1, 999);
        Assert.Equal(1000, record.RootElement.GetProperty("resourceCount").GetInt32());
        Assert.Equal(1000 - written, record.RootElement.GetProperty("resourcesOmitted").GetInt32());
        Assert.True(harness.AuditLines[0].Length < 128 * 1024);
    }

    [Fact]
    public async Task AuditRecordsOff_WritesNoLineButSinksStillReceive()
    {
        var sink = new CollectingSink();
        var function = new RecordingFunction { ServicesHook = services => services.AddSingleton<IAuditSink>(sink) };
        await using var harness = new TelemetryHarness(function, new Dictionary<string, string?> { ["Apono__Telemetry__AuditRecords"] = "false" });

        await harness.InvokeAsync(OperationsEvents.Body("grant-access"));

        Assert.Empty(harness.AuditLines);
        var record = Assert.Single(sink.Records);
        Assert.Equal("grant-access", record.EventType);
        Assert.Equal("g-1", record.GrantId);
        Assert.Equal("jane@example.com", record.Username);
        Assert.Equal(["db-1", "db-2"], record.Resources);
        Assert.Equal("read", record.Permission);
        Assert.Equal(AuditRecord.OkOutcome, record.Outcome);
    }

    internal sealed class CollectingSink : IAuditSink
    {
        public List<AuditRecord> Records { get; } = [];

        public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            lock (Records)
            {
                Records.Add(record);
            }

            return ValueTask.CompletedTask;
        }
    }
}
