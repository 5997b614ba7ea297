using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.ResourceTypes;

namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary>
/// The values <c>events</c> and <c>invoke &lt;event-type&gt;</c> build a sample from, taken from the function's
/// declarations: the named (or first declared) resource type and that type's first permission; for a function that
/// declares none, the named type or <c>custom-app</c>, and <c>reader</c>. Custom parameters from the flags and file.
/// </summary>
internal static class SampleDefaults
{
    /// <summary>Builds the values.</summary>
    /// <returns>The values, or <see langword="null"/> with <paramref name="problem"/> when <paramref name="resourceType"/> is not declared.</returns>
    public static SampleValues? From(AponoCapabilities capabilities, string? resourceType, CustomParameters? customParameters, out string? problem)
    {
        var values = SampleValues.Default with { Parameters = customParameters ?? SampleValues.Default.Parameters };
        problem = null;
        if (!capabilities.DeclaresResourceTypes)
        {
            return values with { ResourceType = resourceType ?? values.ResourceType };
        }

        var type = resourceType is null ? capabilities.ResourceTypes[0] : capabilities.Find(resourceType);
        if (type is null)
        {
            problem = $"--resource-type '{RequestReader.Printable(resourceType!, 128)}' is not declared by this function; it declares: {capabilities.TypeList}.";
            return null;
        }

        return values with { ResourceType = type.Name, Permission = type.Permissions[0].Id };
    }
}
