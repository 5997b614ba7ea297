using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.ResourceTypes;

/// <summary>
/// What a function answers, known from its declarations without calling it: the table of resource type × event that
/// the command line (<c>events</c>, <c>check</c>, <c>docs</c>) and the conformance suite use.
/// </summary>
/// <remarks>
/// Built from <c>ConfigureResourceTypes</c> only, never by reflection. An author who overrides a per-type method of the
/// function intercepts that event for every type; this table does not see such overrides, only the declared handlers.
/// </remarks>
public sealed class AponoCapabilities
{
    private readonly Dictionary<string, AponoResourceTypeInfo> byName;

    internal AponoCapabilities(IReadOnlyList<AponoResourceTypeInfo> resourceTypes)
    {
        ResourceTypes = resourceTypes;
        byName = resourceTypes.ToDictionary(static t => t.Name, StringComparer.Ordinal);
        TypeList = string.Join(", ", resourceTypes.Select(static t => t.Name));
    }

    /// <summary>Gets a value indicating whether the function declares at least one resource type. When not, its overrides serve any type and only calling it tells what it supports.</summary>
    public bool DeclaresResourceTypes => ResourceTypes.Count > 0;

    /// <summary>Gets the declared resource types, in declaration order; empty when none is declared.</summary>
    public IReadOnlyList<AponoResourceTypeInfo> ResourceTypes { get; }

    /// <summary>Gets the declared type names joined by <c>", "</c>, for messages.</summary>
    internal string TypeList { get; }

    /// <summary>Whether the function answers <paramref name="eventType"/> for <paramref name="resourceType"/>, as far as its declarations tell.</summary>
    /// <param name="eventType">A wire event name such as <c>grant-access</c>.</param>
    /// <param name="resourceType">
    /// The resource type; <see langword="null"/> asks whether any declared type answers the event. Ignored for the
    /// function-level events <c>get-status</c> and <c>list-resources-tags</c>.
    /// </param>
    /// <returns>
    /// <see langword="false"/> for a name that is not an Apono event. <see langword="true"/> for the function-level
    /// events (the function answers them itself; whether it overrides <c>list-resources-tags</c> only a call tells).
    /// For a per-type event: whether the type is declared and its handler implements the event; when nothing is
    /// declared, <see langword="true"/> (the function's overrides serve any type; only a call tells).
    /// </returns>
    public bool Supports(string eventType, string? resourceType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        if (EventTable.Find(eventType) is not { } descriptor)
        {
            return false;
        }

        if (!descriptor.IsPerType || !DeclaresResourceTypes)
        {
            return true;
        }

        if (resourceType is null)
        {
            return ResourceTypes.Any(t => t.Handles(eventType));
        }

        return byName.TryGetValue(resourceType, out var type) && type.Handles(eventType);
    }

    /// <summary>Finds a declared type by its name (ordinal).</summary>
    internal AponoResourceTypeInfo? Find(string resourceType) => byName.GetValueOrDefault(resourceType);

    /// <summary>The capabilities of a function that declares nothing.</summary>
    internal static AponoCapabilities None { get; } = new([]);

    /// <inheritdoc/>
    public override string ToString() => DeclaresResourceTypes ? $"AponoCapabilities {{ {string.Join("; ", ResourceTypes)} }}" : "AponoCapabilities { no resource types declared }";
}
