using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Testing.Tests.Conformance;

/// <summary>The suite reads the test host's capability table and checks each declared type, with the undeclared-type rule.</summary>
public sealed class PerTypeConformanceTests
{
    [Fact]
    public async Task RunAsync_TwoDeclaredTypes_ChecksEachTypeWithItsOwnEvents()
    {
        await using var host = new AponoTestHost(new DatabaseFunction());

        var report = await AponoConformance.RunAsync(host);

        report.AssertAllPassed();
        Assert.Equal(["db", "db-user"], report.Results.Select(r => r.ResourceType).OfType<string>().Distinct());
        Assert.Contains(report.Results, r => r is { ResourceType: "db", Rule: "grant-access.idempotent", Item: "permission 'write' on resource 'orders'", Outcome: AponoConformanceOutcome.Passed });
        Assert.Contains(report.Results, r => r is { ResourceType: "db-user", Rule: "create-credentials.secret", Item: "resource 'app'", Outcome: AponoConformanceOutcome.Passed });
        // db grants but issues no credentials; db-user issues credentials but grants nothing: each skip says why.
        Assert.Equal(
            ["db create-credentials.secret", "db reset-credentials.secret", "db delete-credentials.succeeds", "db-user grant-access.succeeds", "db-user grant-access.idempotent",
             "db-user revoke-access.succeeds", "db-user revoke-access.idempotent", "db-user grant-access.rejects-unlisted-permission", "db-user grant-access.rejects-unlisted-resource"],
            report.Results.Where(r => r.Outcome == AponoConformanceOutcome.Skipped).Select(r => $"{r.ResourceType} {r.Rule}"));
        var undeclared = Assert.Single(report.Results, r => r.Rule == "errors.undeclared-resource-type");
        Assert.Equal(
            "PASS errors.undeclared-resource-type [resource_type 'apono-conformance-undeclared-type']: fails with InvalidRequest: resource_type 'apono-conformance-undeclared-type' is not served by this integration; it declares: db, db-user.",
            undeclared.ToString());
    }

    [Fact]
    public async Task RunAsync_OneNamedType_ChecksOnlyThatType()
    {
        await using var host = new AponoTestHost(new DatabaseFunction());

        var report = await AponoConformance.RunAsync(host, new AponoConformanceOptions { ResourceType = "db-user" });

        report.AssertAllPassed();
        Assert.Equal(["db-user"], report.Results.Select(r => r.ResourceType).OfType<string>().Distinct());
    }

    [Fact]
    public async Task ToString_TwoDeclaredTypes_HeadsEachTypesResults()
    {
        await using var host = new AponoTestHost(new DatabaseFunction());

        var text = (await AponoConformance.RunAsync(host)).ToString();

        Assert.Contains("\nresource type 'db':\n  PASS list-resources.succeeds: answers a reply.\n", text);
        Assert.Contains("\nresource type 'db-user':\n  PASS list-resources.succeeds: answers a reply.\n", text);
        Assert.Contains("\n  SKIP grant-access.succeeds: the type's handler does not implement grant-access and revoke-access (IAccessHandler), so there is nothing to grant.\n", text);
        Assert.DoesNotContain("s3cret", text);
    }

    private sealed class DatabaseFunction : AponoIntegrationFunction
    {
        protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) => resourceTypes
            .Add<Databases>("db", type => type.WithPermission("read", "Read").WithPermission("write", "Write"))
            .Add<DatabaseUsers>("db-user", type => type.WithPermission("login", "Log in"));
    }

    private sealed class Databases : IAccessHandler
    {
        public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply([new AponoResource("orders", "Orders")], [new AponoPermission("read", "Read"), new AponoPermission("write", "Write")]));

        public Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            request.Resources.All(r => r == "orders") ? Task.CompletedTask : throw new ResourceNotFoundException("No such database.");

        public Task RevokeAccessAsync(RevokeAccessRequest request, InvocationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DatabaseUsers : ICredentialsHandler
    {
        public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply([new AponoResource("app", "App database")], [new AponoPermission("login", "Log in")]));

        public Task<CredentialsReply> CreateCredentialsAsync(CreateCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new CredentialsReply(new SecretString("s3cret-created")));

        public Task<CredentialsReply> ResetCredentialsAsync(ResetCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new CredentialsReply(new SecretString("s3cret-reset")));

        public Task DeleteCredentialsAsync(DeleteCredentialsRequest request, InvocationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
