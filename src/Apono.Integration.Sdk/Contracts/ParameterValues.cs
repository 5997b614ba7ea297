using System.Globalization;
using System.Text.Json;

namespace Apono.Integration.Sdk.Contracts;

/// <summary>
/// Reads one custom parameter value in the forms Apono sends: JSON natives (<c>20</c>, <c>true</c>) and the text the
/// Apono UI and Terraform provider send (<c>"20"</c>, <c>"TRUE"</c>). Shared by the typed accessors and <c>Bind</c>, so
/// both accept and refuse the same forms with the same messages (which name the key, never the value).
/// </summary>
internal static class ParameterValues
{
    /// <summary>Missing, JSON null, or text that is empty or white space: the typed accessors read it as absent.</summary>
    public static bool IsBlank(JsonElement element) =>
        element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
        || (element.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(element.GetString()));

    public static bool TryInteger(JsonElement element, out Int128 value)
    {
        value = default;
        var text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString()!.Trim(),
            _ => null,
        };
        return text is not null && Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryBoolean(JsonElement element, out bool value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                value = true;
                return true;
            case JsonValueKind.False:
                value = false;
                return true;
            case JsonValueKind.String:
                var text = element.GetString()!.Trim();
                value = string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
                return value || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
            default:
                value = false;
                return false;
        }
    }

    public static bool TryDouble(JsonElement element, out double value)
    {
        value = 0;
        var parsed = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out value),
            JsonValueKind.String => double.TryParse(element.GetString()!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
        return parsed && double.IsFinite(value);
    }

    public static bool TryDecimal(JsonElement element, out decimal value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDecimal(out value),
            JsonValueKind.String => decimal.TryParse(element.GetString()!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    /// <summary>A string, or a number's or boolean's JSON spelling; <see langword="null"/> for an object or array.</summary>
    public static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => null,
    };

    public static string Required(string path) =>
        $"custom_parameters.{path} is required; set it in the Apono integration's custom parameters.";

    public static string WholeNumber(string path) => $"custom_parameters.{path} must be a whole number.";

    public static string WholeNumberInRange(string path, string min, string max) =>
        $"custom_parameters.{path} must be a whole number from {min} to {max}.";

    public static string Boolean(string path) => $"custom_parameters.{path} must be true or false.";

    public static string Number(string path) => $"custom_parameters.{path} must be a number.";

    public static string AbsoluteUrl(string path) =>
        $"custom_parameters.{path} must be an absolute http or https URL without user name or password.";

    public static string Scalar(string path, JsonValueKind kind) =>
        $"custom_parameters.{path} must be a string, number or boolean, but is a JSON {CustomParameters.Describe(kind)}.";
}
