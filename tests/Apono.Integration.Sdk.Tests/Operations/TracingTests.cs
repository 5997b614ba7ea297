using System.Diagnostics;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.TestSupport;
using Apono.Integration.Sdk.Tracing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Apono.Integration.Sdk.Tests.Operations;

public sealed class TracingTests
{
    private const string Header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TraceHeader_InvocationSpanIsParentedOnItAndStagesOnTheInvocation(bool withDeadline)
    {
        var exported = new List<Activity>();
        using var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(AponoTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        await using var harness = new TelemetryHarness(new RecordingFunction());

        // With a deadline the author's part runs on a thread-pool thread (the Lambda path); without, inline.
        var result = await harness.InvokeAsync(OperationsEvents.Body("grant-access"), traceId: Header, deadline: withDeadline ? DateTimeOffset.UtcNow.AddDays(1) : null);

        Assert.True(result.IsSuccess);
        var spans = Mine(exported, harness);
        var invocation = Assert.Single(spans, static s => s.OperationName == "apono.invocation");
        Assert.Equal("5759e988bd862e3fe1be46a994272793", invocation.TraceId.ToHexString());
        Assert.Equal("53995c3f42cd8ad8", invocation.ParentSpanId.ToHexString());
        Assert.True(invocation.HasRemoteParent);
        Assert.Equal(ActivityKind.Server, invocation.Kind);
        Assert.Equal("grant-access", invocation.DisplayName);
        Assert.Equal("ok", invocation.GetTagItem("apono.outcome"));
        Assert.Equal("postgres-database", invocation.GetTagItem("apono.resource_type"));
        Assert.Equal(ActivityStatusCode.Ok, invocation.Status);
        var stages = spans.Where(static s => s.OperationName != "apono.invocation").ToList();
        Assert.Equal(["apono.read", "apono.handler", "apono.write"], stages.OrderBy(static s => s.StartTimeUtc).Select(static s => s.OperationName));
        Assert.All(stages, stage =>
        {
            Assert.Equal(invocation.TraceId, stage.TraceId);
            Assert.Equal(invocation.SpanId, stage.ParentSpanId);
        });
    }

    [Fact]
    public async Task Failure_InvocationSpanHasErrorStatusAndType()
    {
        var exported = new List<Activity>();
        using var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(AponoTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        await using var harness = new TelemetryHarness(new RecordingFunction { Behavior = (_, _, _) => throw new Errors.TransientException("later") });

        await harness.InvokeAsync(OperationsEvents.Body("revoke-access"), traceId: Header);

        var invocation = Assert.Single(Mine(exported, harness), static s => s.OperationName == "apono.invocation");
        Assert.Equal(ActivityStatusCode.Error, invocation.Status);
        Assert.Equal("Transient", invocation.GetTagItem("error.type"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000;Sampled=1")]
    [InlineData("Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Root=1-5759e988-bd862e3fe1be46a994272794;Parent=53995c3f42cd8ad8")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279\u0000;Parent=53995c3f42cd8ad8")]
    [InlineData(";;;==;;")]
    public async Task MalformedHeader_RootSpanAndTheSameAnswer(string? header)
    {
        var exported = new List<Activity>();
        using var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(AponoTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        await using var harness = new TelemetryHarness(new RecordingFunction());

        var result = await harness.InvokeAsync(OperationsEvents.Body("grant-access"), traceId: header);

        Assert.Equal("{\"status\":\"ok\"}", System.Text.Encoding.UTF8.GetString(result.Body.Span));
        var invocation = Assert.Single(Mine(exported, harness), static s => s.OperationName == "apono.invocation");
        Assert.Equal(default, invocation.ParentSpanId);
        Assert.False(invocation.HasRemoteParent);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ThrowingListener_AnswerIsByteIdentical(bool throwOnStart)
    {
        await using var plain = new TelemetryHarness(new RecordingFunction());
        await using var listened = new TelemetryHarness(new RecordingFunction());
        var source = listened.Observers.Tracer!.Source;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source.Equals,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => { if (throwOnStart) { throw new InvalidOperationException("listener"); } },
            ActivityStopped = _ => throw new InvalidOperationException("exporter"),
        };
        ActivitySource.AddActivityListener(listener);

        var expected = await plain.InvokeAsync(OperationsEvents.Body("create-credentials"), traceId: Header);
        var actual = await listened.InvokeAsync(OperationsEvents.Body("create-credentials"), traceId: Header);

        Assert.True(actual.IsSuccess);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.Body.Span), System.Text.Encoding.UTF8.GetString(actual.Body.Span));
        Assert.Single(listened.AuditLines);
        Assert.Single(listened.MetricDocuments);
    }

    [Fact]
    public async Task TracingOff_NoSpans()
    {
        var exported = new List<Activity>();
        using var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(AponoTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        await using var harness = new TelemetryHarness(new RecordingFunction(), new Dictionary<string, string?> { ["Apono__Telemetry__Tracing"] = "false" });

        var result = await harness.InvokeAsync(OperationsEvents.Body("grant-access"), traceId: Header);

        Assert.True(result.IsSuccess);
        Assert.Empty(Mine(exported, harness));
    }

    [Fact]
    public async Task TracerProviderRegisteredInConfigureServices_AsDocumented_RecordsTheInvocation()
    {
        var exported = new List<Activity>();
        var function = new OpenTelemetryFunction(exported);
        await using var harness = new TelemetryHarness(function);
        try
        {
            var result = await harness.InvokeAsync(OperationsEvents.Body("grant-access"), traceId: Header);

            Assert.True(result.IsSuccess);
            var invocation = Assert.Single(Mine(exported, harness), static s => s.OperationName == "apono.invocation");
            Assert.Equal("53995c3f42cd8ad8", invocation.ParentSpanId.ToHexString());
        }
        finally
        {
            function.Provider?.Dispose();
        }
    }

    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", ActivityTraceFlags.Recorded)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", ActivityTraceFlags.None)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", ActivityTraceFlags.None)]
    [InlineData("Sampled=1;Lineage=a87bd80c:1|68fd508a:5;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793", ActivityTraceFlags.Recorded)]
    public void XRayHeader_Valid_ConvertsToW3CIds(string header, ActivityTraceFlags flags)
    {
        Assert.True(XRayTraceHeader.TryParse(header, out var parent));

        Assert.Equal("5759e988bd862e3fe1be46a994272793", parent.TraceId.ToHexString());
        Assert.Equal("53995c3f42cd8ad8", parent.SpanId.ToHexString());
        Assert.Equal(flags, parent.TraceFlags);
        Assert.True(parent.IsRemote);
    }

    /// <summary>docs/operations.md's one call, with the in-memory exporter in place of OTLP.</summary>
    private sealed class OpenTelemetryFunction(List<Activity> exported) : AponoIntegrationFunction
    {
        public TracerProvider? Provider { get; private set; }

        protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
            services.AddSingleton(Provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
                .AddSource(AponoTelemetry.SourceName)
                .AddInMemoryExporter(exported)
                .Build());

        protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.CompletedTask;
    }

    /// <summary>Spans of this harness only: other tests may run in parallel under the same source name.</summary>
    private static List<Activity> Mine(List<Activity> exported, TelemetryHarness harness)
    {
        lock (exported)
        {
            var invocations = exported.Where(a => a.OperationName == "apono.invocation" && (a.GetTagItem("faas.invocation_id") as string)?.StartsWith(harness.Prefix, StringComparison.Ordinal) == true).ToList();
            var ids = invocations.Select(static a => a.SpanId).ToHashSet();
            return exported.Where(a => invocations.Contains(a) || ids.Contains(a.ParentSpanId)).ToList();
        }
    }
}
