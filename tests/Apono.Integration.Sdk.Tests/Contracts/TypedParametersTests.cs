using System.Text.Json.Serialization;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;

namespace Apono.Integration.Sdk.Tests.Contracts;

/// <summary>Typed getters and Bind accept Apono's text forms and JSON natives, and refuse wrong forms naming the key only.</summary>
public sealed class TypedParametersTests
{
    private static CustomParameters One(string valueJson) => CustomParametersTests.Parse("{\"k\":" + valueJson + "}");

    [Theory]
    [InlineData("20", 20)]
    [InlineData("\"20\"", 20)]
    [InlineData("\" 20 \"", 20)]
    [InlineData("\"-5\"", -5)]
    [InlineData("2147483647", int.MaxValue)]
    public void GetInt32_NumberOrText_ReturnsTheNumber(string json, int expected) => Assert.Equal(expected, One(json).GetInt32("k"));

    [Theory]
    [InlineData("\"20.5\"")]
    [InlineData("20.0")]
    [InlineData("\"1e3\"")]
    [InlineData("\"0x10\"")]
    [InlineData("\"twenty-canary\"")]
    [InlineData("true")]
    [InlineData("{\"a\":1}")]
    [InlineData("2147483648")]
    public void GetInt32_WrongForm_ThrowsNamingTheKeyOnly(string json)
    {
        var error = Assert.Throws<InvalidRequestException>(() => One(json).GetInt32("k"));

        Assert.Equal("custom_parameters.k must be a whole number.", error.Message);
        Assert.DoesNotContain("canary", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    public void GetInt32_NullOrBlank_IsAbsentAndRequiredSaysSo(string json)
    {
        var parameters = One(json);

        Assert.Null(parameters.GetInt32("k"));
        Assert.Null(parameters.GetInt32("missing"));
        var error = Assert.Throws<InvalidRequestException>(() => parameters.GetRequiredInt32("k"));
        Assert.Equal("custom_parameters.k is required; set it in the Apono integration's custom parameters.", error.Message);
    }

    [Theory]
    [InlineData("12345678901", 12345678901L)]
    [InlineData("\"-9223372036854775808\"", long.MinValue)]
    public void GetInt64_NumberOrText_ReturnsTheNumber(string json, long expected) => Assert.Equal(expected, One(json).GetRequiredInt64("k"));

    [Fact]
    public void GetInt64_OutOfRange_ThrowsNamingTheKey() =>
        Assert.Equal("custom_parameters.k must be a whole number.", Assert.Throws<InvalidRequestException>(() => One("\"9223372036854775808\"").GetInt64("k")).Message);

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("\"False\"", false)]
    [InlineData("\" fAlSe \"", false)]
    public void GetBoolean_JsonOrTextInAnyCase_ReturnsTheBoolean(string json, bool expected) => Assert.Equal(expected, One(json).GetRequiredBoolean("k"));

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("\"1\"")]
    [InlineData("1")]
    [InlineData("\"truee\"")]
    [InlineData("[true]")]
    public void GetBoolean_WrongForm_ThrowsNamingTheKeyOnly(string json) =>
        Assert.Equal("custom_parameters.k must be true or false.", Assert.Throws<InvalidRequestException>(() => One(json).GetBoolean("k")).Message);

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("\"0.25\"", 0.25)]
    [InlineData("\"1e3\"", 1000)]
    [InlineData("7", 7)]
    public void GetDouble_NumberOrText_ReturnsTheNumber(string json, double expected) => Assert.Equal(expected, One(json).GetRequiredDouble("k"));

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"1,5\"")]
    [InlineData("\"abc\"")]
    [InlineData("false")]
    public void GetDouble_WrongForm_ThrowsNamingTheKeyOnly(string json) =>
        Assert.Equal("custom_parameters.k must be a number.", Assert.Throws<InvalidRequestException>(() => One(json).GetDouble("k")).Message);

    [Theory]
    [InlineData("https://wiki.example.com/api")]
    [InlineData("http://10.0.0.5:8080/")]
    public void GetUri_AbsoluteHttpUrl_ReturnsIt(string url) => Assert.Equal(new Uri(url), One("\"" + url + "\"").GetRequiredUri("k"));

    [Theory]
    [InlineData("\"/relative/path\"")]
    [InlineData("\"ftp://files.example.com\"")]
    [InlineData("\"file:///etc/passwd\"")]
    [InlineData("\"https://admin:pw-canary@wiki.example.com\"")]
    [InlineData("\"javascript:alert(1)\"")]
    [InlineData("42")]
    public void GetUri_NotAnAbsoluteHttpUrl_ThrowsNamingTheKeyOnly(string json)
    {
        var error = Assert.Throws<InvalidRequestException>(() => One(json).GetUri("k"));

        Assert.Equal("custom_parameters.k must be an absolute http or https URL without user name or password.", error.Message);
        Assert.DoesNotContain("canary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetSecret_Text_ReturnsASecretStringThatPrintsRedacted()
    {
        var secret = One("\"hunter2-canary\"").GetRequiredSecret("k");

        Assert.Equal("hunter2-canary", secret.Reveal());
        Assert.Equal("[redacted]", secret.ToString());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void GetSecret_NullOrEmpty_IsAbsentAndRequiredSaysSo(string json)
    {
        Assert.Null(One(json).GetSecret("k"));
        Assert.Equal(
            "custom_parameters.k is required; set it in the Apono integration's custom parameters.",
            Assert.Throws<InvalidRequestException>(() => One(json).GetRequiredSecret("k")).Message);
    }

    [Fact]
    public void Bind_AponoTextForms_AreCoercedToTheMembersTypes()
    {
        var parameters = CustomParametersTests.Parse("""
            {"password_length":"20","enabled":"TRUE","ratio":"0.25","port":5432,"label":1234,"flag_text":true,
             "replicas":["1"," 2 "],"limits":{"max":"7"},"db":{"host":"db.example.com","port":"6432","tls":"false"},
             "retries":"","unknown":"kept"}
            """);

        var settings = parameters.Bind(TypedJsonContext.Default.AponoTextSettings);

        Assert.Equal(20, settings.PasswordLength);
        Assert.True(settings.Enabled);
        Assert.Equal(0.25, settings.Ratio);
        Assert.Equal(5432L, settings.Port);
        Assert.Equal("1234", settings.Label);
        Assert.Equal("true", settings.FlagText);
        Assert.Equal([1, 2], settings.Replicas);
        Assert.Equal(7, settings.Limits!["max"]);
        Assert.Equal(new DbSection("db.example.com", 6432, false), settings.Db);
        Assert.Equal(3, settings.Retries);
    }

    [Theory]
    [InlineData("""{"password_length":"twenty-canary"}""", "custom_parameters.password_length must be a whole number.")]
    [InlineData("""{"password_length":"20","enabled":"yes"}""", "custom_parameters.enabled must be true or false.")]
    [InlineData("""{"password_length":"20","ratio":"NaN"}""", "custom_parameters.ratio must be a number.")]
    [InlineData("""{"password_length":"20","replicas":["1","x-canary"]}""", "custom_parameters.replicas[1] must be a whole number.")]
    [InlineData("""{"password_length":"20","db":{"host":"h","port":"big-canary"}}""", "custom_parameters.db.port must be a whole number.")]
    [InlineData("""{"password_length":"20","level":"300"}""", "custom_parameters.level must be a whole number from 0 to 255.")]
    [InlineData("""{"password_length":"20","label":{"a":"b"}}""", "custom_parameters.label must be a string, number or boolean, but is a JSON object.")]
    public void Bind_WrongForm_ThrowsNamingTheKeyPathOnly(string json, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => CustomParametersTests.Parse(json).Bind(TypedJsonContext.Default.AponoTextSettings));

        Assert.Equal(message, error.Message);
        Assert.DoesNotContain("canary", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"host":"h","port":"1"}""", "custom_parameters.password is required; set it in the Apono integration's custom parameters.")]
    [InlineData("""{"password":"p","port":"1"}""", "custom_parameters.host is required; set it in the Apono integration's custom parameters.")]
    [InlineData("""{"password":"p","host":null,"port":"1"}""", "custom_parameters.host is required; set it in the Apono integration's custom parameters.")]
    [InlineData("""{"password":"p","host":"h"}""", "custom_parameters.port is required; set it in the Apono integration's custom parameters.")]
    [InlineData("""{"password":"p","host":"h","port":"1","admin":{}}""", "custom_parameters.admin.user is required; set it in the Apono integration's custom parameters.")]
    [InlineData("""{"password":"  ","host":"h","port":"1"}""", "custom_parameters.password is required; set it in the Apono integration's custom parameters.")]
    public void Bind_MissingRequiredOrNonNullableMember_ThrowsNamingTheKey(string json, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidRequestException>(() => CustomParametersTests.Parse(json).Bind(TypedJsonContext.Default.RequiredSettings)).Message);

    [Fact]
    public void Bind_OptionalMembersMissing_KeepTheirDefaults()
    {
        var settings = CustomParametersTests.Parse("""{"password":"p","host":"h","port":"1"}""").Bind(TypedJsonContext.Default.RequiredSettings);

        Assert.Equal("p", settings.Password.Reveal());
        Assert.Equal("public", settings.Schema);
        Assert.Null(settings.Comment);
        Assert.Equal(30, settings.TimeoutSeconds);
        Assert.Null(settings.Admin);
    }

    [Fact]
    public void Bind_SecretStringMember_BindsTheValueAndDeclaresTheKeySecret()
    {
        var parameters = CustomParametersTests.Parse("""{"password":"bound-secret","host":"h","port":"1","schema":"app","ldap":{"bind":"ldap-secret"}}""");

        var settings = parameters.Bind(TypedJsonContext.Default.RequiredSettings);

        Assert.Equal("bound-secret", settings.Password.Reveal());
        Assert.Equal("ldap-secret", settings.Ldap!.Bind!.Reveal());
        Assert.Equal(["bound-secret", "ldap-secret"], parameters.SecretCandidates().Order(StringComparer.Ordinal));
    }
}

internal sealed record AponoTextSettings
{
    public required int PasswordLength { get; init; }

    public bool Enabled { get; init; }

    public double Ratio { get; init; }

    public long Port { get; init; }

    public string? Label { get; init; }

    public string? FlagText { get; init; }

    public byte Level { get; init; }

    public List<int>? Replicas { get; init; }

    public Dictionary<string, int>? Limits { get; init; }

    public DbSection? Db { get; init; }

    // A `set` accessor: source generation loses an `init` member's initializer when the member is missing (docs/contract.md).
    public int Retries { get; set; } = 3;
}

internal sealed record DbSection(string Host, int Port = 5432, bool Tls = true);

internal sealed record RequiredSettings(string Host, int Port, string Schema = "public")
{
    public required SecretString Password { get; init; }

    public string? Comment { get; init; }

    public int TimeoutSeconds { get; set; } = 30;

    public AdminSection? Admin { get; init; }

    public LdapSection? Ldap { get; init; }
}

internal sealed class AdminSection
{
    public string User { get; set; } = null!;
}

internal sealed class LdapSection
{
    public SecretString? Bind { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AponoTextSettings))]
[JsonSerializable(typeof(RequiredSettings))]
internal sealed partial class TypedJsonContext : JsonSerializerContext;
