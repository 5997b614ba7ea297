namespace Apono.Integration.Sdk.Tests.Hosting;

/// <summary>Request envelopes for the hosting tests, in the shape Apono's connector sends.</summary>
internal static class Events
{
    public const string GrantId = "3f0a1c9e-7b7e-4a43-9c43-0d3c1b2a9f10";

    public static string ListResources(string resourceType = "custom-app") =>
        """{"event_type":"list-resources","params":{"resource_type":""" + Quote(resourceType) + ""","custom_parameters":{"param1":"value1"}}}""";

    public static string Access(string eventType, string customParameters = """{"param1":"value1"}""", string username = "jane.doe@example.com") =>
        """{"event_type":""" + Quote(eventType) + ""","params":{"grant_id":""" + Quote(GrantId)
        + ""","username":""" + Quote(username) + ""","resource_type":"custom-app","resources":["resource1","resource2"],"permission":"reader","custom_parameters":"""
        + customParameters + "}}";

    public static string Grant(string behaviour, string extra = "") =>
        Access("grant-access", """{"behaviour":""" + Quote(behaviour) + extra + "}");

    public static string Simple(string eventType) =>
        """{"event_type":""" + Quote(eventType) + ""","params":{"custom_parameters":{"param1":"value1"}}}""";

    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value, global::Apono.Integration.Sdk.Internal.AponoJsonContext.Default.String);
}
