using Apono.Integration.Sdk.Contracts;

namespace Apono.Integration.Sdk.ResourceTypes;

/// <summary>Describes one resource type while it is declared: its permissions. Given to the callback of <see cref="AponoResourceTypes.Add{THandler}"/>.</summary>
/// <remarks>Only valid during that callback; the declaration is checked when the callback returns.</remarks>
public sealed class AponoResourceTypeBuilder
{
    private readonly List<AponoPermission> permissions = [];

    internal AponoResourceTypeBuilder()
    {
    }

    internal IReadOnlyList<AponoPermission> Permissions => permissions;

    /// <summary>Declares a permission users can request on the type's resources.</summary>
    /// <param name="id">The id Apono sends back in <c>permission</c>: 1 to 128 characters, no control, bidirectional or invisible formatting characters, unique within the type (ordinal).</param>
    /// <param name="name">The display name shown to requesters; not blank, no control characters.</param>
    /// <returns>This builder, to declare the next permission.</returns>
    /// <remarks>A rule broken here fails the function's start-up (<see cref="Hosting.AponoStartupException"/>) naming it.</remarks>
    public AponoResourceTypeBuilder WithPermission(string id, string name)
    {
        permissions.Add(new AponoPermission(id, name));
        return this;
    }
}
