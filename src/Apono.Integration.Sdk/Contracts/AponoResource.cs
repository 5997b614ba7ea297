namespace Apono.Integration.Sdk.Contracts;

/// <summary>A resource the integration can grant access to, as listed by <c>list-resources</c>.</summary>
/// <param name="Id">Unique, stable id; Apono sends it back in <c>resources</c> of grant and revoke.</param>
/// <param name="Name">Human-readable name shown in Apono; not empty.</param>
public sealed record AponoResource(string Id, string Name)
{
    /// <summary>Gets the resource type.</summary>
    /// <value>
    /// Default <see langword="null"/>: the SDK writes the request's <c>resource_type</c>, which is the only value Apono
    /// accepts. A value that differs from it is reported as an invalid reply naming this resource.
    /// </value>
    public string? Type { get; init; }

    /// <summary>Gets string tags shown with the resource, such as <c>environment = prod</c>.</summary>
    /// <value>Default empty.</value>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    internal static IReadOnlyDictionary<string, string> EmptyMetadata { get; } = new Dictionary<string, string>(0);
}
