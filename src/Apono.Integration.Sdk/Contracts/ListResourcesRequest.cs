namespace Apono.Integration.Sdk.Contracts;

/// <summary>The params of <c>list-resources</c>.</summary>
public sealed class ListResourcesRequest : AponoRequest
{
    /// <inheritdoc/>
    public override string EventType => AponoEventType.ListResources;

    /// <summary>Gets the resource type the integration is configured for (<c>resource_type</c>). Every listed resource carries it.</summary>
    public required string ResourceType { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"ListResourcesRequest {{ ResourceType = {ResourceType} }}";
}
