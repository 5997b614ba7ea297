using Apono.Integration.Sdk.Contracts;

namespace Apono.Integration.Sdk.Conformance;

/// <summary>What the conformance run sends, as the connector of one configured integration would.</summary>
internal sealed class ConformanceSettings
{
    public string ResourceType { get; init; } = "custom-app";

    public string Username { get; init; } = "apono-conformance@example.com";

    public CustomParameters CustomParameters { get; init; } = CustomParameters.Empty;

    /// <summary>Gets how many listed permissions are granted and revoked; the rest are not exercised.</summary>
    public int MaxPermissions { get; init; } = 20;
}
