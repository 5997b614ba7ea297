using System.Diagnostics;
using Apono.Integration.Sdk.Tracing;
using OpenTelemetry.Trace;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests.Operations;

/// <summary>With a tracer provider on the SDK's source and Npgsql's, the database calls of an invocation are spans under the SDK's author-method span, and no span carries a password statement.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseTracingTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Fact]
    public async Task GrantAndCreateCredentials_DatabaseCallsAreChildSpans_NoneCarriesThePasswordStatement()
    {
        var exported = new List<Activity>();
        using (OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(AponoTelemetry.SourceName).AddSource("Npgsql").AddInMemoryExporter(exported).Build())
        {
            var user = NewUser("traced");
            await InvokeOkAsync("grant-access", AccessParams(user, "read-all", "db:orders"));
            var password = (await InvokeOkAsync("create-credentials", CredentialsParams(user))).Reply()["secret"]!.GetValue<string>();
            Assert.Equal(32, password.Length);
        }

        List<Activity> spans;
        lock (exported)
        {
            spans = [.. exported];
        }

        var handlers = spans.Where(static s => s.OperationName == "apono.handler").Select(static s => s.SpanId).ToHashSet();
        var database = spans.Where(static s => s.Source.Name == "Npgsql").ToList();
        Assert.Contains(database, s => handlers.Contains(s.ParentSpanId) && Statement(s) is not null);
        Assert.All(database, span => Assert.All(span.TagObjects, tag =>
        {
            var text = tag.Value?.ToString() ?? string.Empty;
            Assert.DoesNotContain("PASSWORD", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SCRAM-SHA-256$", text, StringComparison.Ordinal);
        }));
    }

    [Fact]
    public async Task SdkTracingOff_NoDatabaseSpans()
    {
        var environment = TargetEnvironment();
        environment["Apono__Telemetry__Tracing"] = "false";
        var host = NewHost(environment);
        var exported = new List<Activity>();
        using (OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(AponoTelemetry.SourceName).AddSource("Npgsql").AddInMemoryExporter(exported).Build())
        {
            var result = await host.InvokeAsync("grant-access", AccessParams(NewUser("untraced"), "read-all", "db:orders"));
            Assert.True(result.IsSuccess, result.Json);
        }

        lock (exported)
        {
            // The tests of this collection run one at a time, and no other collection opens a database connection.
            Assert.DoesNotContain(exported, static s => s.Source.Name == "Npgsql" && Statement(s) is not null);
        }
    }

    /// <summary>The statement text of a command span (the attribute name changed with the database semantic conventions).</summary>
    private static object? Statement(Activity span) => span.GetTagItem("db.query.text") ?? span.GetTagItem("db.statement");
}
