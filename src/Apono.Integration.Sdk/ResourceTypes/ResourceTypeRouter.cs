using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.ResourceTypes;

/// <summary>
/// The checks that come before the author's code when a function declares resource types: the request's
/// <c>resource_type</c> is declared, and a grant's or revoke's permission is one of the type's.
/// </summary>
internal static class ResourceTypeRouter
{
    /// <summary>Returns the declared type the request goes to, or <see langword="null"/> when nothing is declared or the event is function-level.</summary>
    /// <exception cref="InvalidRequestException">An undeclared <c>resource_type</c>, or an undeclared permission on grant or revoke.</exception>
    public static AponoResourceTypeInfo? Route(AponoCapabilities capabilities, EventDescriptor descriptor, AponoRequest request, string? resourceType)
    {
        if (!capabilities.DeclaresResourceTypes || resourceType is null)
        {
            return null;
        }

        var type = capabilities.Find(resourceType);
        if (!descriptor.IsPerType)
        {
            return type;
        }

        if (type is null)
        {
            // The declared names are the author's deploy-time text, not secrets; the request's value is shown escaped.
            throw new InvalidRequestException(
                $"resource_type '{InputText.Printable(resourceType, 128)}' is not served by this integration; it declares: {capabilities.TypeList}.");
        }

        if (request is AccessRequest access && !type.DeclaresPermission(access.Permission))
        {
            throw new InvalidRequestException(
                $"permission '{InputText.Printable(access.Permission, 128)}' is not declared for resource type '{type.Name}'; its permissions are: {type.PermissionList}.");
        }

        return type;
    }
}
