namespace Apono.Integration.Sdk.Contracts;

/// <summary>The params of <c>list-resources-tags</c> (not documented by Apono; see the contract reference).</summary>
public sealed class ListResourceTagsRequest : AponoRequest
{
    /// <inheritdoc/>
    public override string EventType => AponoEventType.ListResourceTags;

    /// <summary>Gets the <c>resource_type</c> when the connector sends one.</summary>
    public string? ResourceType { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"ListResourceTagsRequest {{ ResourceType = {ResourceType} }}";
}
