using System.Text.Json.Serialization;

namespace Apono.Integration.Sdk.Secrets;

/// <summary>The part of Secrets Manager's <c>GetSecretValue</c> answer that the extension returns and the SDK reads.</summary>
internal sealed class SecretsManagerSecretValue
{
    [JsonPropertyName("SecretString")]
    public string? SecretString { get; set; }

    /// <summary>Gets or sets the secret's bytes as Base64 text, when it was stored as binary.</summary>
    [JsonPropertyName("SecretBinary")]
    public string? SecretBinary { get; set; }
}

/// <summary>The part of SSM's <c>GetParameter</c> answer that the extension returns and the SDK reads.</summary>
internal sealed class SsmGetParameterResult
{
    [JsonPropertyName("Parameter")]
    public SsmParameter? Parameter { get; set; }
}

/// <summary>The parameter of an SSM <c>GetParameter</c> answer.</summary>
internal sealed class SsmParameter
{
    [JsonPropertyName("Value")]
    public string? Value { get; set; }
}

/// <summary>Source-generated (AOT-safe) metadata for the extension's answers.</summary>
[JsonSerializable(typeof(SecretsManagerSecretValue))]
[JsonSerializable(typeof(SsmGetParameterResult))]
internal sealed partial class ExtensionJsonContext : JsonSerializerContext;
