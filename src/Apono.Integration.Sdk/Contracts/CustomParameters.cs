using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Apono.Integration.Sdk.Errors;

namespace Apono.Integration.Sdk.Contracts;

/// <summary>
/// The <c>custom_parameters</c> configured on the Apono integration: key/value pairs sent with every event.
/// </summary>
/// <remarks>
/// Values are usually strings but may be any JSON value (number, boolean, object, array or null).
/// Treat them as configuration that may be secret: <see cref="ToString"/> lists the keys only, and the SDK
/// never writes a value to a log or an error message.
/// </remarks>
public sealed class CustomParameters
{
    private readonly Dictionary<string, JsonElement> values;

    internal CustomParameters(Dictionary<string, JsonElement> values)
    {
        this.values = values;
    }

    /// <summary>Gets an empty set of custom parameters.</summary>
    public static CustomParameters Empty { get; } = new(new Dictionary<string, JsonElement>(StringComparer.Ordinal));

    /// <summary>Gets the number of parameters.</summary>
    public int Count => values.Count;

    /// <summary>Gets the parameter names, in no particular order.</summary>
    public IEnumerable<string> Keys => values.Keys;

    /// <summary>Creates custom parameters from string values, e.g. for tests.</summary>
    /// <param name="values">The parameters.</param>
    /// <returns>The custom parameters.</returns>
    public static CustomParameters FromStrings(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            map[key] = JsonSerializer.SerializeToElement(value, Internal.AponoJsonContext.Default.String);
        }

        return new CustomParameters(map);
    }

    /// <summary>Determines whether a parameter is present (even if its value is <see langword="null"/>).</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns><see langword="true"/> when the parameter is present.</returns>
    public bool ContainsKey(string key) => values.ContainsKey(key);

    /// <summary>Gets the raw JSON value of a parameter.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <param name="value">The value when present.</param>
    /// <returns><see langword="true"/> when the parameter is present.</returns>
    public bool TryGetValue(string key, out JsonElement value) => values.TryGetValue(key, out value);

    /// <summary>
    /// Gets a parameter as a string. Numbers and booleans are returned in their JSON spelling
    /// (<c>5432</c>, <c>true</c>); a missing or <see langword="null"/> parameter gives <see langword="null"/>.
    /// </summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidRequestException">The value is an object or an array.</exception>
    public string? GetString(string key)
    {
        if (!values.TryGetValue(key, out var element))
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => throw new InvalidRequestException(
                $"custom_parameters.{key} must be a string, number or boolean, but is a JSON {Describe(element.ValueKind)}."),
        };
    }

    /// <summary>Gets a parameter that must be present and non-empty, as a string.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidRequestException">The parameter is missing, null, empty, an object or an array. The message names the key, never a value.</exception>
    public string GetRequiredString(string key)
    {
        var value = GetString(key);
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidRequestException(
                $"custom_parameters.{key} is required; set it in the Apono integration's custom parameters.");
        }

        return value;
    }

    /// <summary>Gets a parameter that must be a whole number, given as a JSON number or a numeric string.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <param name="defaultValue">The value when the parameter is missing or null.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidRequestException">The value is not a whole number.</exception>
    public int GetInt32(string key, int defaultValue)
    {
        var text = GetString(key);
        if (text is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var result))
        {
            throw new InvalidRequestException($"custom_parameters.{key} must be a whole number.");
        }

        return result;
    }

    /// <summary>Binds all parameters to a type of the author's, through a source-generated JSON context.</summary>
    /// <typeparam name="T">The type to bind to.</typeparam>
    /// <param name="typeInfo">The type's metadata from the author's <c>JsonSerializerContext</c>, e.g. <c>MyJsonContext.Default.MySettings</c>.</param>
    /// <returns>The bound value.</returns>
    /// <exception cref="InvalidRequestException">A value has the wrong JSON type, or a required property is missing. The message names the property, never a value.</exception>
    /// <example>
    /// <code>
    /// public sealed record DbSettings(string Host, int Port = 5432);
    ///
    /// [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    /// [JsonSerializable(typeof(DbSettings))]
    /// internal sealed partial class SettingsContext : JsonSerializerContext;
    ///
    /// var settings = request.CustomParameters.Bind(SettingsContext.Default.DbSettings);
    /// </code>
    /// </example>
    public T Bind<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var element = JsonSerializer.SerializeToElement(values, Internal.AponoJsonContext.Default.DictionaryStringJsonElement);
        try
        {
            var result = element.Deserialize(typeInfo);
            return result ?? throw new InvalidRequestException($"custom_parameters could not be bound to {typeof(T).Name}.");
        }
        catch (JsonException ex)
        {
            // JsonException messages name the path and the target type; they may also quote the offending
            // text, so only the path is kept.
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : $" at {ex.Path.Replace("$.", "custom_parameters.", StringComparison.Ordinal)}";
            throw new InvalidRequestException(
                $"custom_parameters could not be bound to {typeof(T).Name}{where}: a value is missing or has the wrong JSON type.");
        }
    }

    /// <summary>Returns the parameter names only; values are never shown.</summary>
    /// <returns>For example <c>CustomParameters { host, port, password }</c>.</returns>
    public override string ToString() =>
        values.Count == 0 ? "CustomParameters { }" : $"CustomParameters {{ {string.Join(", ", values.Keys)} }}";

    /// <summary>Gets the string values, for scrubbing them out of error messages and logs.</summary>
    internal IEnumerable<string> SecretCandidates()
    {
        foreach (var element in values.Values)
        {
            foreach (var text in Strings(element))
            {
                yield return text;
            }
        }
    }

    private static IEnumerable<string> Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Number:
                yield return element.GetRawText();
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var text in Strings(property.Value))
                    {
                        yield return text;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var text in Strings(item))
                    {
                        yield return text;
                    }
                }

                break;
        }
    }

    [SuppressMessage("Style", "IDE0072:Add missing cases", Justification = "Describes the kinds that reach it.")]
    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };
}
