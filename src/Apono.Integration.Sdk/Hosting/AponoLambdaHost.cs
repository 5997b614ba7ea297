using System.Diagnostics.CodeAnalysis;
using Apono.Integration.Sdk.Hosting.CommandLine;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>The one-line entry point of a function executable.</summary>
/// <example>
/// <code>
/// // Program.cs
/// return await AponoLambdaHost.RunAsync&lt;MyFunction&gt;(args);
/// </code>
/// </example>
public static class AponoLambdaHost
{
    /// <summary>
    /// Runs the function: under Lambda (<c>AWS_LAMBDA_RUNTIME_API</c> set) it serves the Runtime API until the
    /// environment ends; otherwise it runs the local command line, e.g. <c>invoke</c> reading an event from stdin.
    /// </summary>
    /// <typeparam name="TFunction">The function type.</typeparam>
    /// <param name="args">The process arguments.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TFunction>(string[] args)
        where TFunction : AponoIntegrationFunction, new()
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")))
        {
            return await LambdaRuntimeHost.RunProcessAsync(() => new TFunction()).ConfigureAwait(false);
        }

        return await LocalCommandLine.RunAsync(() => new TFunction(), args, Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError(), FunctionHostSettings.ForProcess(logToStandardError: true)).ConfigureAwait(false);
    }
}
