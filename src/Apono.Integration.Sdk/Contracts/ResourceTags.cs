namespace Apono.Integration.Sdk.Contracts;

/// <summary>The tags of one resource, in the reply to <c>list-resources-tags</c>.</summary>
/// <param name="ResourceId">The resource id as listed by <c>list-resources</c>.</param>
/// <param name="Tags">String tags.</param>
public sealed record ResourceTags(string ResourceId, IReadOnlyDictionary<string, string> Tags);
