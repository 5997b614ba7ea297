using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.ResourceTypes;

public sealed class CapabilitiesTests
{
    [Fact]
    public async Task Capabilities_TwoTypes_ListEachTypeWithItsPermissionsAndEventsInDeclarationOrder()
    {
        await using var harness = PipelineHarness.Create(new TwoTypeFunction());
        var capabilities = harness.Runtime.Capabilities;

        Assert.True(capabilities.DeclaresResourceTypes);
        Assert.Equal(["database", "schema"], capabilities.ResourceTypes.Select(t => t.Name));
        var database = capabilities.ResourceTypes[0];
        Assert.Equal([new AponoPermission("read", "Read"), new AponoPermission("write", "Read and write")], database.Permissions);
        Assert.Equal(["list-resources", "grant-access", "revoke-access", "create-credentials", "reset-credentials", "delete-credentials"], database.Events);
        var schema = capabilities.ResourceTypes[1];
        Assert.Equal([new AponoPermission("usage", "Usage")], schema.Permissions);
        Assert.Equal(["list-resources"], schema.Events);
        Assert.Equal("database (permissions: read, write; events: list-resources, grant-access, revoke-access, create-credentials, reset-credentials, delete-credentials)", database.ToString());
    }

    [Theory]
    [InlineData("list-resources", "database", true)]
    [InlineData("grant-access", "database", true)]
    [InlineData("delete-credentials", "database", true)]
    [InlineData("list-resources", "schema", true)]
    [InlineData("grant-access", "schema", false)]
    [InlineData("create-credentials", "schema", false)]
    [InlineData("list-resources", "tables", false)]
    [InlineData("grant-access", null, true)]
    [InlineData("get-status", null, true)]
    [InlineData("get-status", "tables", true)]
    [InlineData("list-resources-tags", "schema", true)]
    [InlineData("Grant-Access", "database", false)]
    [InlineData("no-such-event", null, false)]
    public async Task Supports_TwoTypes_AnswersFromTheDeclarations(string eventType, string? resourceType, bool expected)
    {
        await using var harness = PipelineHarness.Create(new TwoTypeFunction());

        Assert.Equal(expected, harness.Runtime.Capabilities.Supports(eventType, resourceType));
    }

    [Theory]
    [InlineData("grant-access", "anything", true)]
    [InlineData("list-resources", null, true)]
    [InlineData("no-such-event", "anything", false)]
    public async Task Supports_NothingDeclared_IsTrueForEveryEventBecauseOnlyACallTells(string eventType, string? resourceType, bool expected)
    {
        await using var harness = PipelineHarness.Create(new EmptyFunction());

        Assert.False(harness.Runtime.Capabilities.DeclaresResourceTypes);
        Assert.Empty(harness.Runtime.Capabilities.ResourceTypes);
        Assert.Equal(expected, harness.Runtime.Capabilities.Supports(eventType, resourceType));
    }

    [Fact]
    public void EventType_All_IsTheEventsTableInContractOrder()
    {
        Assert.Equal(
            ["list-resources", "list-resources-tags", "grant-access", "revoke-access", "create-credentials", "reset-credentials", "delete-credentials", "get-status"],
            AponoEventType.All);
        Assert.Same(EventTable.Names, AponoEventType.All);
        Assert.All(EventTable.All, row => Assert.Equal(row.RequestType, row.Sample(SampleValues.Default).GetType()));
        Assert.All(EventTable.All, row => Assert.Equal(row.Name, row.Sample(SampleValues.Default).EventType));
    }

    private sealed class EmptyFunction : AponoIntegrationFunction
    {
    }
}
