namespace InternalAppAccess.Client;

/// <summary>
/// One internal app the function may call, configured at deploy time: its name (what <c>custom_parameters.target</c>
/// selects), its base URL and the logical name of the secret holding its bearer token (an <c>AponoSecrets</c> name,
/// see <see cref="Apono.Integration.Sdk.Secrets.IAponoSecrets"/>). Nothing here comes from an invocation.
/// </summary>
internal sealed record InternalAppTarget(string Name, Uri BaseUrl, string TokenSecret)
{
    /// <summary>Names the target and its configuration key, never the host: errors and logs print this.</summary>
    public override string ToString() => $"InternalAppTarget {{ Name = {Name} }}";
}
