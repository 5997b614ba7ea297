namespace Apono.Integration.Sdk.Contracts;

/// <summary>The <c>params</c> of an Apono event: what every event carries.</summary>
public abstract class AponoRequest
{
    private protected AponoRequest()
    {
    }

    /// <summary>Gets the <c>event_type</c> this request was sent as.</summary>
    public abstract string EventType { get; }

    /// <summary>Gets the integration's <c>custom_parameters</c>; empty when the connector sent none.</summary>
    public CustomParameters CustomParameters { get; init; } = CustomParameters.Empty;
}
