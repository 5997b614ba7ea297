namespace Apono.Integration.Sdk.Tests.Hosting.CommandLine;

public sealed class CheckCommandTests
{
    private const string NotEmptyFailure =
        "  FAIL list-resources.not-empty: lists no resource, so nothing can be granted and the access and credentials rules cannot run; list at least one resource and one permission, or allow an empty listing (--allow-empty).";

    [Fact]
    public async Task Check_EmptyListing_Exits1WithTheNotEmptyLineAndEveryLaterRuleSkipped()
    {
        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new EmptyWikiFunction(), string.Empty, "check", "--resource-type", WikiFunction.Type);

        Assert.True(exitCode == 1, stdout);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Contains(NotEmptyFailure, lines);
        Assert.Contains("  SKIP grant-access.succeeds: list-resources listed no resource, so there is nothing to grant.", lines);
        Assert.Contains("  SKIP list-resources.stable-ids: list-resources listed no resource, so there are no ids to list again.", lines);
        Assert.Contains("  SKIP create-credentials.secret: list-resources listed no resource, so there is no resource to create credentials for.", lines);
        Assert.Equal("FAILED: 14 passed, 1 failed, 11 skipped.", lines[^1]);
    }

    [Fact]
    public async Task Check_EmptyListingWithAllowEmpty_Exits0AndSaysWhyNotEmptyWasSkipped()
    {
        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new EmptyWikiFunction(), string.Empty, "check", "--resource-type", WikiFunction.Type, "--allow-empty");

        Assert.True(exitCode == 0, stdout);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Contains("  SKIP list-resources.not-empty: lists no resource; accepted because an empty listing is allowed (--allow-empty).", lines);
        Assert.Equal("PASSED: 14 passed, 0 failed, 12 skipped.", lines[^1]);
    }

    [Fact]
    public async Task Check_FailingRule_Exits1AndPrintsTheFailure()
    {
        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new GrantsAnythingWikiFunction(), string.Empty, "check", "--resource-type", WikiFunction.Type);

        Assert.Equal(1, exitCode);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Contains(
            "  FAIL grant-access.rejects-unlisted-permission [permission 'apono-conformance-unlisted-permission']: granting a permission id that list-resources did not list must fail; answering ok tells Apono access was granted, but it answered {\"status\":\"ok\"}.",
            lines);
        Assert.Contains(lines, line => line.StartsWith("  FAIL grant-access.rejects-unlisted-resource [resource 'apono-conformance-unlisted-resource']: ", StringComparison.Ordinal));
        Assert.Equal("FAILED: 25 passed, 2 failed, 4 skipped.", lines[^1]);
    }

    [Fact]
    public async Task Check_PassingFunction_PrintsEveryRuleWithItsOutcomeAndSkipReasons()
    {
        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "check", "--resource-type", WikiFunction.Type);

        Assert.True(exitCode == 0, stdout);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(
            [
                "get-status.status", "errors.unknown-event", "errors.malformed-envelope", "errors.undeclared-resource-type",
                "list-resources.succeeds", "list-resources.shape", "list-resources.resource-id", "list-resources.resource-id-unique", "list-resources.resource-name",
                "list-resources.resource-type", "list-resources.resource-metadata", "list-resources.permission-id", "list-resources.permission-id-unique",
                "list-resources.permission-name", "list-resources.not-empty", "list-resources.stable-ids", "grant-access.succeeds", "grant-access.idempotent",
                "revoke-access.succeeds", "revoke-access.idempotent", "grant-access.rejects-unlisted-permission", "grant-access.rejects-unlisted-resource",
                "create-credentials.secret", "reset-credentials.secret", "delete-credentials.succeeds",
            ],
            lines.Where(line => line.TrimStart().StartsWith("PASS ", StringComparison.Ordinal) || line.TrimStart().StartsWith("SKIP ", StringComparison.Ordinal) || line.TrimStart().StartsWith("FAIL ", StringComparison.Ordinal))
                .Select(line => line.TrimStart()[5..].Split([' ', ':'])[0]).Distinct());
        Assert.Contains("resource type 'wiki-space':", lines);
        Assert.Contains("  SKIP create-credentials.secret [resource 'eng']: the function does not implement create-credentials (NotSupported).", lines);
        Assert.Contains("  SKIP delete-credentials.succeeds [resource 'eng']: the function does not implement delete-credentials (NotSupported).", lines);
        Assert.Equal("PASSED: 27 passed, 0 failed, 4 skipped.", lines[^1]);
    }
}
