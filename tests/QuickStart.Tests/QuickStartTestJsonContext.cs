using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuickStart.Tests;

[JsonSerializable(typeof(JsonElement))]
internal sealed partial class QuickStartTestJsonContext : JsonSerializerContext;
