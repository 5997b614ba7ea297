using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Hosting;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>An author's function doing the least work: the benchmarks measure the SDK around it.</summary>
public sealed class BenchmarkFunction : AponoIntegrationFunction
{
    private static readonly Task Ok = Task.CompletedTask;

    public AponoResource[] Resources { get; set; } = [];

    /// <summary>Builds the runtime the way a host does: configuration, DI root, logging to a null stream.</summary>
    internal static InvocationPipeline Pipeline(AponoIntegrationFunction function, LogLevel level)
    {
        var settings = new FunctionHostSettings
        {
            Environment = new Dictionary<string, string?>(StringComparer.Ordinal),
            LogOutput = System.IO.Stream.Null,
            DefaultLogLevel = level,
        };
        return FunctionRuntime.Create(function, settings).Pipeline;
    }

    protected internal override Task GrantAccessAsync(GrantAccessRequest request, InvocationContext context, CancellationToken cancellationToken) => Ok;

    protected internal override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ListResourcesReply(Resources, Workload.Permissions));
}
