using System.Text.Json;
using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;
using QuickStart;

namespace Apono.Integration.Sdk.Testing.Tests.Conformance;

public sealed class AponoConformanceTests
{
    [Fact]
    public async Task RunAsync_QuickStart_AllRulesPass()
    {
        await using var host = new AponoTestHost(new QuickStartFunction());

        var report = await AponoConformance.RunAsync(host);

        report.AssertAllPassed();
        Assert.Empty(report.Failures);
        // Nothing skipped: QuickStart declares custom-app, so the undeclared-type rule runs, and is refused as it must be.
        Assert.DoesNotContain(report.Results, r => r.Outcome == AponoConformanceOutcome.Skipped);
        Assert.Contains(report.Results, r => r is { Rule: "errors.undeclared-resource-type", Outcome: AponoConformanceOutcome.Passed });
        Assert.Contains(report.Results, r => r is { Rule: "grant-access.idempotent", Item: "permission 'admin' on resource 'resource1'", Outcome: AponoConformanceOutcome.Passed, ResourceType: "custom-app" });
        Assert.Contains(report.Results, r => r is { Rule: "create-credentials.secret", Outcome: AponoConformanceOutcome.Passed });
        Assert.Equal(7, report.Results.Count(r => r is { Rule: "errors.malformed-envelope", Outcome: AponoConformanceOutcome.Passed }));
    }

    [Fact]
    public async Task RunAsync_ReferenceFunction_AllRulesPassAndGrantsAreRevoked()
    {
        var function = new ReferenceFunction();
        await using var host = new AponoTestHost(function);

        var report = await AponoConformance.RunAsync(host);

        report.AssertAllPassed();
        Assert.Empty(function.Grants);
    }

    [Fact]
    public async Task RunAsync_WrongResourceType_FailsResourceTypeRuleNamingTheResource()
    {
        await using var host = new AponoTestHost(new WrongTypeFunction());

        var report = await AponoConformance.RunAsync(host);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("list-resources.resource-type", failure.Rule);
        Assert.Equal("resource 'db-1'", failure.Item);
        Assert.Equal(
            "the SDK rejected the reply (InvalidReply): list-resources reply: resource 'db-1' has type 'postgres', but the request's resource_type is 'custom-app'; Apono accepts only the requested type.",
            failure.Message);
    }

    [Fact]
    public async Task RunAsync_RawHandlerWithWrongResourceType_FailsResourceTypeRule()
    {
        var invoker = AponoInvoker.FromDelegate((json, _) => Task.FromResult(EventType(json) switch
        {
            "list-resources" => """{"resources":[{"id":"db-1","name":"Orders","type":"postgres","metadata":{}}],"permissions":[]}""",
            "get-status" => """{"status":"active"}""",
            _ => """{"errorType":"NotSupported","errorMessage":"no"}""",
        }));

        var report = await AponoConformance.RunAsync(invoker, new AponoConformanceOptions { AllowEmptyListing = true });

        var failure = Assert.Single(report.Failures);
        Assert.Equal("list-resources.resource-type", failure.Rule);
        Assert.Equal("resource 'db-1'", failure.Item);
        Assert.Equal("type is 'postgres', but the request's resource_type is 'custom-app'.", failure.Message);
    }

    [Fact]
    public async Task RunAsync_DuplicateResourceIds_FailsUniqueIdRuleNamingTheId()
    {
        await using var host = new AponoTestHost(new DuplicateIdFunction());

        var report = await AponoConformance.RunAsync(host);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("list-resources.resource-id-unique", failure.Rule);
        Assert.Equal("resource 'db-1'", failure.Item);
        Assert.Contains("appears more than once", failure.Message);
    }

