using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;

namespace Apono.Integration.Sdk.Contracts;

/// <summary>
/// <c>CustomParameters.Bind</c>: rewrites the parameters into the JSON the target type expects (text <c>"20"</c> for an
/// <c>int</c> becomes <c>20</c>, <c>"TRUE"</c> for a <c>bool</c> becomes <c>true</c>, a number for a <c>string</c>
/// becomes text), guided only by the <see cref="JsonTypeInfo"/> metadata of the author's source-generated context
/// (no reflection, AOT-safe), then deserializes it and checks required and non-nullable members.
/// </summary>
internal static class ParameterBinder
{
    private static readonly Dictionary<Type, (Int128 Min, Int128 Max)> IntegerRanges = new()
    {
        [typeof(sbyte)] = (sbyte.MinValue, sbyte.MaxValue),
        [typeof(byte)] = (byte.MinValue, byte.MaxValue),
        [typeof(short)] = (short.MinValue, short.MaxValue),
        [typeof(ushort)] = (ushort.MinValue, ushort.MaxValue),
        [typeof(int)] = (int.MinValue, int.MaxValue),
        [typeof(uint)] = (uint.MinValue, uint.MaxValue),
        [typeof(long)] = (long.MinValue, long.MaxValue),
        [typeof(ulong)] = (ulong.MinValue, ulong.MaxValue),
    };

