namespace Apono.Integration.Function;

/// <summary>One system the function may manage access in, configured at deploy time; never taken from an invocation.</summary>
internal sealed record IntegrationTarget(string Name, Uri BaseUrl)
{
    /// <summary>Prints the name only: hosts stay out of logs and error messages.</summary>
    public override string ToString() => $"IntegrationTarget {{ Name = {Name} }}";
}
