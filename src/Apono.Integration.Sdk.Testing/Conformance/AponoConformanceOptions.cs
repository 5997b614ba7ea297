namespace Apono.Integration.Sdk.Testing;

/// <summary>What the conformance run sends, as the connector of one configured integration would.</summary>
public sealed class AponoConformanceOptions
{
    /// <summary>Gets or sets the resource type the integration is configured for; every listed resource must echo it.</summary>
    /// <value><c>custom-app</c> by default.</value>
    public string ResourceType { get; set; } = "custom-app";

    /// <summary>Gets or sets the grantee of the test grants and credentials.</summary>
    /// <value><c>apono-conformance@example.com</c> by default.</value>
    public string Username { get; set; } = "apono-conformance@example.com";

    /// <summary>Gets the custom parameters sent with every event.</summary>
    /// <value>Empty by default.</value>
    public IDictionary<string, string> CustomParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets how many of the listed permissions are granted, re-granted, revoked and re-revoked.</summary>
    /// <value>20 by default. Each is exercised on the first listed resource.</value>
    public int MaxPermissions { get; set; } = 20;
}
