using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tests.Internal;

/// <summary>What the streaming reader accepts and keeps; what it refuses is in the bad-input catalog.</summary>
public sealed class RequestReaderTests
{
    private static AponoRequest Read(string json, AponoFunctionOptions? options = null) =>
        RequestReader.Read(Encoding.UTF8.GetBytes(json), options ?? new AponoFunctionOptions());

    private static string Grant(string extraParams = "", string extraEnvelope = "", string customParameters = "{\"k\":\"v\"}") =>
        "{" + extraEnvelope + "\"event_type\":\"grant-access\",\"params\":{" + extraParams +
        "\"grant_id\":\"g-1\",\"username\":\"jane@example.com\",\"resource_type\":\"t\",\"resources\":[\"r1\",\"r2\"],\"permission\":\"reader\",\"custom_parameters\":" + customParameters + "}}";

    [Fact]
    public void Read_UnknownFieldsAtAnyDepth_AreSkippedEvenWhenRepeatedOrOddlySpelled()
    {
        var request = Assert.IsType<GrantAccessRequest>(Read(Grant(
            extraParams: "\"x\":{\"grant_id\":\"nested-is-not-read\",\"deep\":[[[{\"a\":[1,{\"b\":null}]}]]]},\"x\":1,\"\\udfff\":2,\"Grant_Id\":\"other\",",
            extraEnvelope: "\"version\":2,\"version\":\"again\",\"meta\":{\"event_type\":\"get-status\"},")));

        Assert.Equal(("g-1", "jane@example.com", "t", "reader"), (request.GrantId, request.Username, request.ResourceType, request.Permission));
        Assert.Equal(["r1", "r2"], request.Resources);
        Assert.Equal(["k"], request.CustomParameters.Keys);
    }

    [Fact]
    public void Read_FieldsInAnyOrder_AreRead()
    {
        var request = Assert.IsType<RevokeAccessRequest>(Read(
            "{\"params\":{\"permission\":\"p\",\"custom_parameters\":{},\"resources\":[],\"resource_type\":\"t\",\"username\":\"u@example.com\",\"grant_id\":\"g\"},\"event_type\":\"revoke-access\"}"));

        Assert.Equal(("g", "u@example.com", "t", "p", 0), (request.GrantId, request.Username, request.ResourceType, request.Permission, request.Resources.Count));
    }

    [Theory]
    [InlineData("db-\u00fc\u6570\u636e\u5e93")]
    [InlineData("team-\U0001F468\u200D\U0001F469\u200D\U0001F467")]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")]
    [InlineData("db\u00A0prod")]
    public void Read_IdWithLettersJoinersOrSymbols_IsAccepted(string id)
    {
        var request = Assert.IsType<GrantAccessRequest>(Read(Grant().Replace("\"r2\"", JsonSerializer.Serialize(id), StringComparison.Ordinal)));

        Assert.Equal(["r1", id], request.Resources);
    }

    [Fact]
    public void Read_CustomParameterWithNewlinesAndBidiCharacters_IsKeptAsSent()
    {
        var custom = Read(Grant(customParameters: "{\"pem\":\"-----BEGIN-----\\nAAAA\\r\\n-----END-----\",\"label\":\"a\\u202Eb\\u0000\"}")).CustomParameters;

        Assert.Equal("-----BEGIN-----\nAAAA\r\n-----END-----", custom.GetString("pem"));
        Assert.Equal("a\u202Eb\0", custom.GetString("label"));
    }

    [Fact]
    public void Read_CustomParameters_OutliveTheRequestBody()
    {
        var body = Encoding.UTF8.GetBytes(Grant(customParameters: "{\"host\":\"db.example.com\",\"nested\":{\"port\":5432}}"));
        var custom = RequestReader.Read(body, new AponoFunctionOptions()).CustomParameters;

        // The host may reuse the body's buffer for the next invocation.
        Array.Fill(body, (byte)' ');

        Assert.Equal("db.example.com", custom.GetString("host"));
        Assert.True(custom.TryGetValue("nested", out var nested));
        Assert.Equal(5432, nested.GetProperty("port").GetInt32());
    }

