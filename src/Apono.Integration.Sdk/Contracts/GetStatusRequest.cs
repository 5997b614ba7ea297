namespace Apono.Integration.Sdk.Contracts;

/// <summary>The params of <c>get-status</c>.</summary>
public sealed class GetStatusRequest : AponoRequest
{
    /// <inheritdoc/>
    public override string EventType => AponoEventType.GetStatus;

    /// <inheritdoc/>
    public override string ToString() => "GetStatusRequest { }";
}
