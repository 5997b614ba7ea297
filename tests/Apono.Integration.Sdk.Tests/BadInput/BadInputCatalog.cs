using System.Text;
using Apono.Integration.Sdk.Errors;

namespace Apono.Integration.Sdk.Tests.BadInput;

/// <summary>The catalog of malformed requests and the exact error each must produce.</summary>
internal static class BadInputCatalog
{
    private const string Invalid = AponoErrorType.InvalidRequest;
    private const string Events = "list-resources, list-resources-tags, grant-access, revoke-access, create-credentials, reset-credentials, delete-credentials, get-status";
    private const string EmptyBody = "The request body is empty; expected a JSON object such as {\"event_type\":\"get-status\",\"params\":{}}.";

    private static readonly Lazy<Dictionary<string, BadInputCase>> Catalog = new(Build);

    public static IReadOnlyDictionary<string, BadInputCase> Cases => Catalog.Value;

    /// <summary>A valid grant-access params object as JSON text, with <paramref name="replace"/> fields swapped in (null drops a field).</summary>
    public static string Access(string eventType, params (string Field, string? Json)[] replace) =>
        Envelope(eventType, new (string, string?)[]
        {
            ("grant_id", "\"g-1\""),
            ("username", "\"jane@example.com\""),
            ("resource_type", "\"custom-app\""),
            ("resources", "[\"r1\",\"r2\"]"),
            ("permission", "\"reader\""),
            ("custom_parameters", "{\"param1\":\"value1\"}"),
        }, replace);

    public static string Credentials(string eventType, params (string Field, string? Json)[] replace) =>
        Envelope(eventType, new (string, string?)[]
        {
            ("username", "\"jane@example.com\""),
            ("resource_type", "\"custom-app\""),
            ("resources", "[\"r1\"]"),
            ("custom_parameters", "{}"),
        }, replace);

    private static string Envelope(string eventType, (string Field, string? Json)[] fields, (string Field, string? Json)[] replace)
    {
        var values = fields.ToDictionary(f => f.Field, f => f.Json, StringComparer.Ordinal);
        foreach (var (field, json) in replace)
        {
            values[field] = json;
        }

        var parameters = string.Join(",", values.Where(p => p.Value is not null).Select(p => $"\"{p.Key}\":{p.Value}"));
        return $"{{\"event_type\":\"{eventType}\",\"params\":{{{parameters}}}}}";
    }