    [Fact]
    public void Read_CustomParametersAtEveryDefaultLimit_AreAccepted()
    {
        var keys = "{" + string.Join(",", Enumerable.Range(0, 256).Select(i => $"\"k{i}\":{i}")) + "}";
        Assert.Equal(256, Read(Grant(customParameters: keys)).CustomParameters.Count);

        var deep = "{\"a\":" + new string('[', 15) + new string(']', 15) + "}";
        Assert.Equal(["a"], Read(Grant(customParameters: deep)).CustomParameters.Keys);

        var large = "{\"pem\":\"" + new string('A', 262_144 - 10) + "\"}";
        Assert.Equal(262_144, Encoding.UTF8.GetByteCount(large));
        Assert.Equal(262_134, Read(Grant(customParameters: large)).CustomParameters.GetString("pem")!.Length);
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":2,\"c\":3}", "params.custom_parameters has 3 keys; at most 2 are accepted (AponoFunctionOptions.MaxCustomParameterCount).")]
    [InlineData("{\"a\":{\"b\":{}}}", "params.custom_parameters is nested 3 levels deep; at most 2 are accepted (AponoFunctionOptions.MaxCustomParameterDepth).")]
    [InlineData("{\"a\":\"0123456789012345678901234567\"}", "params.custom_parameters is 36 bytes of JSON; at most 32 are accepted (AponoFunctionOptions.MaxCustomParameterBytes).")]
    public void Read_CustomParametersOverConfiguredLimit_ThrowsNamingTheLimit(string customParameters, string message)
    {
        var options = new AponoFunctionOptions { MaxCustomParameterCount = 2, MaxCustomParameterDepth = 2, MaxCustomParameterBytes = 32 };

        var error = Assert.Throws<InvalidRequestException>(() => Read(Grant(customParameters: customParameters), options));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(nameof(AponoFunctionOptions.MaxCustomParameterCount))]
    [InlineData(nameof(AponoFunctionOptions.MaxCustomParameterDepth))]
    [InlineData(nameof(AponoFunctionOptions.MaxCustomParameterBytes))]
    public void Validate_CustomParameterLimitZero_Throws(string property)
    {
        var options = new AponoFunctionOptions();
        typeof(AponoFunctionOptions).GetProperty(property)!.SetValue(options, 0);

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(property, error.ParamName);
    }

    [Fact]
    public void Options_CustomParameterLimits_HaveTheDocumentedDefaults()
    {
        var options = new AponoFunctionOptions();

        Assert.Equal((256, 16, 262_144), (options.MaxCustomParameterCount, options.MaxCustomParameterDepth, options.MaxCustomParameterBytes));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a\\\"b\\\\c\\/d\\n")]
    [InlineData("\\u0041\\u00e9\\ud83d\\ude00x")]
    [InlineData("\u00e9\u6570\U0001F600")]
    [InlineData("\\u00e9\u6570\U0001F600\\t")]
    public void Utf16Length_OfJsonStringText_IsTheDecodedLength(string jsonText)
    {
        var raw = Encoding.UTF8.GetBytes(jsonText);
        var decoded = JsonSerializer.Deserialize<string>("\"" + jsonText + "\"")!;

        Assert.Equal(decoded.Length, InputText.Utf16Length(raw, escaped: jsonText.Contains('\\', StringComparison.Ordinal)));
    }

    [Fact]
    public void Printable_ControlBidiAndInvisibleCharacters_AreEscaped() =>
        Assert.Equal("a\\u202Eb\\u0007c\\u200Bd\\uDB40\\uDC41e\u200Df", RequestReader.Printable("a\u202Eb\u0007c\u200Bd\U000E0041e\u200Df", 100));
}
