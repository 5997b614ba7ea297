using System.Text.Json;
using System.Text.Json.Serialization;

namespace Apono.Integration.Sdk.Internal;

/// <summary>Source-generated JSON metadata for what the SDK (de)serializes with <see cref="JsonSerializer"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
internal sealed partial class AponoJsonContext : JsonSerializerContext;
