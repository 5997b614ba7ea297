using System.Diagnostics.CodeAnalysis;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Apono.Integration.Sdk.ResourceTypes;

/// <summary>
/// The resource types a function serves, each with its permissions and its handler. Given to
/// <see cref="Routing.AponoIntegrationFunction"/>'s <c>ConfigureResourceTypes</c>, once at start-up.
/// </summary>
/// <remarks>
/// Declaring no type keeps the function's own overrides serving every <c>resource_type</c>. Declaring one or more makes
/// the SDK refuse any other <c>resource_type</c> before the author's code runs.
/// </remarks>
/// <example>
/// <code>
/// protected override void ConfigureResourceTypes(AponoResourceTypes resourceTypes) =>
///     resourceTypes.Add&lt;DatabaseAccess&gt;("postgres-database", type => type
///         .WithPermission("read", "Read")
///         .WithPermission("write", "Read and write"));
/// </code>
/// </example>
public sealed class AponoResourceTypes
{
    /// <summary>The longest resource type name, permission id or permission name accepted.</summary>
    internal const int MaxNameLength = 128;

    private readonly List<AponoResourceTypeInfo> declared = [];
    private readonly List<ServiceDescriptor> registrations = [];

    internal AponoResourceTypes()
    {
    }

    internal IReadOnlyList<AponoResourceTypeInfo> Declared => declared;

    /// <summary>
    /// Declares a resource type served by <typeparamref name="THandler"/>, built by dependency injection from each
    /// invocation's scope (registered scoped unless <c>ConfigureServices</c> registers it otherwise).
    /// </summary>
    /// <typeparam name="THandler">
    /// The handler. Which events the type answers follows from the interfaces it implements:
    /// <see cref="IResourceTypeHandler"/> (list), <see cref="IAccessHandler"/> (grant, revoke),
    /// <see cref="ICredentialsHandler"/> (create, reset, delete credentials).
    /// </typeparam>
    /// <param name="name">
    /// The <c>resource_type</c> Apono sends (as configured in the integration's <c>connected_resource_types</c>):
    /// 1 to 128 characters, no control, bidirectional or invisible formatting characters, unique (ordinal).
    /// </param>
    /// <param name="configure">Declares the type's permissions; at least one.</param>
    /// <returns>This collection, to declare the next type.</returns>
    /// <remarks>
    /// A rule broken here fails the function's start-up with an <see cref="Hosting.AponoStartupException"/> naming it:
    /// the Lambda init error, the command line's start-up failure and the test host's constructor all report it.
    /// </remarks>
    public AponoResourceTypes Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(string name, Action<AponoResourceTypeBuilder> configure)
        where THandler : class, IResourceTypeHandler
    {
        CheckText(name, "a resource type name", $"resource type name");
        if (declared.Exists(type => string.Equals(type.Name, name, StringComparison.Ordinal)))
        {
            throw new ResourceTypeDeclarationException($"resource type '{name}' is declared twice; each name must be unique (compared ordinally).");
        }

        if (configure is null)
        {
            throw new ResourceTypeDeclarationException($"resource type '{name}' has no configure callback; pass one that declares its permissions.");
        }

        var builder = new AponoResourceTypeBuilder();
        configure(builder);
        var permissions = builder.Permissions.ToArray();
        if (permissions.Length == 0)
        {
            throw new ResourceTypeDeclarationException($"resource type '{name}' declares no permission; declare at least one with WithPermission.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var permission in permissions)
        {
            CheckText(permission.Id, $"a permission id of resource type '{name}'", $"permission id of resource type '{name}'");
            if (!ids.Add(permission.Id))
            {
                throw new ResourceTypeDeclarationException($"resource type '{name}' declares permission '{permission.Id}' twice; permission ids must be unique within a type.");
            }

            if (string.IsNullOrWhiteSpace(permission.Name))
            {
                throw new ResourceTypeDeclarationException($"permission '{permission.Id}' of resource type '{name}' has an empty name; give it the name requesters see.");
            }

            CheckText(permission.Name, $"the name of permission '{permission.Id}' of resource type '{name}'", $"name of permission '{permission.Id}' of resource type '{name}'");
        }

        declared.Add(new AponoResourceTypeInfo(name, permissions, EventsOf(typeof(THandler)), static services => services.GetRequiredService<THandler>()));
        // A descriptor made here, where THandler carries its constructor annotation; no generic closure for the trimmer.
        registrations.Add(ServiceDescriptor.Scoped<THandler, THandler>());
        return this;
    }

    /// <summary>Registers every declared handler as a scoped service (before the author's <c>ConfigureServices</c>).</summary>
    internal void RegisterHandlers(IServiceCollection services)
    {
        foreach (var registration in registrations)
        {
            services.TryAdd(registration);
        }
    }

    /// <summary>The per-type events a handler type answers, in the events table's order. Interface checks only: AOT-safe.</summary>
    private static string[] EventsOf(Type handler)
    {
        var access = typeof(IAccessHandler).IsAssignableFrom(handler);
        var credentials = typeof(ICredentialsHandler).IsAssignableFrom(handler);
        return [.. EventTable.PerType
            .Where(e => e.Handler == HandlerKind.List || (e.Handler == HandlerKind.Access && access) || (e.Handler == HandlerKind.Credentials && credentials))
            .Select(static e => e.Name)];
    }

    /// <summary>Checks a declared name: present, 1 to 128 characters, nothing refused in an id field.</summary>
    private static void CheckText(string? text, string what, string field)
    {
        if (text is null)
        {
            throw new ResourceTypeDeclarationException($"{what} is null.");
        }

        if (text.Length is 0 or > MaxNameLength)
        {
            throw new ResourceTypeDeclarationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{what} must be 1 to {MaxNameLength} characters, but '{InputText.Printable(text, 32)}' has {text.Length}."));
        }

        if (InputText.FindRefused(text, out var index, out var codePoint) is var refused and not RefusedCharacter.None)
        {
            throw new ResourceTypeDeclarationException(
                $"{InputText.RefusedMessage($"The {field} '{InputText.Printable(text, MaxNameLength)}'", refused, codePoint, index)}");
        }
    }
}
