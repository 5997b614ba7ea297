using System.Text.Json;
using System.Text.Json.Serialization;

namespace Apono.Integration.Sdk.Credentials;

/// <summary>
/// Reads a JSON string into a <see cref="SecretString"/>, so a settings type bound with
/// <c>CustomParameters.Bind</c> can declare <c>public SecretString Password { get; init; }</c>. It is attached to
/// <see cref="SecretString"/>, so source-generated contexts use it without being told.
/// </summary>
/// <remarks>Writing never reveals the secret: it writes <c>"[redacted]"</c>.</remarks>
public sealed class SecretStringJsonConverter : JsonConverter<SecretString>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The token is not a string, or the string is empty.</exception>
    public override SecretString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A secret must be a JSON string.");
        }

        var value = reader.GetString();
        return string.IsNullOrEmpty(value) ? throw new JsonException("A secret must not be empty.") : new SecretString(value);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SecretString value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue("[redacted]");
    }
}
