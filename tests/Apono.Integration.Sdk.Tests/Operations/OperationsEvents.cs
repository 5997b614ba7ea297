namespace Apono.Integration.Sdk.Tests.Operations;

/// <summary>Request bodies of the access events, each with a plain and a secret custom parameter whose values must never be copied.</summary>
internal static class OperationsEvents
{
    public const string SecretValue = "s3cr3t-canary-pw-7731";
    public const string PlainValue = "plain-canary-region-4410";

    private const string Custom = "\"custom_parameters\":{\"password\":\"" + SecretValue + "\",\"region\":\"" + PlainValue + "\"}";

    public static readonly string[] AccessEvents = ["grant-access", "revoke-access", "create-credentials", "reset-credentials", "delete-credentials"];

    /// <summary>grant/revoke and create/reset carry grant id and permission; delete-credentials carries neither.</summary>
    public static string Body(string eventType, string username = "jane@example.com") => eventType switch
    {
        "delete-credentials" => "{\"event_type\":\"delete-credentials\",\"params\":{\"username\":" + Quote(username) +
            ",\"resource_type\":\"postgres-database\",\"resources\":[\"db-1\",\"db-2\"]," + Custom + "}}",
        _ => "{\"event_type\":\"" + eventType + "\",\"params\":{\"grant_id\":\"g-1\",\"username\":" + Quote(username) +
            ",\"resource_type\":\"postgres-database\",\"resources\":[\"db-1\",\"db-2\"],\"permission\":\"read\"," + Custom + "}}",
    };

    public const string GetStatus = "{\"event_type\":\"get-status\",\"params\":{}}";

    public const string ListResources = "{\"event_type\":\"list-resources\",\"params\":{\"resource_type\":\"postgres-database\"," + Custom + "}}";

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, Apono.Integration.Sdk.Internal.AponoJsonContext.Default.String);
}
