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

    // The ids, username and other id fields are read from the scan's positions when they hold no escape (raw UTF-8
    // bytes), and with a reader otherwise; both paths must give the same strings and refuse the same characters.
    private static string GrantWithIds(IEnumerable<string> jsonItems, string username = "jane@example.com", string grantId = "g-1") =>
        "{\"event_type\":\"grant-access\",\"params\":{\"grant_id\":\"" + grantId + "\",\"username\":\"" + username +
        "\",\"resource_type\":\"t\",\"resources\":[" + string.Join(',', jsonItems) + "],\"permission\":\"reader\"}}";

    private static IEnumerable<string> Ids(int count) => Enumerable.Range(0, count).Select(i => $"\"r{i}\"");

    [Theory]
    [InlineData(2)]
    [InlineData(40)]
    public void Read_RawNonAsciiIdsInShortAndLongLists_ReachTheRequestAsSent(int count)
    {
        string[] raw = ["db-\u00fc\u6570\u636e\u5e93", "team-\U0001F468\u200D\U0001F469\u200D\U0001F467", "db\u00A0prod"];

        var request = Assert.IsType<GrantAccessRequest>(Read(GrantWithIds(Ids(count).Concat(raw.Select(r => "\"" + r + "\"")), username: "j\u00fcrgen@example.com")));

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"r{i}").Concat(raw), request.Resources);
        Assert.Equal("j\u00fcrgen@example.com", request.Username);
    }

    [Theory]
    [InlineData(2, "r\u202E1", "a bidirectional formatting character (U+202E at index 1)")]
    [InlineData(40, "r\u202E1", "a bidirectional formatting character (U+202E at index 1)")]
    [InlineData(40, "\u00e9\u0085", "a control character (U+0085 at index 1)")]
    [InlineData(40, "r1\u2028", "a line or paragraph separator (U+2028 at index 2)")]
    [InlineData(40, "\U0001F600\u200B", "an invisible formatting character (U+200B at index 2)")]
    public void Read_RawRefusedCharacterInAResourceId_IsRefusedWithItsIndex(int count, string id, string what)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read(GrantWithIds(Ids(count).Append("\"" + id + "\""))));

        Assert.Equal($"params.resources[{count}] must not contain {what}.", error.Message);
    }

    [Theory]
    [InlineData("g\u202E1", "params.grant_id must not contain a bidirectional formatting character (U+202E at index 1).")]
    [InlineData("g\u00851", "params.grant_id must not contain a control character (U+0085 at index 1).")]
    public void Read_RawRefusedCharacterInGrantId_IsRefused(string grantId, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read(GrantWithIds(Ids(2), grantId: grantId)));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("jane doe@example.com", "params.username contains a control or space character (U+0020 at position 4); expected an e-mail address.")]
    [InlineData("jane\u00A0doe@example.com", "params.username contains a control or space character (U+00A0 at position 4); expected an e-mail address.")]
    [InlineData("j\u202Eane@example.com", "params.username must not contain a bidirectional formatting character (U+202E at index 1).")]
    public void Read_RawSpaceOrRefusedCharacterInUsername_IsRefused(string username, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read(GrantWithIds(Ids(2), username: username)));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public void Read_EscapedAndRawSpellingsOfOneId_AreDuplicates(int count)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read(GrantWithIds(Ids(count).Append("\"\\u00721\""))));

        Assert.Equal("params.resources lists 'r1' more than once.", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_MoreIdsThanTheScanNotes_AreReadAlike(bool duplicate)
    {
        // 4,500 ids is more than the scan notes the positions of (4,096): the ids are read by a reader over the array.
        var options = new AponoFunctionOptions { MaxResourcesPerRequest = 5_000 };
        var body = GrantWithIds(Ids(4_500).Append(duplicate ? "\"r7\"" : "\"last\""));

        if (duplicate)
        {
            var error = Assert.Throws<InvalidRequestException>(() => Read(body, options));
            Assert.Equal("params.resources lists 'r7' more than once.", error.Message);
        }
        else
        {
            var request = Assert.IsType<GrantAccessRequest>(Read(body, options));
            Assert.Equal(Enumerable.Range(0, 4_500).Select(i => $"r{i}").Append("last"), request.Resources);
        }
    }
}
