namespace Apono.Integration.Sdk.Conformance;

/// <summary>What the conformance run sends, as the connector of one configured integration would.</summary>
public sealed class AponoConformanceOptions
{
    /// <summary>The resource type a function that declares none is checked with, unless <see cref="ResourceType"/> names one.</summary>
    public const string DefaultResourceType = "custom-app";

    /// <summary>Gets or sets the one resource type to check; every listed resource must echo it.</summary>
    /// <value>
    /// <see langword="null"/> by default: every type the function declares is checked in turn, or
    /// <see cref="DefaultResourceType"/> for a function that declares none. Naming a type also turns on the
    /// <c>errors.undeclared-resource-type</c> rule for a function that declares none: it must refuse any other type.
    /// </value>
    public string? ResourceType { get; set; }

    /// <summary>Gets or sets the grantee of the test grants and credentials.</summary>
    /// <value><c>apono-conformance@example.com</c> by default.</value>
    public string Username { get; set; } = "apono-conformance@example.com";

    /// <summary>Gets the custom parameters sent with every event.</summary>
    /// <value>Empty by default.</value>
    public IDictionary<string, string> CustomParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets how many of the listed permissions are granted, re-granted, revoked and re-revoked.</summary>
    /// <value>20 by default. Each is exercised on the first listed resource.</value>
    public int MaxPermissions { get; set; } = 20;

    /// <summary>Gets or sets a value indicating whether a type whose listing has no resource or no permission passes.</summary>
    /// <value>
    /// <see langword="false"/> by default: an empty listing fails <c>list-resources.not-empty</c>, since nothing can be
    /// granted and the grant, revoke and credentials rules cannot run (they are listed as skipped). The CLI's
    /// <c>check --allow-empty</c> sets it.
    /// </value>
    public bool AllowEmptyListing { get; set; }
}
