namespace Apono.Integration.Sdk.Contracts;

/// <summary>The reply to <c>list-resources-tags</c>: <c>{ "tags": [ { "resource_id": "...", "tags": { "k": "v" } } ] }</c>.</summary>
/// <param name="Tags">Tags per resource; resource ids unique and non-empty.</param>
public sealed record ListResourceTagsReply(IReadOnlyList<ResourceTags> Tags);
