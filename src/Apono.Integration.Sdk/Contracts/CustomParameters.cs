using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Contracts;

/// <summary>
/// The <c>custom_parameters</c> configured on the Apono integration: key/value pairs sent with every event.
/// </summary>
/// <remarks>
/// Apono sends the pairs of the integration's configuration, usually as text (<c>"20"</c>, <c>"true"</c>); any JSON
/// value (number, boolean, object, array or null) is kept. The typed getters and <see cref="Bind"/> accept both forms.
/// A value is secret when its key looks secret (<c>password</c>, <c>api_token</c>, <c>X-Api-Key</c>, <c>db.password</c>;
/// the list is in docs/security.md), when its key is in <see cref="AponoFunctionOptions.SecretParameters"/>, or when
/// it is read with <see cref="GetSecret"/> or bound to a <see cref="SecretString"/> member: the SDK masks secret values
/// in log lines and error messages. Every other value is ordinary configuration and shows as it is.
/// <see cref="ToString"/> lists the keys only.
/// </remarks>
public sealed class CustomParameters
{
    private readonly Lock gate = new();
    private readonly int count;
    private Dictionary<string, JsonElement>? values;

    // A flat object's JSON (no nested value, no escape; already checked), materialized on first read.
    private byte[]? flatJson;
    private HashSet<string>? declared;
    private int secretDeclarations;

    internal CustomParameters(Dictionary<string, JsonElement> values)
    {
        this.values = values;
        count = values.Count;
    }

    internal CustomParameters(byte[] flatJson, int count)
    {
        this.flatJson = flatJson;
        this.count = count;
    }

    /// <summary>Gets an empty set of custom parameters.</summary>
    public static CustomParameters Empty { get; } = new(new Dictionary<string, JsonElement>(StringComparer.Ordinal));

    /// <summary>Gets the number of parameters.</summary>
    public int Count => count;

    /// <summary>Gets the parameter names, in no particular order.</summary>
    public IEnumerable<string> Keys => Values.Keys;

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
    public bool ContainsKey(string key) => Values.ContainsKey(key);

    /// <summary>Gets the raw JSON value of a parameter.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <param name="value">The value when present.</param>
    /// <returns><see langword="true"/> when the parameter is present.</returns>
    public bool TryGetValue(string key, out JsonElement value) => Values.TryGetValue(key, out value);

