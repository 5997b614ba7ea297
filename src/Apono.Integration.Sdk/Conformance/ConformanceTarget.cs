namespace Apono.Integration.Sdk.Conformance;

/// <summary>One resource type the conformance run checks, with the events its handler implements.</summary>
/// <param name="Name">The resource type sent as <c>resource_type</c>.</param>
/// <param name="Events">The wire names of the events the type serves (from the capability table), or <see langword="null"/> when they are not known (a function that declares no types, a raw handler): every event is then sent and <c>NotSupported</c> skips its rules.</param>
internal sealed record ConformanceTarget(string Name, IReadOnlyCollection<string>? Events)
{
    public bool Supports(string eventType) => Events is null || Events.Contains(eventType, StringComparer.Ordinal);

    /// <summary>Gets the declared types of the capability table, or <see langword="null"/> when the function declares none.</summary>
    public static IReadOnlyList<ConformanceTarget>? From(ResourceTypes.AponoCapabilities capabilities) =>
        capabilities.DeclaresResourceTypes ? [.. capabilities.ResourceTypes.Select(static t => new ConformanceTarget(t.Name, t.Events))] : null;
}
