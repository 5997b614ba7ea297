using System.Text;
using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.Conformance;

/// <summary>The reply validator hands the rule it found and the item to the conformance runner as data; nobody reads the English message back.</summary>
public sealed class RuleIdsAsDataTests
{
    private const string ListResources = """{"event_type":"list-resources","params":{"resource_type":"db"}}""";
    private const string Create = """{"event_type":"create-credentials","params":{"username":"u@example.com","resource_type":"db","resources":["r"]}}""";
    private const string Status = """{"event_type":"get-status"}""";

    private static readonly AponoPermission[] Permissions = [new("read", "Read")];

    public static TheoryData<string, object, string, string?> Violations() => new()
    {
        { ListResources, new ListResourcesReply([new AponoResource("db-1", "One") { Type = "table" }], Permissions), "list-resources.resource-type", "resource 'db-1'" },
        { ListResources, new ListResourcesReply([new AponoResource("db-1", "One"), new AponoResource("db-1", "Again")], Permissions), "list-resources.resource-id-unique", "resource 'db-1'" },
        { ListResources, new ListResourcesReply([new AponoResource("db-1", "One"), new AponoResource("", "Nameless")], Permissions), "list-resources.resource-id", "resources[1]" },
        { ListResources, new ListResourcesReply([new AponoResource("db-1", " ")], Permissions), "list-resources.resource-name", "resource 'db-1'" },
        { ListResources, new ListResourcesReply([new AponoResource("db-1", "One") { Metadata = new Dictionary<string, string> { [""] = "x" } }], Permissions), "list-resources.resource-metadata", "resource 'db-1'" },
        { ListResources, new ListResourcesReply([], [new AponoPermission("read", "Read"), new AponoPermission("read", "Reader")]), "list-resources.permission-id-unique", "permission 'read'" },
        { ListResources, new ListResourcesReply([], [new AponoPermission("read", "Read"), new AponoPermission("", "Read")]), "list-resources.permission-id", "permissions[1]" },
        { ListResources, new ListResourcesReply([], [new AponoPermission("read", "")]), "list-resources.permission-name", "permission 'read'" },
        { Status, new StatusReply(" "), "get-status.status", null },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task InvokeAsync_ReplyBreaksARule_ResultCarriesTheRuleAndItem(string request, object reply, string rule, string? item)
    {
        await using var function = new RecordingFunction { Behavior = (_, _, _) => Task.FromResult<object?>(reply) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(request);

        Assert.Equal(AponoErrorType.InvalidReply, result.ErrorType);
        Assert.NotNull(result.Violation);
        Assert.Equal((rule, item), (result.Violation.Rule, result.Violation.Item(static id => id)));
    }

    [Fact]
    public async Task InvokeAsync_NullReply_CarriesNoRule()
    {
        await using var function = new RecordingFunction { Behavior = (_, _, _) => Task.FromResult<object?>(NullMarker.Instance) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(Create);

        Assert.Equal(("InvalidReply", null), (result.ErrorType, result.Violation));
    }

    [Fact]
    public async Task RunAsync_ViolationWithAnyMessageWording_ReportsTheRuleAndItemFromTheViolation()
    {
        // The same violation under a reworded (here: German) message: the finding's rule and item come from the data.
        var report = await ConformanceRunner.RunAsync((body, _) => Task.FromResult(EventType(body) switch
        {
            "get-status" => InvocationResult.Success("""{"status":"active"}"""u8.ToArray()),
            "list-resources" => InvocationResult.Failure(AponoErrorType.InvalidReply, "Die Ressourcen-ID kommt doppelt vor.")
                with { Violation = ReplyViolation.Of(ConformanceRules.ResourceIdUnique, "resource", "db-7") },
            _ => InvocationResult.Failure(AponoErrorType.InvalidRequest, "no"),
        }), new AponoConformanceOptions(), CustomParameters.Empty, declared: null, CancellationToken.None);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("list-resources.resource-id-unique", "resource 'db-7'", "custom-app"), (failure.Rule, failure.Item, failure.ResourceType));
        Assert.Equal("the SDK rejected the reply (InvalidReply): Die Ressourcen-ID kommt doppelt vor.", failure.Message);
    }

    [Fact]
    public async Task RunAsync_InvalidReplyWithoutViolation_ReportsListFailedWhateverTheMessageSays()
    {
        // A message that reads like a rule's is still only a message: without the data it names no rule.
        var report = await ConformanceRunner.RunAsync((body, _) => Task.FromResult(EventType(body) switch
        {
            "get-status" => InvocationResult.Success("""{"status":"active"}"""u8.ToArray()),
            "list-resources" => InvocationResult.Failure(AponoErrorType.InvalidReply, "list-resources reply: resource id 'db-7' appears more than once; ids must be unique."),
            _ => InvocationResult.Failure(AponoErrorType.InvalidRequest, "no"),
        }), new AponoConformanceOptions(), CustomParameters.Empty, declared: null, CancellationToken.None);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("list-resources.succeeds", null), (failure.Rule, failure.Item));
    }

    [Fact]
    public async Task RunAsync_CredentialsViolation_ReportsTheSecretRuleFromTheData()
    {
        var report = await ConformanceRunner.RunAsync((body, _) => Task.FromResult(EventType(body) switch
        {
            "get-status" => InvocationResult.Success("""{"status":"active"}"""u8.ToArray()),
            "list-resources" => InvocationResult.Success("""{"resources":[{"id":"db-1","name":"One","type":"custom-app","metadata":{}}],"permissions":[{"id":"read","name":"Read"}]}"""u8.ToArray()),
            "grant-access" or "revoke-access" when Encoding.UTF8.GetString(body.Span).Contains("\"permission\":\"read\"") && Encoding.UTF8.GetString(body.Span).Contains("[\"db-1\"]")
                => InvocationResult.Success("""{"status":"ok"}"""u8.ToArray()),
            "create-credentials" => InvocationResult.Failure(AponoErrorType.InvalidReply, "Kein Geheimnis.") with { Violation = new ReplyViolation(ConformanceRules.CreateCredentialsSecret) },
            "reset-credentials" => InvocationResult.Success("""{"status":"ok","secret":"s"}"""u8.ToArray()),
            "delete-credentials" => InvocationResult.Success("""{"status":"ok"}"""u8.ToArray()),
            _ => InvocationResult.Failure(AponoErrorType.InvalidRequest, "no"),
        }), new AponoConformanceOptions(), CustomParameters.Empty, declared: null, CancellationToken.None);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("create-credentials.secret", "the SDK rejected the reply (InvalidReply): Kein Geheimnis."), (failure.Rule, failure.Message));
    }

    private static string? EventType(ReadOnlyMemory<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Span);
        var start = text.IndexOf("\"event_type\":\"", StringComparison.Ordinal);
        return start < 0 ? null : text[(start + 14)..text.IndexOf('"', start + 14)];
    }
}