    /// <summary>
    /// Gets a parameter as a string. Numbers and booleans are returned in their JSON spelling
    /// (<c>5432</c>, <c>true</c>); a missing or <see langword="null"/> parameter gives <see langword="null"/>.
    /// </summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidRequestException">The value is an object or an array.</exception>
    public string? GetString(string key)
    {
        if (!Values.TryGetValue(key, out var element) || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        return ParameterValues.Text(element) ?? throw new InvalidRequestException(ParameterValues.Scalar(key, element.ValueKind));
    }

    /// <summary>Gets a parameter that must be present and non-empty, as a string.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidRequestException">The parameter is missing, null, empty, an object or an array. The message names the key, never a value.</exception>
    public string GetRequiredString(string key)
    {
        var value = GetString(key);
        return string.IsNullOrEmpty(value) ? throw new InvalidRequestException(ParameterValues.Required(key)) : value;
    }

    /// <summary>Gets a whole number given as a JSON number (<c>20</c>) or as text (<c>"20"</c>, surrounding white space ignored).</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/> when the parameter is missing, null or blank text.</returns>
    /// <exception cref="InvalidRequestException">The value is not a whole number in the range of <see cref="int"/> (<c>custom_parameters.port must be a whole number.</c>).</exception>
    public int? GetInt32(string key) => (int?)GetInteger(key, int.MinValue, int.MaxValue);

    /// <summary>As <see cref="GetInt32(string)"/>, but the parameter must be present.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidRequestException">The parameter is missing, null or blank, or not a whole number in range.</exception>
    public int GetRequiredInt32(string key) => GetInt32(key) ?? throw new InvalidRequestException(ParameterValues.Required(key));

    /// <summary>Gets a whole number given as a JSON number or as text, in the range of <see cref="long"/>.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/> when the parameter is missing, null or blank text.</returns>
    /// <exception cref="InvalidRequestException">The value is not a whole number in the range of <see cref="long"/>.</exception>
    public long? GetInt64(string key) => (long?)GetInteger(key, long.MinValue, long.MaxValue);

    /// <summary>As <see cref="GetInt64(string)"/>, but the parameter must be present.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidRequestException">The parameter is missing, null or blank, or not a whole number in range.</exception>
    public long GetRequiredInt64(string key) => GetInt64(key) ?? throw new InvalidRequestException(ParameterValues.Required(key));

    /// <summary>Gets a boolean given as JSON <c>true</c>/<c>false</c> or as the text <c>"true"</c>/<c>"false"</c> in any case. Nothing else (<c>"1"</c>, <c>"yes"</c>) is a boolean.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/> when the parameter is missing, null or blank text.</returns>
    /// <exception cref="InvalidRequestException">The value is not a boolean (<c>custom_parameters.tls must be true or false.</c>).</exception>
    public bool? GetBoolean(string key)
    {
        if (!TryGetPresent(key, out var element))
        {
            return null;
        }

        return ParameterValues.TryBoolean(element, out var value) ? value : throw new InvalidRequestException(ParameterValues.Boolean(key));
    }

    /// <summary>As <see cref="GetBoolean(string)"/>, but the parameter must be present.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidRequestException">The parameter is missing, null or blank, or not a boolean.</exception>
    public bool GetRequiredBoolean(string key) => GetBoolean(key) ?? throw new InvalidRequestException(ParameterValues.Required(key));

    /// <summary>Gets a finite number given as a JSON number (<c>0.5</c>) or as invariant-culture text (<c>"0.5"</c>, <c>"1e3"</c>).</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/> when the parameter is missing, null or blank text.</returns>
    /// <exception cref="InvalidRequestException">The value is not a finite number (<c>NaN</c> and <c>Infinity</c> are refused).</exception>
    public double? GetDouble(string key)
    {
        if (!TryGetPresent(key, out var element))
        {
            return null;
        }

        return ParameterValues.TryDouble(element, out var value) ? value : throw new InvalidRequestException(ParameterValues.Number(key));
    }

    /// <summary>As <see cref="GetDouble(string)"/>, but the parameter must be present.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidRequestException">The parameter is missing, null or blank, or not a finite number.</exception>
    public double GetRequiredDouble(string key) => GetDouble(key) ?? throw new InvalidRequestException(ParameterValues.Required(key));

    /// <summary>Gets an absolute <c>http</c> or <c>https</c> URL without a user name or password in it.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/> when the parameter is missing, null or blank text.</returns>
    /// <exception cref="InvalidRequestException">The value is not such a URL (relative, another scheme, or with user info).</exception>
    /// <remarks>
    /// Custom parameters come with every invocation and are not trusted: this checks the form only, not the host.
    /// Before connecting, check the host against a list fixed at deploy time (docs/security.md).
    /// </remarks>
    public Uri? GetUri(string key)
    {
        if (!TryGetPresent(key, out var element))
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String
            && Uri.TryCreate(element.GetString()!.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.UserInfo.Length == 0)
        {
            return uri;
        }

        throw new InvalidRequestException(ParameterValues.AbsoluteUrl(key));
    }

    /// <summary>As <see cref="GetUri(string)"/>, but the parameter must be present.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidRequestException">The parameter is missing, null or blank, or not an absolute http(s) URL.</exception>
    public Uri GetRequiredUri(string key) => GetUri(key) ?? throw new InvalidRequestException(ParameterValues.Required(key));

    /// <summary>
    /// Gets a parameter as a <see cref="SecretString"/> and declares it secret for the rest of the invocation, whatever
    /// its key: its value is masked in log lines and error messages from then on (keys that look secret, and keys in
    /// <see cref="AponoFunctionOptions.SecretParameters"/>, are masked from the start).
    /// </summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/> when the parameter is missing, null or empty.</returns>
    /// <exception cref="InvalidRequestException">The value is an object or an array.</exception>
    public SecretString? GetSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        DeclareSecret(key);
        var text = GetString(key);
        return string.IsNullOrEmpty(text) ? null : new SecretString(text);
    }

    /// <summary>As <see cref="GetSecret(string)"/>, but the parameter must be present and non-empty.</summary>
    /// <param name="key">The parameter name (case-sensitive).</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidRequestException">The parameter is missing, null or empty, or an object or array. The message names the key, never a value.</exception>
    public SecretString GetRequiredSecret(string key) => GetSecret(key) ?? throw new InvalidRequestException(ParameterValues.Required(key));

