namespace Apono.Integration.Sdk.Tests.Hosting.CommandLine;

/// <summary><c>check</c>: per declared type, every rule printed with its outcome (skips with the reason), exit codes.</summary>
public sealed class CheckCommandTests
{
    private const string NotEmptyFailure =
        "  FAIL list-resources.not-empty: lists no resource, so nothing can be granted and the access and credentials rules cannot run; list at least one resource and one permission, or allow an empty listing (--allow-empty).";

    [Fact]
    public async Task Check_EmptyListing_Exits1WithTheNotEmptyLineAndEveryLaterRuleSkipped()
    {
        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new EmptyWikiFunction(), string.Empty, "check");

        Assert.True(exitCode == 1, stdout);
        var lines = stdout.TrimEnd('\n').Split('\n');
        var section = lines.SkipWhile(line => line != "resource type 'wiki-space':").Skip(1).TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [
                NotEmptyFailure,
                "  SKIP list-resources.stable-ids: list-resources listed no resource, so there are no ids to list again.",
                "  SKIP grant-access.succeeds: list-resources listed no resource, so there is nothing to grant.",
                "  SKIP grant-access.idempotent: list-resources listed no resource, so there is nothing to grant.",
                "  SKIP revoke-access.succeeds: list-resources listed no resource, so there is nothing to grant.",
                "  SKIP revoke-access.idempotent: list-resources listed no resource, so there is nothing to grant.",
                "  SKIP grant-access.rejects-unlisted-permission: list-resources listed no resource, so there is nothing to grant.",
                "  SKIP grant-access.rejects-unlisted-resource: list-resources listed no resource, so there is nothing to grant.",
                "  SKIP create-credentials.secret: list-resources listed no resource, so there is no resource to create credentials for.",
                "  SKIP reset-credentials.secret: list-resources listed no resource, so there is no resource to create credentials for.",
                "  SKIP delete-credentials.succeeds: list-resources listed no resource, so there is no resource to create credentials for.",
            ],
            section.Where(line => !line.StartsWith("  PASS ", StringComparison.Ordinal)));
        Assert.Equal("FAILED: 30 passed, 1 failed, 19 skipped.", lines[^1]);
    }

    [Fact]
    public async Task Check_EmptyListingWithAllowEmpty_Exits0AndSaysWhyNotEmptyWasSkipped()
    {
        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new EmptyWikiFunction(), string.Empty, "check", "--allow-empty");

        Assert.True(exitCode == 0, stdout);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Contains("  SKIP list-resources.not-empty: lists no resource; accepted because an empty listing is allowed (--allow-empty).", lines);
        Assert.Equal("PASSED: 30 passed, 0 failed, 20 skipped.", lines[^1]);
    }

    [Fact]
    public async Task Check_FailingRule_Exits1AndPrintsTheFailure()
    {
        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new GrantsAnythingWikiFunction(), string.Empty, "check");

        Assert.True(exitCode == 1, stdout);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(
            "  FAIL grant-access.rejects-unlisted-resource [resource 'apono-conformance-unlisted-resource']: granting on a resource id that list-resources did not list must fail; answering ok tells Apono access was granted, but it answered {\"status\":\"ok\"}.",
            Assert.Single(lines, line => line.Contains("FAIL ", StringComparison.Ordinal)));
        Assert.Equal("FAILED: 46 passed, 1 failed, 12 skipped.", lines[^1]);
    }

    [Fact]
    public async Task Check_TwoDeclaredTypes_ChecksEachAndPrintsEveryRuleWithItsOutcomeAndSkipReasons()
    {
        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "check");

        Assert.True(exitCode == 0, stdout);
        var lines = stdout.TrimEnd('\n').Split('\n');
        string[] perType =
        [
            "list-resources.succeeds", "list-resources.shape", "list-resources.resource-id", "list-resources.resource-id-unique", "list-resources.resource-name",
            "list-resources.resource-type", "list-resources.resource-metadata", "list-resources.permission-id", "list-resources.permission-id-unique",
            "list-resources.permission-name", "list-resources.not-empty", "list-resources.stable-ids", "grant-access.succeeds", "grant-access.idempotent",
            "revoke-access.succeeds", "revoke-access.idempotent", "grant-access.rejects-unlisted-permission", "grant-access.rejects-unlisted-resource",
            "create-credentials.secret", "reset-credentials.secret", "delete-credentials.succeeds",
        ];
        Assert.Equal(["get-status.status", "errors.unknown-event", "errors.malformed-envelope", "errors.undeclared-resource-type"], RulesOf(lines.TakeWhile(line => !line.StartsWith("resource type", StringComparison.Ordinal))));
        Assert.Equal(perType, RulesOf(Section(lines, "wiki-space")));
        Assert.Equal(perType, RulesOf(Section(lines, "wiki-page")));
        Assert.Contains(
            "PASS errors.undeclared-resource-type [resource_type 'apono-conformance-undeclared-type']: fails with InvalidRequest: resource_type 'apono-conformance-undeclared-type' is not served by this integration; it declares: wiki-space, wiki-page.",
            lines);
        Assert.Contains("  SKIP create-credentials.secret: the type's handler does not implement the credentials events (ICredentialsHandler).", Section(lines, "wiki-space"));
        Assert.Contains("  SKIP grant-access.succeeds: the type's handler does not implement grant-access and revoke-access (IAccessHandler), so there is nothing to grant.", Section(lines, "wiki-page"));
        Assert.Equal("PASSED: 47 passed, 0 failed, 12 skipped.", lines[^1]);
    }

    [Fact]
    public async Task Check_OneNamedType_ChecksOnlyThatType()
    {
        var (exitCode, stdout, _) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "check", "--resource-type", WikiFunction.PageType);

        Assert.True(exitCode == 0, stdout);
        Assert.DoesNotContain("resource type 'wiki-space':", stdout);
        Assert.Contains("resource type 'wiki-page':\n", stdout);
    }

    [Fact]
    public async Task Check_UndeclaredResourceType_Exits2NamingTheDeclaredOnes()
    {
        var (exitCode, stdout, stderr) = await LocalCommandLineTests.RunAsync(() => new WikiFunction(), string.Empty, "check", "--resource-type", "custom-app");

        Assert.Equal((2, string.Empty), (exitCode, stdout));
        Assert.Equal("--resource-type 'custom-app' is not declared by this function; it declares: wiki-space, wiki-page.\n", stderr);
    }

    private static string[] Section(string[] lines, string type) =>
        [.. lines.SkipWhile(line => line != $"resource type '{type}':").Skip(1).TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal))];

    private static string[] RulesOf(IEnumerable<string> lines) =>
        [.. lines.Select(line => line.TrimStart()[5..].Split([' ', ':'])[0]).Distinct()];
}
