using System.CommandLine;
using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary><c>check</c>: runs the conformance suite against the function and prints every rule with its outcome.</summary>
internal static class CheckCommand
{
    public static Command Create(LocalCommandLine cli)
    {
        var parameters = new CustomParameterOptions("A custom parameter sent with every event, as the integration in Apono would; repeat for several.");
        var resourceType = new Option<string?>("--resource-type") { Description = "Checks only this resource type. Default: every type the function declares, or 'custom-app' for a function that declares none." };
        var username = new Option<string>("--username") { Description = "The grantee used for the test grants.", DefaultValueFactory = static _ => "apono-conformance@example.com" };
        var allowEmpty = new Option<bool>("--allow-empty") { Description = "Passes a type whose listing has no resource or no permission (its access and credentials rules are then skipped). Without it an empty listing fails the run." };
        var command = new Command("check",
            "Drives the function as the Apono connector would (list, grant, revoke, credentials, bad envelopes) per resource type and prints every contract rule with its outcome (skipped ones with the reason). Exit 0 when no rule fails, 1 otherwise.")
        {
            parameters.Param, parameters.File, resourceType, username, allowEmpty,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (fromFile, fromFlags, problem) = parameters.Read(parsed);
            if (problem is not null)
            {
                return await cli.UsageAsync(problem).ConfigureAwait(false);
            }

            var options = new AponoConformanceOptions
            {
                ResourceType = parsed.GetValue(resourceType),
                Username = parsed.GetValue(username)!,
                AllowEmptyListing = parsed.GetValue(allowEmpty),
            };
            var customParameters = new CustomParameters(CustomParameterOptions.Merge(fromFile, fromFlags));

            return await cli.WithRuntimeAsync(cli.Quiet(), async runtime =>
            {
                var capabilities = runtime.Capabilities;
                if (options.ResourceType is { } named && capabilities.DeclaresResourceTypes && capabilities.Find(named) is null)
                {
                    return await cli.UsageAsync(
                        $"--resource-type '{RequestReader.Printable(named, 128)}' is not declared by this function; it declares: {capabilities.TypeList}.").ConfigureAwait(false);
                }

                var report = await ConformanceRunner.RunAsync(
                    (body, token) => runtime.Pipeline.InvokeAsync(body, InvocationMetadata.Local(), token), options, customParameters,
                    ConformanceTarget.From(capabilities), cancellationToken).ConfigureAwait(false);
                await cli.Output.WriteAsync(report.ToString()).ConfigureAwait(false);
                return report.AllPassed ? LocalCommandLine.Success : LocalCommandLine.EventFailed;
            }).ConfigureAwait(false);
        });
        return command;
    }
}
