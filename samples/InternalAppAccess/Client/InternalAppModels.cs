using System.Text.Json.Serialization;

namespace InternalAppAccess.Client;

/// <summary>A project as <c>GET /api/projects</c> returns it.</summary>
internal sealed record Project(string Id, string Name, string? Description, string? Owner);

/// <summary>A role as <c>GET /api/roles</c> returns it.</summary>
internal sealed record ProjectRole(string Id, string Name);

/// <summary>The body of the app's documented 404 answers: <c>{"error": "role_not_assigned" | "project_not_found" | "role_not_found"}</c>.</summary>
internal sealed record AppError(string? Error);

/// <summary>Source-generated JSON for the app's payloads: no reflection, so the sample stays Native-AOT-safe.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<Project>))]
[JsonSerializable(typeof(List<ProjectRole>))]
[JsonSerializable(typeof(AppError))]
internal sealed partial class InternalAppJsonContext : JsonSerializerContext;