    [Fact]
    public async Task RunAsync_RawHandlerWithDuplicatePermissionIds_FailsUniqueIdRule()
    {
        var invoker = AponoInvoker.FromDelegate((json, _) => Task.FromResult(EventType(json) switch
        {
            "list-resources" => """{"resources":[],"permissions":[{"id":"read","name":"Read"},{"id":"read","name":"Read again"}]}""",
            "get-status" => """{"status":"active"}""",
            _ => """{"errorType":"NotSupported","errorMessage":"no"}""",
        }));

        var report = await AponoConformance.RunAsync(invoker, new AponoConformanceOptions { AllowEmptyListing = true });

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("list-resources.permission-id-unique", "permission 'read'"), (failure.Rule, failure.Item));
    }

    [Fact]
    public async Task RunAsync_GrantsUnlistedPermission_FailsRejectsUnlistedPermissionRule()
    {
        await using var host = new AponoTestHost(new GrantsAnythingFunction());

        var report = await AponoConformance.RunAsync(host);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("grant-access.rejects-unlisted-permission", failure.Rule);
        Assert.Equal("permission 'apono-conformance-unlisted-permission'", failure.Item);
        Assert.Equal(
            "granting a permission id that list-resources did not list must fail; answering ok tells Apono access was granted, but it answered {\"status\":\"ok\"}.",
            failure.Message);
    }

    [Fact]
    public async Task RunAsync_GrantNotIdempotent_FailsIdempotencyRulePerPermission()
    {
        await using var host = new AponoTestHost(new NotIdempotentFunction());

        var report = await AponoConformance.RunAsync(host);

        Assert.Equal(
            ["grant-access.idempotent [permission 'read' on resource 'db-1']", "grant-access.idempotent [permission 'write' on resource 'db-1']"],
            report.Failures.Select(f => $"{f.Rule} [{f.Item}]"));
        Assert.Equal(
            "the same grant (same grant_id, resource and permission) delivered a second time must answer ok too, but it failed: InvalidRequest: Grant apono-conformance-grant-001 was already applied.",
            report.Failures[0].Message);
    }

    [Fact]
    public async Task RunAsync_CreateCredentialsWithoutSecret_FailsSecretRule()
    {
        // The Node sample's bug: its first 'create-credentials' case answers ok without the secret.
        await using var quickStart = new AponoTestHost(new QuickStartFunction());
        var invoker = AponoInvoker.FromDelegate(async (json, token) =>
            EventType(json) == AponoEventType.CreateCredentials ? """{"status":"ok"}""" : (await quickStart.InvokeAsync(json, token)).Json);

        var report = await AponoConformance.RunAsync(invoker);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("create-credentials.secret", "resource 'resource1'"), (failure.Rule, failure.Item));
        Assert.Equal("the create-credentials reply has no secret; Apono needs it to hand the credentials to the user.", failure.Message);
    }

    [Fact]
    public async Task RunAsync_CredentialsNotImplemented_SkipsCredentialRulesAndPasses()
    {
        await using var host = new AponoTestHost(new NoCredentialsFunction());

        var report = await AponoConformance.RunAsync(host);

        Assert.True(report.AllPassed, report.ToString());
        Assert.Equal(
            ["errors.undeclared-resource-type", "create-credentials.secret", "reset-credentials.secret", "delete-credentials.succeeds"],
            report.Results.Where(r => r.Outcome == AponoConformanceOutcome.Skipped).Select(r => r.Rule));
    }

    [Fact]
    public async Task RunAsync_AnswersOkToUnknownEvent_FailsUnknownEventRule()
    {
        // The SDK rejects unknown events itself, so a function can only answer ok to one outside it: a raw handler
        // in front of the SDK, as a hand-written Lambda might have.
        await using var inner = new AponoTestHost(new ReferenceFunction());
        var invoker = AponoInvoker.FromDelegate(async (json, token) =>
            AponoEventType.All.Contains(EventType(json)) || EventType(json) is null ? (await inner.InvokeAsync(json, token)).Json : """{"status":"ok"}""");

        var report = await AponoConformance.RunAsync(invoker);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("errors.unknown-event", "event_type 'apono-conformance-unknown-event'"), (failure.Rule, failure.Item));
        Assert.Equal("an event the function does not know must fail, never answer ok, but it answered {\"status\":\"ok\"}.", failure.Message);
    }

    [Fact]
    public async Task RunAsync_AnswersOkToMalformedEnvelope_FailsMalformedEnvelopeRulePerCase()
    {
        var invoker = AponoInvoker.FromDelegate((_, _) => Task.FromResult("""{"status":"ok"}"""));

        var report = await AponoConformance.RunAsync(invoker);

        Assert.Equal(
            ["empty body", "not JSON", "JSON array", "missing event_type", "event_type not a string", "params not an object", "grant-access without grant_id"],
            report.Failures.Where(f => f.Rule == "errors.malformed-envelope").Select(f => f.Item));
        Assert.Contains(report.Failures, f => f.Rule == "list-resources.shape");
    }

    [Fact]
    public async Task RunAsync_IdsChangeBetweenListings_FailsStableIdsRuleNamingTheChange()
    {
        await using var host = new AponoTestHost(new UnstableIdFunction());

        var report = await AponoConformance.RunAsync(host);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("list-resources.stable-ids", null), (failure.Rule, failure.Item));
        Assert.Equal(
            "listing a second time gave other ids (resource 'db-1' disappeared; resource 'db-2' appeared); ids must be stable, since Apono sends them back in grant-access and revoke-access.",
            failure.Message);
    }

    [Fact]
    public async Task RunAsync_ReferenceFunction_ListsTwiceAndPassesStableIds()
    {
        await using var host = new AponoTestHost(new ReferenceFunction());

        var report = await AponoConformance.RunAsync(host);

        var result = Assert.Single(report.Results, r => r.Rule == "list-resources.stable-ids");
        Assert.Equal((AponoConformanceOutcome.Passed, "listing a second time gives the same resource and permission ids."), (result.Outcome, result.Message));
    }

    [Fact]
    public async Task AssertAllPassed_Failures_ThrowsListingEachRuleAndItem()
    {
        await using var host = new AponoTestHost(new NotIdempotentFunction());
        var report = await AponoConformance.RunAsync(host);

        var error = Assert.Throws<AponoConformanceException>(report.AssertAllPassed);

        Assert.Same(report, error.Report);
        Assert.StartsWith("2 conformance rule(s) failed:\n  (custom-app) grant-access.idempotent [permission 'read' on resource 'db-1']: the same grant", error.Message);
        Assert.Contains("\n  (custom-app) grant-access.idempotent [permission 'write' on resource 'db-1']: ", error.Message);
    }

    [Fact]
    public async Task RunAsync_CustomParametersAndResourceType_AreSentWithEveryEvent()
    {
        var seen = new List<JsonElement>();
        await using var inner = new AponoTestHost(new ReferenceFunction());
        var invoker = AponoInvoker.FromDelegate(async (json, token) =>
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("event_type", out var type) && AponoEventType.All.Contains(type.GetString()))
                {
                    seen.Add(p.Clone());
                }
            }
            catch (JsonException)
            {
            }

            return (await inner.InvokeAsync(json, token)).Json;
        });
        var options = new AponoConformanceOptions { ResourceType = "postgres" };
        options.CustomParameters["host"] = "db.internal";

        var report = await AponoConformance.RunAsync(invoker, options);

        report.AssertAllPassed();
        Assert.All(seen.Where(p => p.TryGetProperty("custom_parameters", out _)), p => Assert.Equal("db.internal", p.GetProperty("custom_parameters").GetProperty("host").GetString()));
        Assert.All(seen.Where(p => p.TryGetProperty("resource_type", out _)), p => Assert.Equal("postgres", p.GetProperty("resource_type").GetString()));
    }

    [Fact]
    public async Task ToString_Report_NeverShowsTheIssuedSecret()
    {
        await using var host = new AponoTestHost(new ReferenceFunction());

        var report = await AponoConformance.RunAsync(host);

        Assert.DoesNotContain("s3cret", report.ToString());
        Assert.EndsWith("PASSED: " + (report.Results.Count - 1) + " passed, 0 failed, 1 skipped.\n", report.ToString());
    }

    [Fact]
    public async Task RunAsync_EmptyListing_FailsNotEmptyAndListsEveryLaterRuleAsSkippedWithTheReason()
    {
        await using var host = new AponoTestHost(new EmptyFunction());

        var report = await AponoConformance.RunAsync(host);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(
            "FAIL list-resources.not-empty: lists no resource, so nothing can be granted and the access and credentials rules cannot run; list at least one resource and one permission, or allow an empty listing (--allow-empty).",
            failure.ToString());
        Assert.EndsWith(
            """
            resource type 'custom-app':
              PASS list-resources.succeeds: answers a reply.
              PASS list-resources.shape: has a resources array and a permissions array.
              PASS list-resources.permission-id [permission 'read']: has a non-empty id.
              PASS list-resources.permission-id-unique [permission 'read']: appears once.
              PASS list-resources.permission-name [permission 'read']: has a name.
              FAIL list-resources.not-empty: lists no resource, so nothing can be granted and the access and credentials rules cannot run; list at least one resource and one permission, or allow an empty listing (--allow-empty).
              SKIP list-resources.stable-ids: list-resources listed no resource, so there are no ids to list again.
              SKIP grant-access.succeeds: list-resources listed no resource, so there is nothing to grant.
              SKIP grant-access.idempotent: list-resources listed no resource, so there is nothing to grant.
              SKIP revoke-access.succeeds: list-resources listed no resource, so there is nothing to grant.
              SKIP revoke-access.idempotent: list-resources listed no resource, so there is nothing to grant.
              SKIP grant-access.rejects-unlisted-permission: list-resources listed no resource, so there is nothing to grant.
              SKIP grant-access.rejects-unlisted-resource: list-resources listed no resource, so there is nothing to grant.
              SKIP create-credentials.secret: list-resources listed no resource, so there is no resource to create credentials for.
              SKIP reset-credentials.secret: list-resources listed no resource, so there is no resource to create credentials for.
              SKIP delete-credentials.succeeds: list-resources listed no resource, so there is no resource to create credentials for.
            FAILED: 14 passed, 1 failed, 11 skipped.

            """.ReplaceLineEndings("\n"),
            report.ToString());
    }

    [Fact]
    public async Task RunAsync_EmptyListingAllowed_SkipsNotEmptyWithTheReasonAndPasses()
    {
        await using var host = new AponoTestHost(new EmptyFunction());

        var report = await AponoConformance.RunAsync(host, new AponoConformanceOptions { AllowEmptyListing = true });

        report.AssertAllPassed();
        var notEmpty = Assert.Single(report.Results, r => r.Rule == "list-resources.not-empty");
        Assert.Equal(
            "SKIP list-resources.not-empty: lists no resource; accepted because an empty listing is allowed (--allow-empty).",
            notEmpty.ToString());
    }

    [Fact]
    public async Task RunAsync_FunctionDeclaringNoTypes_SkipsUndeclaredTypeRuleWithTheReason()
    {
        await using var host = new AponoTestHost(new ReferenceFunction());

        var report = await AponoConformance.RunAsync(host);

        var rule = Assert.Single(report.Results, r => r.Rule == "errors.undeclared-resource-type");
        Assert.Equal(
            "SKIP errors.undeclared-resource-type: the function declares no resource types (ConfigureResourceTypes), so it serves any type it is sent and no type is undeclared.",
            rule.ToString());
        Assert.Null(rule.ResourceType);
    }

    private static string? EventType(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("event_type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Lists permissions but no resource: a backend with nothing in it yet, or a filter that matches nothing.</summary>
    private sealed class EmptyFunction : ReferenceFunction
    {
        protected override IEnumerable<AponoResource> Resources(string resourceType) => [];

        protected override IReadOnlyList<AponoPermission> Permissions() => [new AponoPermission("read", "Read")];
    }

    private sealed class WrongTypeFunction : ReferenceFunction
    {
        protected override IEnumerable<AponoResource> Resources(string resourceType) => [new AponoResource("db-1", "Orders database") { Type = "postgres" }];
    }

    private sealed class DuplicateIdFunction : ReferenceFunction
    {
        protected override IEnumerable<AponoResource> Resources(string resourceType) => [new AponoResource("db-1", "Orders"), new AponoResource("db-1", "Orders copy")];
    }

    private sealed class GrantsAnythingFunction : ReferenceFunction
    {
        protected override IReadOnlyList<AponoPermission> Permissions() => [new AponoPermission("read", "Read")];

        protected override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            request.Resources.All(r => r is "db-1" or "db-2")
                ? Task.CompletedTask
                : base.GrantAccessAsync(request, context, cancellationToken);
    }

    /// <summary>Numbers its resources by listing (a backend that uses row positions or random ids as resource ids).</summary>
    private sealed class UnstableIdFunction : ReferenceFunction
    {
        private int listings;

        protected override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            var listing = Interlocked.Increment(ref listings);
            return Task.FromResult(new ListResourcesReply([new AponoResource($"db-{listing}", "Orders database")], Permissions()));
        }
    }

    private sealed class NotIdempotentFunction : ReferenceFunction
    {
        protected override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Grants.ContainsKey($"{request.GrantId}/{request.Resources[0]}/{request.Permission}")
                ? throw new Errors.InvalidRequestException($"Grant {request.GrantId} was already applied.")
                : base.GrantAccessAsync(request, context, cancellationToken);
    }

    private sealed class NoCredentialsFunction : AponoIntegrationFunction
    {
        protected override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply([new AponoResource("db-1", "Orders")], [new AponoPermission("read", "Read")]));

        protected override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            request.Permission == "read" && request.Resources.All(r => r == "db-1")
                ? Task.CompletedTask
                : throw new Errors.InvalidRequestException("Not listed.");

        protected override Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