    public static T Bind<T>(IReadOnlyDictionary<string, JsonElement> values, JsonTypeInfo<T> typeInfo, Action<string> declareSecret)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (typeInfo.Kind == JsonTypeInfoKind.Object)
            {
                WriteObject(values.Select(static pair => (pair.Key, pair.Value)), typeInfo, string.Empty, writer, declareSecret);
            }
            else
            {
                var element = JsonSerializer.SerializeToElement(values, Internal.AponoJsonContext.Default.IReadOnlyDictionaryStringJsonElement);
                Write(element, typeInfo, string.Empty, writer, declareSecret);
            }
        }

        T? result;
        try
        {
            result = JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo);
        }
        catch (JsonException ex)
        {
            // JsonException messages name the path and the target type; they may also quote the offending
            // text, so only the path is kept.
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : $" at {ex.Path.Replace("$.", "custom_parameters.", StringComparison.Ordinal)}";
            throw new InvalidRequestException(
                $"custom_parameters could not be bound to {typeof(T).Name}{where}: a value is missing or has the wrong JSON type.");
        }

        if (result is null)
        {
            throw new InvalidRequestException($"custom_parameters could not be bound to {typeof(T).Name}.");
        }

        CheckNonNullable(result, typeInfo, string.Empty, depth: 0);
        return result;
    }

    private static void WriteObject(IEnumerable<(string Name, JsonElement Value)> members, JsonTypeInfo target, string path, Utf8JsonWriter writer, Action<string> declareSecret)
    {
        var comparer = target.Options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var properties = new Dictionary<string, JsonPropertyInfo>(comparer);
        foreach (var property in target.Properties)
        {
            properties.TryAdd(property.Name, property);
        }

        var present = new HashSet<JsonPropertyInfo>();
        writer.WriteStartObject();
        foreach (var (name, value) in members)
        {
            if (!properties.TryGetValue(name, out var property))
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
                continue;
            }

            var memberPath = Join(path, name);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(SecretString))
            {
                declareSecret(memberPath);
            }

            // JSON null, and blank text for anything but a string, count as missing (the member keeps its default).
            if (value.ValueKind == JsonValueKind.Null || (type != typeof(string) && ParameterValues.IsBlank(value)))
            {
                continue;
            }

            writer.WritePropertyName(name);
            Write(value, Info(target.Options, property.PropertyType), memberPath, writer, declareSecret);
            present.Add(property);
        }

        writer.WriteEndObject();

        foreach (var property in target.Properties)
        {
            if (present.Contains(property))
            {
                continue;
            }

            var requiredParameter = property.AssociatedParameter is { IsMemberInitializer: false, HasDefaultValue: false, IsNullable: false };
            if (property.IsRequired || requiredParameter)
            {
                throw new InvalidRequestException(ParameterValues.Required(Join(path, property.Name)));
            }
        }
    }

    private static void Write(JsonElement element, JsonTypeInfo? target, string path, Utf8JsonWriter writer, Action<string> declareSecret)
    {
        if (target is null || element.ValueKind == JsonValueKind.Null)
        {
            element.WriteTo(writer);
            return;
        }

        switch (target.Kind)
        {
            case JsonTypeInfoKind.Object when element.ValueKind == JsonValueKind.Object:
                WriteObject(element.EnumerateObject().Select(static p => (p.Name, p.Value)), target, path, writer, declareSecret);
                return;
            case JsonTypeInfoKind.Enumerable when element.ValueKind == JsonValueKind.Array && target.ElementType is { } itemType:
                var itemInfo = Info(target.Options, itemType);
                var index = 0;
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, itemInfo, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), writer, declareSecret);
                }

                writer.WriteEndArray();
                return;
            case JsonTypeInfoKind.Dictionary when element.ValueKind == JsonValueKind.Object && target.ElementType is { } valueType:
                var valueInfo = Info(target.Options, valueType);
                writer.WriteStartObject();
                foreach (var member in element.EnumerateObject())
                {
                    writer.WritePropertyName(member.Name);
                    Write(member.Value, valueInfo, Join(path, member.Name), writer, declareSecret);
                }

                writer.WriteEndObject();
                return;
            case JsonTypeInfoKind.None:
                WriteScalar(element, Nullable.GetUnderlyingType(target.Type) ?? target.Type, path, writer);
                return;
            default:
                element.WriteTo(writer);
                return;
        }
    }

    private static void WriteScalar(JsonElement element, Type type, string path, Utf8JsonWriter writer)
    {
        if (type == typeof(string) || type == typeof(SecretString))
        {
            writer.WriteStringValue(ParameterValues.Text(element) ?? throw new InvalidRequestException(ParameterValues.Scalar(path, element.ValueKind)));
        }
        else if (type == typeof(bool))
        {
            writer.WriteBooleanValue(ParameterValues.TryBoolean(element, out var flag) ? flag : throw new InvalidRequestException(ParameterValues.Boolean(path)));
        }
        else if (IntegerRanges.TryGetValue(type, out var range))
        {
            if (!ParameterValues.TryInteger(element, out var number) || number < range.Min || number > range.Max)
            {
                throw new InvalidRequestException(type == typeof(int) || type == typeof(long)
                    ? ParameterValues.WholeNumber(path)
                    : ParameterValues.WholeNumberInRange(path, range.Min.ToString(CultureInfo.InvariantCulture), range.Max.ToString(CultureInfo.InvariantCulture)));
            }

            writer.WriteRawValue(number.ToString(CultureInfo.InvariantCulture));
        }
        else if (type == typeof(double) || type == typeof(float))
        {
            if (!ParameterValues.TryDouble(element, out var number) || (type == typeof(float) && !float.IsFinite((float)number)))
            {
                throw new InvalidRequestException(ParameterValues.Number(path));
            }

            writer.WriteNumberValue(number);
        }
        else if (type == typeof(decimal))
        {
            writer.WriteNumberValue(ParameterValues.TryDecimal(element, out var number) ? number : throw new InvalidRequestException(ParameterValues.Number(path)));
        }
        else
        {
            element.WriteTo(writer);
        }
    }

    /// <summary>A non-nullable reference member that is still null after binding (missing, with no default) is missing.</summary>
    private static void CheckNonNullable(object value, JsonTypeInfo info, string path, int depth)
    {
        if (info.Kind != JsonTypeInfoKind.Object || depth > 64)
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.Get is null || (property.Set is null && property.AssociatedParameter is null))
            {
                continue;
            }

            var member = property.Get(value);
            if (member is null)
            {
                if (!property.PropertyType.IsValueType && !property.IsGetNullable)
                {
                    throw new InvalidRequestException(ParameterValues.Required(Join(path, property.Name)));
                }
            }
            else if (Info(info.Options, property.PropertyType) is { Kind: JsonTypeInfoKind.Object } nested)
            {
                CheckNonNullable(member, nested, Join(path, property.Name), depth + 1);
            }
        }
    }

    private static JsonTypeInfo? Info(JsonSerializerOptions options, Type type)
    {
        try
        {
            return options.GetTypeInfo(type);
        }
        catch (NotSupportedException)
        {
            // The author's context does not describe this type: its JSON is passed through unchanged.
            return null;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