    /// <summary>
    /// Binds all parameters to a type of the author's, through a source-generated JSON context, accepting the same
    /// forms as the typed getters: <c>"20"</c> binds an <c>int</c>, <c>"True"</c> a <c>bool</c>, <c>5432</c> a <c>string</c>.
    /// </summary>
    /// <typeparam name="T">The type to bind to.</typeparam>
    /// <param name="typeInfo">The type's metadata from the author's <c>JsonSerializerContext</c>, e.g. <c>MyJsonContext.Default.MySettings</c>.</param>
    /// <returns>The bound value.</returns>
    /// <exception cref="InvalidRequestException">
    /// A value has the wrong form (<c>custom_parameters.db.port must be a whole number.</c>), or a member is missing
    /// (<c>custom_parameters.host is required; …</c>) that is <c>required</c>, a constructor parameter without a default,
    /// or a non-nullable reference that has no default. Messages name the key path, never a value.
    /// </exception>
    /// <remarks>
    /// JSON null, and blank text for a member that is not a <c>string</c>, count as missing. Members of type
    /// <see cref="SecretString"/> are declared secret (as <see cref="GetSecret"/> does). Member names follow the
    /// context's naming policy and <c>PropertyNameCaseInsensitive</c>. Types the context does not describe, enums,
    /// dates and <see cref="Uri"/> members are passed to the serializer unchanged. No DataAnnotations validation runs:
    /// check ranges in code after binding.
    /// </remarks>
    /// <example>
    /// <code>
    /// public sealed record DbSettings(string Host, int Port = 5432)
    /// {
    ///     public required SecretString Password { get; init; }
    /// }
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
        return ParameterBinder.Bind(Values, typeInfo, DeclareSecret);
    }

    /// <summary>Returns the parameter names only; values are never shown, secret or not.</summary>
    /// <returns>For example <c>CustomParameters { host, port, password }</c>.</returns>
    public override string ToString() =>
        count == 0 ? "CustomParameters { }" : $"CustomParameters {{ {string.Join(", ", Values.Keys)} }}";

    /// <summary>Gets a counter that grows whenever <see cref="GetSecret"/> or <see cref="Bind"/> declares a new key secret, so a scrubber knows to ask <see cref="SecretCandidates"/> again.</summary>
    internal int SecretDeclarations => Volatile.Read(ref secretDeclarations);

    /// <summary>
    /// Gets the secret values only: those under a key that looks secret (<see cref="SecretKeys"/>), under a key path
    /// in <see cref="AponoFunctionOptions.SecretParameters"/>, or declared by <see cref="GetSecret"/> or a
    /// <see cref="SecretString"/> member of a bound type; at any nesting level, everything below a secret key. Each
    /// string is given decoded and, when it differs, as its raw JSON source text as it arrived (<c>p\u0040ss</c>).
    /// Booleans and nulls are never secret values; every other value is ordinary configuration.
    /// </summary>
    internal IEnumerable<string> SecretCandidates(AponoFunctionOptions? options = null)
    {
        var configured = options?.SecretParameters;
        string[] declaredNow;
        lock (gate)
        {
            declaredNow = declared is null ? [] : [.. declared];
        }

        var declaredPaths = new HashSet<string>(declaredNow, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, element) in Values)
        {
            foreach (var text in Secrets(key, key, element, inherited: false, configured, declaredPaths))
            {
                yield return text;
            }
        }
    }

    /// <summary>Gets whether a key path (<c>db.password</c>) is secret, before any value is looked at.</summary>
    internal bool IsSecretPath(string path, AponoFunctionOptions? options = null)
    {
        lock (gate)
        {
            if (declared?.Contains(path) == true)
            {
                return true;
            }
        }

        return options?.SecretParameters.Contains(path) == true || path.Split('.').Any(SecretKeys.LooksSecret);
    }

    private void DeclareSecret(string path)
    {
        lock (gate)
        {
            declared ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (declared.Add(path))
            {
                Interlocked.Increment(ref secretDeclarations);
            }
        }
    }

    private static IEnumerable<string> Secrets(string name, string path, JsonElement element, bool inherited, ICollection<string>? configured, HashSet<string> declaredPaths)
    {
        var secret = inherited || SecretKeys.LooksSecret(name) || declaredPaths.Contains(path) || configured?.Contains(path) == true;
        switch (element.ValueKind)
        {
            case JsonValueKind.String when secret:
                var value = element.GetString()!;
                if (value.Length > 0)
                {
                    yield return value;
                    var raw = element.GetRawText();
                    var source = raw[1..^1];
                    if (!string.Equals(source, value, StringComparison.Ordinal))
                    {
                        yield return source;
                    }
                }

                break;
            case JsonValueKind.Number when secret:
                yield return element.GetRawText();
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var text in Secrets(property.Name, path + "." + property.Name, property.Value, secret, configured, declaredPaths))
                    {
                        yield return text;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var text in Secrets(name, path, item, secret, configured, declaredPaths))
                    {
                        yield return text;
                    }
                }

                break;
        }
    }

    private bool TryGetPresent(string key, out JsonElement element) =>
        Values.TryGetValue(key, out element) && !ParameterValues.IsBlank(element);

    private Int128? GetInteger(string key, Int128 min, Int128 max)
    {
        if (!TryGetPresent(key, out var element))
        {
            return null;
        }

        return ParameterValues.TryInteger(element, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidRequestException(ParameterValues.WholeNumber(key));
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

    private Dictionary<string, JsonElement> Values => Volatile.Read(ref values) ?? Materialize();

    /// <summary>Reads the flat object the request reader kept as JSON (it has checked its keys and limits already).</summary>
    private Dictionary<string, JsonElement> Materialize()
    {
        lock (gate)
        {
            if (values is null)
            {
                var reader = new Utf8JsonReader(flatJson);
                reader.Read();
                var map = new Dictionary<string, JsonElement>(count, StringComparer.Ordinal);
                foreach (var property in JsonElement.ParseValue(ref reader).EnumerateObject())
                {
                    map.Add(property.Name, property.Value);
                }

                Volatile.Write(ref values, map);
                flatJson = null;
            }

            return values;
        }
    }
}