    private static Dictionary<string, BadInputCase> Build()
    {
        var cases = new List<BadInputCase>();
        void Add(string name, string body, string message, string errorType = Invalid) =>
            cases.Add(new BadInputCase(name, Encoding.UTF8.GetBytes(body), errorType, message));
        void AddBytes(string name, byte[] body, string message, string errorType = Invalid) =>
            cases.Add(new BadInputCase(name, body, errorType, message));

        // The body as a whole.
        Add("empty body", "", EmptyBody);
        Add("whitespace only", " \r\n\t ", EmptyBody);
        AddBytes("BOM then nothing", [0xEF, 0xBB, 0xBF], EmptyBody);
        Add("not JSON", "hello", "The request body is not valid JSON: unexpected character or token (line 1, byte 1).");
        Add("single-quoted JSON", "{'event_type':'get-status'}", "The request body is not valid JSON: unexpected character or token (line 1, byte 2).");
        Add("JSON with a comment", "{/* hi */\"event_type\":\"get-status\"}", "The request body is not valid JSON: unexpected character or token (line 1, byte 2).");
        Add("NaN literal", "{\"event_type\":\"get-status\",\"params\":{\"custom_parameters\":{\"x\":NaN}}}", "The request body is not valid JSON: unexpected character or token (line 1, byte 63).");
        Add("JSON array instead of object", "[{\"event_type\":\"get-status\"}]", "The request must be a JSON object with event_type and params, but is a JSON array.");
        Add("JSON string instead of object", "\"get-status\"", "The request must be a JSON object with event_type and params, but is a JSON string.");
        Add("JSON number instead of object", "42", "The request must be a JSON object with event_type and params, but is a JSON number.");
        Add("JSON true instead of object", "true", "The request must be a JSON object with event_type and params, but is a JSON boolean.");
        Add("JSON null instead of object", "null", "The request must be a JSON object with event_type and params, but is a JSON null.");
        Add("truncated inside a string", "{\"event_type\":\"get-st", "The request body is not valid JSON: it ends before the JSON value is complete (line 1, byte 22).");
        Add("depth bomb", "{\"event_type\":\"get-status\",\"params\":{\"custom_parameters\":{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}}}", "The request body is not valid JSON: it is nested deeper than the allowed depth.");
        Add("10 MB string field", "{\"event_type\":\"get-status\",\"params\":{\"custom_parameters\":{\"blob\":\"" + new string('x', 10 * 1024 * 1024) + "\"}}}", "The request body is 10485830 bytes; at most 6291456 are accepted.");
        Add("truncated JSON", "{\"event_type\":\"grant-access\",\"params\":{\"grant_id\":\"g\"", "The request body is not valid JSON: it ends before the JSON value is complete (line 1, byte 54).");
        Add("trailing garbage", "{\"event_type\":\"get-status\"} x", "The request body is not valid JSON: there is more text after the JSON value (line 1, byte 29).");
        Add("two objects", "{\"event_type\":\"get-status\"}{\"event_type\":\"get-status\"}", "The request body is not valid JSON: there is more text after the JSON value (line 1, byte 28).");
        AddBytes("invalid UTF-8 in a string", [.. "{\"event_type\":\"get-status\",\"params\":{\"custom_parameters\":{\"a\":\""u8, 0xC3, 0x28, .. "\"}}}"u8], "The request body is not valid JSON: it is not valid UTF-8 (byte offset 63).");
        AddBytes("lone continuation byte", [.. "{\"event_type\":\""u8, 0x80, .. "\"}"u8], "The request body is not valid JSON: it is not valid UTF-8 (byte offset 15).");
        Add("lone surrogate escape in event_type", "{\"event_type\":\"\\ud800\"}", "event_type contains an unpaired surrogate escape (\\uD800-\\uDFFF); expected valid Unicode text.");
        Add("lone surrogate escape in username", Access("grant-access", ("username", "\"\\udc00@example.com\"")), "params.username contains an unpaired surrogate escape (\\uD800-\\uDFFF); expected valid Unicode text.");
        Add("lone surrogate escape in a custom parameter key", Access("grant-access", ("custom_parameters", "{\"\\udfff\":1}")), "The request body is not valid JSON: a property name contains an unpaired surrogate escape (\\uD800-\\uDFFF).");
        Add("lone surrogate escape in a custom parameter", Access("grant-access", ("custom_parameters", "{\"k\":{\"n\":[\"\\ud800\"]}}")), "params.custom_parameters.k contains an unpaired surrogate escape (\\uD800-\\uDFFF); expected valid Unicode text.");
        Add("NUL byte", "\0", "The request body is not valid JSON: unexpected character or token (line 1, byte 1).");
        Add("duplicate event_type", "{\"event_type\":\"get-status\",\"event_type\":\"grant-access\"}", "The request body is not valid JSON: a property name appears twice in the same object.");
        Add("duplicate field in params", "{\"event_type\":\"list-resources\",\"params\":{\"resource_type\":\"a\",\"resource_type\":\"b\"}}", "The request body is not valid JSON: a property name appears twice in the same object.");

        // event_type.
        Add("missing event_type", "{\"params\":{}}", $"event_type is required; expected one of: {Events}.");
        Add("null event_type", "{\"event_type\":null,\"params\":{}}", $"event_type is required; expected one of: {Events}.");
        Add("event_type number", "{\"event_type\":1,\"params\":{}}", "event_type must be a string, but is a JSON number.");
        Add("event_type object", "{\"event_type\":{\"name\":\"get-status\"}}", "event_type must be a string, but is a JSON object.");
        Add("event_type array", "{\"event_type\":[\"get-status\"]}", "event_type must be a string, but is a JSON array.");
        Add("event_type boolean", "{\"event_type\":true}", "event_type must be a string, but is a JSON boolean.");
        Add("event_type unknown", "{\"event_type\":\"delete-everything\",\"params\":{}}", $"event_type 'delete-everything' is not an Apono event; expected one of: {Events}.");
        Add("event_type empty", "{\"event_type\":\"\",\"params\":{}}", $"event_type '' is not an Apono event; expected one of: {Events}.");
        Add("event_type differently cased", "{\"event_type\":\"Grant-Access\",\"params\":{}}", "event_type 'Grant-Access' is not an Apono event; event types are lower-case and exact: did you mean 'grant-access'?");
        Add("event_type upper case", "{\"event_type\":\"GET-STATUS\"}", "event_type 'GET-STATUS' is not an Apono event; event types are lower-case and exact: did you mean 'get-status'?");
        Add("event_type with trailing space", "{\"event_type\":\"revoke-access \",\"params\":{}}", "event_type 'revoke-access ' is not an Apono event; event types are lower-case and exact: did you mean 'revoke-access'?");
        Add("event_type with control character", "{\"event_type\":\"grant\\u0000access\"}", $"event_type 'grant\\u0000access' is not an Apono event; expected one of: {Events}.");
        Add("event_type with a right-to-left override", "{\"event_type\":\"grant-access\\u202E\"}", $"event_type 'grant-access\\u202E' is not an Apono event; expected one of: {Events}.");
        Add("event_type underscore spelling", "{\"event_type\":\"grant_access\",\"params\":{}}", $"event_type 'grant_access' is not an Apono event; expected one of: {Events}.");

        // params.
        Add("params missing for grant-access", "{\"event_type\":\"grant-access\"}", "params is required for grant-access and must be a JSON object.");
        Add("params null for list-resources", "{\"event_type\":\"list-resources\",\"params\":null}", "params is required for list-resources and must be a JSON object.");
        Add("params array", "{\"event_type\":\"revoke-access\",\"params\":[]}", "params must be a JSON object, but is a JSON array.");
        Add("params string", "{\"event_type\":\"create-credentials\",\"params\":\"{}\"}", "params must be a JSON object, but is a JSON string.");
        Add("params array for get-status", "{\"event_type\":\"get-status\",\"params\":[1]}", "params must be a JSON object, but is a JSON array.");
        Add("custom_parameters array", "{\"event_type\":\"list-resources\",\"params\":{\"resource_type\":\"t\",\"custom_parameters\":[\"a\"]}}", "params.custom_parameters must be a JSON object, but is a JSON array.");
        Add("custom_parameters string", "{\"event_type\":\"get-status\",\"params\":{\"custom_parameters\":\"a=b\"}}", "params.custom_parameters must be a JSON object, but is a JSON string.");

        // list-resources and list-resources-tags.
        Add("list-resources resource_type missing", "{\"event_type\":\"list-resources\",\"params\":{}}", "params.resource_type is required for list-resources.");
        Add("list-resources resource_type array", "{\"event_type\":\"list-resources\",\"params\":{\"resource_type\":[\"t\"]}}", "params.resource_type must be a string for list-resources, but is a JSON array.");
        Add("list-resources resource_type empty", "{\"event_type\":\"list-resources\",\"params\":{\"resource_type\":\"\"}}", "params.resource_type must not be empty for list-resources.");
        Add("list-resources-tags resource_type number", "{\"event_type\":\"list-resources-tags\",\"params\":{\"resource_type\":7}}", "params.resource_type must be a string for list-resources-tags, but is a JSON number.");

        // grant-access and revoke-access: each required field missing, null or wrongly typed.
        foreach (var eventType in new[] { "grant-access", "revoke-access" })
        {
            Add($"{eventType} grant_id missing", Access(eventType, ("grant_id", null)), $"params.grant_id is required for {eventType}.");
            Add($"{eventType} grant_id null", Access(eventType, ("grant_id", "null")), $"params.grant_id is required for {eventType}.");
            Add($"{eventType} grant_id number", Access(eventType, ("grant_id", "123")), $"params.grant_id must be a string for {eventType}, but is a JSON number.");
            Add($"{eventType} username missing", Access(eventType, ("username", null)), $"params.username is required for {eventType}.");
            Add($"{eventType} username boolean", Access(eventType, ("username", "false")), $"params.username must be a string for {eventType}, but is a JSON boolean.");
            Add($"{eventType} resource_type missing", Access(eventType, ("resource_type", null)), $"params.resource_type is required for {eventType}.");
            Add($"{eventType} resource_type object", Access(eventType, ("resource_type", "{}")), $"params.resource_type must be a string for {eventType}, but is a JSON object.");
            Add($"{eventType} resources missing", Access(eventType, ("resources", null)), $"params.resources is required for {eventType} (an array of resource ids, possibly empty).");
            Add($"{eventType} resources string", Access(eventType, ("resources", "\"r1\"")), $"params.resources must be an array of strings for {eventType}, but is a JSON string.");
            Add($"{eventType} permission missing", Access(eventType, ("permission", null)), $"params.permission is required for {eventType}.");
            Add($"{eventType} permission array", Access(eventType, ("permission", "[\"reader\"]")), $"params.permission must be a string for {eventType}, but is a JSON array.");
        }

        Add("grant-access grant_id empty", Access("grant-access", ("grant_id", "\"\"")), "params.grant_id must not be empty for grant-access.");
        Add("grant-access resources null", Access("grant-access", ("resources", "null")), "params.resources is required for grant-access (an array of resource ids, possibly empty).");
        Add("grant-access resources object", Access("grant-access", ("resources", "{\"r1\":true}")), "params.resources must be an array of strings for grant-access, but is a JSON object.");
        Add("grant-access resources with a number", Access("grant-access", ("resources", "[\"r1\",2]")), "params.resources[1] must be a string for grant-access, but is a JSON number.");
        Add("grant-access resources with a null", Access("grant-access", ("resources", "[null]")), "params.resources[0] must be a string for grant-access, but is a JSON null.");
        Add("grant-access resources with an object", Access("grant-access", ("resources", "[\"r1\",\"r2\",{\"id\":\"r3\"}]")), "params.resources[2] must be a string for grant-access, but is a JSON object.");
        Add("grant-access resources with an empty id", Access("grant-access", ("resources", "[\"r1\",\"\"]")), "params.resources[1] must not be empty for grant-access.");
        Add("grant-access resources with duplicates", Access("grant-access", ("resources", "[\"r1\",\"r2\",\"r1\"]")), "params.resources lists 'r1' more than once.");
        Add("revoke-access resources with 10,000 ids", Access("revoke-access", ("resources", "[" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"r{i}\"")) + "]")), "params.resources has 10000 items; at most 1000 are accepted in one request.");
        Add("grant-access resource id too long", Access("grant-access", ("resources", "[\"" + new string('r', 2049) + "\"]")), "params.resources[0] is 2049 characters long; at most 2048 are accepted.");
        Add("grant-access 5 MB grant_id", Access("grant-access", ("grant_id", "\"" + new string('g', 5_000_000) + "\"")), "params.grant_id is 5000000 characters long; at most 2048 are accepted.");
        Add("grant-access username with control character", Access("grant-access", ("username", "\"jane\\u0007@example.com\"")), "params.username contains a control or space character (U+0007 at position 4); expected an e-mail address.");
        Add("grant-access username with newline", Access("grant-access", ("username", "\"jane@example.com\\nadmin@example.com\"")), "params.username contains a control or space character (U+000A at position 16); expected an e-mail address.");
        Add("grant-access username with space", Access("grant-access", ("username", "\"jane doe@example.com\"")), "params.username contains a control or space character (U+0020 at position 4); expected an e-mail address.");
        Add("grant-access username with NUL", Access("grant-access", ("username", "\"jane@example.com\\u0000\"")), "params.username contains a control or space character (U+0000 at position 16); expected an e-mail address.");
        Add("grant-access username too long", Access("grant-access", ("username", "\"" + new string('u', 310) + "@example.com\"")), "params.username is 322 characters long; at most 320 are accepted.");
        Add("grant-access username empty", Access("grant-access", ("username", "\"\"")), "params.username must not be empty for grant-access.");

        // Control, bidirectional, invisible formatting and line-separator characters in id fields (each refused class, each field).
        Add("grant-access grant_id with a C0 control character", Access("grant-access", ("grant_id", "\"g-\\u0007-1\"")), "params.grant_id must not contain a control character (U+0007 at index 2).");
        Add("grant-access permission with DEL", Access("grant-access", ("permission", "\"read\\u007Fer\"")), "params.permission must not contain a control character (U+007F at index 4).");
        Add("grant-access resource id with a C1 control character (NEL)", Access("grant-access", ("resources", "[\"r1\",\"r\\u00852\"]")), "params.resources[1] must not contain a control character (U+0085 at index 1).");
        Add("grant-access resource id with a raw newline escape", Access("grant-access", ("resources", "[\"r1\\nr2\"]")), "params.resources[0] must not contain a control character (U+000A at index 2).");
        Add("grant-access permission with a right-to-left override", Access("grant-access", ("permission", "\"rea\\u202Edmin\"")), "params.permission must not contain a bidirectional formatting character (U+202E at index 3).");
        Add("grant-access permission with a raw right-to-left override", Access("grant-access", ("permission", "\"rea\u202Edmin\"")), "params.permission must not contain a bidirectional formatting character (U+202E at index 3).");
        Add("grant-access resource_type with a left-to-right embedding", Access("grant-access", ("resource_type", "\"\\u202Acustom-app\"")), "params.resource_type must not contain a bidirectional formatting character (U+202A at index 0).");
        Add("grant-access resource_type with a bidi isolate", Access("grant-access", ("resource_type", "\"custom\\u2066-app\\u2069\"")), "params.resource_type must not contain a bidirectional formatting character (U+2066 at index 6).");
        Add("grant-access grant_id with a right-to-left mark", Access("grant-access", ("grant_id", "\"g-1\\u200F\"")), "params.grant_id must not contain a bidirectional formatting character (U+200F at index 3).");
        Add("grant-access resource id with an Arabic letter mark", Access("grant-access", ("resources", "[\"r1\",\"r2\",\"\\u061Cr3\"]")), "params.resources[2] must not contain a bidirectional formatting character (U+061C at index 0).");
        Add("grant-access resource id with a zero-width space", Access("grant-access", ("resources", "[\"r\\u200B1\"]")), "params.resources[0] must not contain an invisible formatting character (U+200B at index 1).");
        Add("grant-access permission with a byte order mark inside", Access("grant-access", ("permission", "\"reader\\uFEFF\"")), "params.permission must not contain an invisible formatting character (U+FEFF at index 6).");
        Add("grant-access permission with a soft hyphen", Access("grant-access", ("permission", "\"ad\\u00ADmin\"")), "params.permission must not contain an invisible formatting character (U+00AD at index 2).");
        Add("grant-access grant_id with a word joiner", Access("grant-access", ("grant_id", "\"g\\u2060-1\"")), "params.grant_id must not contain an invisible formatting character (U+2060 at index 1).");
        Add("grant-access grant_id with a tag character", Access("grant-access", ("grant_id", "\"g-1\\uDB40\\uDC41\"")), "params.grant_id must not contain an invisible formatting character (U+E0041 at index 3).");
        Add("grant-access resource_type with a line separator", Access("grant-access", ("resource_type", "\"custom\\u2028app\"")), "params.resource_type must not contain a line or paragraph separator (U+2028 at index 6).");
        Add("grant-access resource id with a paragraph separator", Access("grant-access", ("resources", "[\"r1\\u2029\"]")), "params.resources[0] must not contain a line or paragraph separator (U+2029 at index 2).");
        Add("grant-access username with a right-to-left override", Access("grant-access", ("username", "\"jane\\u202E@example.com\"")), "params.username must not contain a bidirectional formatting character (U+202E at index 4).");
        Add("grant-access username with a zero-width space", Access("grant-access", ("username", "\"ja\\u200Bne@example.com\"")), "params.username must not contain an invisible formatting character (U+200B at index 2).");
        Add("grant-access username with a line separator", Access("grant-access", ("username", "\"jane@example.com\\u2028\"")), "params.username contains a control or space character (U+2028 at position 16); expected an e-mail address.");
        Add("grant-access username with a C1 control character", Access("grant-access", ("username", "\"jane\\u009B@example.com\"")), "params.username contains a control or space character (U+009B at position 4); expected an e-mail address.");
        Add("revoke-access permission with a pop directional formatting", Access("revoke-access", ("permission", "\"reader\\u202C\"")), "params.permission must not contain a bidirectional formatting character (U+202C at index 6).");
        Add("list-resources resource_type with a control character", "{\"event_type\":\"list-resources\",\"params\":{\"resource_type\":\"t\\u001B[31m\"}}", "params.resource_type must not contain a control character (U+001B at index 1).");
        Add("list-resources-tags resource_type with a right-to-left override", "{\"event_type\":\"list-resources-tags\",\"params\":{\"resource_type\":\"\\u202Et\"}}", "params.resource_type must not contain a bidirectional formatting character (U+202E at index 0).");
        Add("create-credentials optional grant_id with a control character", Credentials("create-credentials", ("grant_id", "\"g\\r\"")), "params.grant_id must not contain a control character (U+000D at index 1).");
        Add("delete-credentials optional permission with a bidi isolate", Credentials("delete-credentials", ("permission", "\"\\u2067reader\"")), "params.permission must not contain a bidirectional formatting character (U+2067 at index 0).");

        // custom_parameters limits (AponoFunctionOptions.MaxCustomParameterCount, ...Depth, ...Bytes) and duplicates inside it.
        Add("custom_parameters with 257 keys", Access("grant-access", ("custom_parameters", "{" + string.Join(",", Enumerable.Range(0, 257).Select(i => $"\"k{i}\":1")) + "}")), "params.custom_parameters has 257 keys; at most 256 are accepted (AponoFunctionOptions.MaxCustomParameterCount).");
        Add("custom_parameters 533,000 tiny keys", "{\"event_type\":\"get-status\",\"params\":{\"custom_parameters\":{" + string.Join(",", Enumerable.Range(0, 533_000).Select(i => "\"\":0")) + "}}}", "params.custom_parameters is 2665001 bytes of JSON; at most 262144 are accepted (AponoFunctionOptions.MaxCustomParameterBytes).");
        Add("custom_parameters nested 17 levels", Access("grant-access", ("custom_parameters", "{\"a\":" + new string('[', 16) + new string(']', 16) + "}")), "params.custom_parameters is nested 17 levels deep; at most 16 are accepted (AponoFunctionOptions.MaxCustomParameterDepth).");
        Add("custom_parameters over 256 KiB", Access("revoke-access", ("custom_parameters", "{\"pem\":\"" + new string('A', 262_135) + "\"}")), "params.custom_parameters is 262145 bytes of JSON; at most 262144 are accepted (AponoFunctionOptions.MaxCustomParameterBytes).");
        Add("custom_parameters duplicate key", Access("grant-access", ("custom_parameters", "{\"host\":\"a\",\"host\":\"b\"}")), "The request body is not valid JSON: a property name appears twice in the same object.");
        Add("custom_parameters duplicate key, not adjacent", Access("grant-access", ("custom_parameters", "{\"host\":\"a\",\"port\":1,\"ssl\":true,\"host\":\"b\"}")), "The request body is not valid JSON: a property name appears twice in the same object.");
        Add("custom_parameters duplicate key spelled with an escape", Access("grant-access", ("custom_parameters", "{\"host\":\"a\",\"h\\u006fst\":\"b\"}")), "The request body is not valid JSON: a property name appears twice in the same object.");
        Add("custom_parameters duplicate nested key", Access("grant-access", ("custom_parameters", "{\"db\":{\"host\":\"a\",\"host\":\"b\"}}")), "The request body is not valid JSON: a property name appears twice in the same object.");
        Add("duplicate params", "{\"event_type\":\"get-status\",\"params\":{},\"params\":{}}", "The request body is not valid JSON: a property name appears twice in the same object.");
        Add("duplicate grant_id spelled with an escape", Access("grant-access", ("grant_\\u0069d", "\"g-2\"")), "The request body is not valid JSON: a property name appears twice in the same object.");

        // The credentials events.
        foreach (var eventType in new[] { "create-credentials", "reset-credentials", "delete-credentials" })
        {
            Add($"{eventType} username missing", Credentials(eventType, ("username", null)), $"params.username is required for {eventType}.");
            Add($"{eventType} username number", Credentials(eventType, ("username", "42")), $"params.username must be a string for {eventType}, but is a JSON number.");
            Add($"{eventType} resource_type missing", Credentials(eventType, ("resource_type", null)), $"params.resource_type is required for {eventType}.");
            Add($"{eventType} resources missing", Credentials(eventType, ("resources", null)), $"params.resources is required for {eventType} (an array of resource ids, possibly empty).");
            Add($"{eventType} grant_id number", Credentials(eventType, ("grant_id", "7")), $"params.grant_id must be a string for {eventType}, but is a JSON number.");
            Add($"{eventType} permission boolean", Credentials(eventType, ("permission", "true")), $"params.permission must be a string for {eventType}, but is a JSON boolean.");
        }

        Add("create-credentials resources with a null", Credentials("create-credentials", ("resources", "[\"r1\",null]")), "params.resources[1] must be a string for create-credentials, but is a JSON null.");
        Add("reset-credentials username with tab", Credentials("reset-credentials", ("username", "\"jane\\t@example.com\"")), "params.username contains a control or space character (U+0009 at position 4); expected an e-mail address.");

        return cases.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }
}
