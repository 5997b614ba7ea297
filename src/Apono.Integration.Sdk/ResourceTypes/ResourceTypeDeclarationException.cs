namespace Apono.Integration.Sdk.ResourceTypes;

/// <summary>A resource type declaration breaks a rule; its message is the author's own deploy-time text, safe to quote.</summary>
internal sealed class ResourceTypeDeclarationException(string message) : Exception(message);
