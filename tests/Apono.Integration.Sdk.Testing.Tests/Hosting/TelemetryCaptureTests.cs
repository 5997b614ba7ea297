using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using QuickStart;

namespace Apono.Integration.Sdk.Testing.Tests.Hosting;

public sealed class TelemetryCaptureTests
{
    private static GrantAccessRequest Grant() => new()
    {
        GrantId = "g-7",
        Username = "jane@example.com",
        ResourceType = "custom-app",
        Resources = ["resource1"],
        Permission = "admin",
        CustomParameters = CustomParameters.FromStrings([new("param1", "top-secret-value")]),
    };

    [Fact]
    public async Task CaptureTelemetryLines_On_LogsHoldTheAuditRecordAndTheMetricsDocument()
    {
        await using var host = new AponoTestHost(new QuickStartFunction(), new AponoTestHostOptions { CaptureTelemetryLines = true });

        Assert.True((await host.GrantAccessAsync(Grant())).IsSuccess);

        var audit = Assert.Single(host.Logs, static l => l.Json.StartsWith("{\"record\":\"apono.audit\"", StringComparison.Ordinal));
        using var record = JsonDocument.Parse(audit.Json);
        Assert.Equal("g-7", record.RootElement.GetProperty("grantId").GetString());
        Assert.Equal("ok", record.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("INFO", audit.Level);
        Assert.Single(host.Logs, static l => l.Json.StartsWith("{\"_aws\":", StringComparison.Ordinal));
        Assert.All(host.Logs, static l => Assert.DoesNotContain("top-secret-value", l.Json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CaptureTelemetryLines_Default_LogsHoldLogLinesOnly()
    {
        await using var host = new AponoTestHost(new QuickStartFunction());

        Assert.True((await host.GrantAccessAsync(Grant())).IsSuccess);

        Assert.DoesNotContain(host.Logs, static l => l.Json.Contains("apono.audit", StringComparison.Ordinal) || l.Json.Contains("\"_aws\"", StringComparison.Ordinal));
        Assert.NotEmpty(host.Logs);
    }
}
