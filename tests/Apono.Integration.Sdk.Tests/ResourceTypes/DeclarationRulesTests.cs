using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tests.ResourceTypes;

public sealed class DeclarationRulesTests
{
    private const string Prefix = "DeclaringFunction failed to start: invalid resource type declaration in ConfigureResourceTypes: ";

    public static TheoryData<string, Action<AponoResourceTypes>, string> BadDeclarations => new()
    {
        {
            "duplicate name",
            types => types.Add<Handler>("database", t => t.WithPermission("read", "Read")).Add<Handler>("database", t => t.WithPermission("write", "Write")),
            "resource type 'database' is declared twice; each name must be unique (compared ordinally)."
        },
        {
            "no permission",
            types => types.Add<Handler>("database", _ => { }),
            "resource type 'database' declares no permission; declare at least one with WithPermission."
        },
        {
            "control character in the name",
            types => types.Add<Handler>("data\u0007base", t => t.WithPermission("read", "Read")),
            "The resource type name 'data\\u0007base' must not contain a control character (U+0007 at index 4)."
        },
        {
            "bidi control in the name",
            types => types.Add<Handler>("evil\u202Etxt", t => t.WithPermission("read", "Read")),
            "The resource type name 'evil\\u202Etxt' must not contain a bidirectional formatting character (U+202E at index 4)."
        },
        {
            "empty name",
            types => types.Add<Handler>(string.Empty, t => t.WithPermission("read", "Read")),
            "a resource type name must be 1 to 128 characters, but '' has 0."
        },
        {
            "name over 128 characters",
            types => types.Add<Handler>(new string('t', 129), t => t.WithPermission("read", "Read")),
            "a resource type name must be 1 to 128 characters, but 'tttttttttttttttttttttttttttttttt…' has 129."
        },
        {
            "null name",
            types => types.Add<Handler>(null!, t => t.WithPermission("read", "Read")),
            "a resource type name is null."
        },
        {
            "duplicate permission",
            types => types.Add<Handler>("database", t => t.WithPermission("read", "Read").WithPermission("read", "Read again")),
            "resource type 'database' declares permission 'read' twice; permission ids must be unique within a type."
        },
        {
            "control character in a permission id",
            types => types.Add<Handler>("database", t => t.WithPermission("re\nad", "Read")),
            "The permission id of resource type 'database' 're\\u000Aad' must not contain a control character (U+000A at index 2)."
        },
        {
            "blank permission name",
            types => types.Add<Handler>("database", t => t.WithPermission("read", " ")),
            "permission 'read' of resource type 'database' has an empty name; give it the name requesters see."
        },
    };

    [Theory]
    [MemberData(nameof(BadDeclarations))]
    public void Create_BadDeclaration_FailsTheStartUpWithAnAponoStartupExceptionNamingTheRule(string rule, Action<AponoResourceTypes> declare, string message)
    {
        var exception = Assert.Throws<AponoStartupException>(() => FunctionRuntime.Create(new DeclaringFunction(declare), Settings()));

        Assert.Equal(Prefix + message, exception.Message);
        Assert.False(string.IsNullOrEmpty(rule));
    }

    [Fact]
    public void Create_SameNameInAnotherCase_IsADifferentType()
    {
        var runtime = FunctionRuntime.Create(
            new DeclaringFunction(types => types.Add<Handler>("Database", t => t.WithPermission("read", "Read")).Add<Handler>("database", t => t.WithPermission("read", "Read"))),
            Settings());

        Assert.Equal(["Database", "database"], runtime.Capabilities.ResourceTypes.Select(t => t.Name));
    }

    [Fact]
    public void Create_HandlerWithAnUnregisteredDependency_FailsServiceValidationAtStartUp()
    {
        var exception = Assert.Throws<AponoStartupException>(() => FunctionRuntime.Create(
            new DeclaringFunction(types => types.Add<NeedsMissing>("database", t => t.WithPermission("read", "Read"))),
            Settings()));

        Assert.StartsWith("DeclaringFunction failed to start (AggregateException): service validation failed: ", exception.Message);
        Assert.Contains("Unable to resolve service for type 'Apono.Integration.Sdk.Tests.ResourceTypes.DeclarationRulesTests+IMissing' while attempting to activate 'Apono.Integration.Sdk.Tests.ResourceTypes.DeclarationRulesTests+NeedsMissing'.", exception.Message);
    }

    private static FunctionHostSettings Settings() => new() { Environment = new Dictionary<string, string?>(), LogOutput = Stream.Null };

    private sealed class DeclaringFunction(Action<AponoResourceTypes> declare) : AponoIntegrationFunction
    {
        protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) => declare(resourceTypes);
    }

    private sealed class Handler : IResourceTypeHandler
    {
        public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply([], []));
    }

    private interface IMissing;

    private sealed class NeedsMissing(IMissing missing) : IResourceTypeHandler
    {
        public Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply([new AponoResource(missing.ToString()!, "x")], []));
    }
}
