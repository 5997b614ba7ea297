using System.Text;
using System.Text.Json.Serialization;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tests.Contracts;

public sealed class CustomParametersTests
{
    private const string Sample = """
        {"url":"https://db.example.com","port":5432,"ratio":0.5,"tls":true,"off":false,"none":null,
         "nested":{"region":"eu-west-1","replicas":2},"list":[1,2],"password":"s3cr3t-value","big":12345678901}
        """;

    internal static CustomParameters Parse(string customParametersJson)
    {
        var envelope = "{\"event_type\":\"get-status\",\"params\":{\"custom_parameters\":" + customParametersJson + "}}";
        return RequestReader.Read(Encoding.UTF8.GetBytes(envelope), new AponoFunctionOptions()).CustomParameters;
    }

    /// <summary>Flat, without escapes: kept as its JSON by the reader and materialized on first read.</summary>
    private const string FlatSample = """{"url":"https://db.example.com","port":5432,"tls":true,"none":null,"password":"s3cr3t-value"}""";

    [Fact]
    public void FlatObject_ReadLater_GivesEveryValueKeyAndSecretAsTheEagerPathDoes()
    {
        var parameters = Parse(FlatSample);

        Assert.Equal(5, parameters.Count);
        Assert.Equal("CustomParameters { url, port, tls, none, password }", parameters.ToString());
        Assert.Equal(("https://db.example.com", "5432", "true", null), (parameters.GetString("url"), parameters.GetString("port"), parameters.GetString("tls"), parameters.GetString("none")));
        Assert.True(parameters.TryGetValue("port", out var port));
        Assert.Equal(5432, port.GetInt32());
        Assert.Equal(["s3cr3t-value"], parameters.SecretCandidates());
    }

    [Fact]
    public async Task FlatObject_FirstReadFromManyThreadsAtOnce_EveryThreadSeesAllValues()
    {
        var parameters = Parse(FlatSample);
        using var start = new ManualResetEventSlim();

        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return string.Join(",", parameters.Keys.Order(StringComparer.Ordinal).Select(k => k + "=" + parameters.GetString(k)));
        })).ToArray();
        start.Set();

        Assert.All(await Task.WhenAll(readers), static seen => Assert.Equal("none=,password=s3cr3t-value,port=5432,tls=true,url=https://db.example.com", seen));
    }

    [Theory]
    [InlineData("url", "https://db.example.com")]
    [InlineData("port", "5432")]
    [InlineData("ratio", "0.5")]
    [InlineData("tls", "true")]
    [InlineData("off", "false")]
    [InlineData("none", null)]
    [InlineData("missing", null)]
    public void GetString_ScalarOrAbsent_ReturnsItsText(string key, string? expected) =>
        Assert.Equal(expected, Parse(Sample).GetString(key));

    [Theory]
    [InlineData("nested", "custom_parameters.nested must be a string, number or boolean, but is a JSON object.")]
    [InlineData("list", "custom_parameters.list must be a string, number or boolean, but is a JSON array.")]
    public void GetString_ObjectOrArray_ThrowsInvalidRequestNamingTheKey(string key, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Parse(Sample).GetString(key));

        Assert.Equal(message, error.Message);
        Assert.Equal(AponoErrorType.InvalidRequest, error.ErrorType);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("none")]
    public void GetRequiredString_MissingOrNull_ThrowsNamingTheKey(string key)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Parse(Sample).GetRequiredString(key));

        Assert.Equal($"custom_parameters.{key} is required; set it in the Apono integration's custom parameters.", error.Message);
    }

    [Fact]
    public void GetRequiredString_EmptyString_ThrowsNamingTheKeyButNotTheValue()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Parse("""{"api_key":""}""").GetRequiredString("api_key"));

        Assert.Equal("custom_parameters.api_key is required; set it in the Apono integration's custom parameters.", error.Message);
    }

    [Fact]
    public void GetRequiredString_Present_ReturnsValue() =>
        Assert.Equal("s3cr3t-value", Parse(Sample).GetRequiredString("password"));

    [Theory]
    [InlineData("port", 5432)]
    [InlineData("missing", 7)]
    [InlineData("none", 7)]
    public void GetInt32_NumberOrAbsent_ReturnsValueOrDefault(string key, int expected) =>
        Assert.Equal(expected, Parse(Sample).GetInt32(key) ?? 7);

    [Fact]
    public void GetInt32_NumericString_Parses() =>
        Assert.Equal(42, Parse("""{"n":"42"}""").GetInt32("n"));

    [Theory]
    [InlineData("url")]
    [InlineData("ratio")]
    [InlineData("big")]
    [InlineData("password")]
    public void GetInt32_NotAWholeInt32_ThrowsWithoutTheValue(string key)
    {
        var parameters = Parse(Sample);
        var error = Assert.Throws<InvalidRequestException>(() => parameters.GetInt32(key));

        Assert.Equal($"custom_parameters.{key} must be a whole number.", error.Message);
        Assert.DoesNotContain(parameters.GetString(key)!, error.Message);
    }

    [Fact]
    public void Bind_AuthorSourceGeneratedContext_BindsEveryKind()
    {
        var config = Parse(Sample).Bind(AuthorJsonContext.Default.AuthorConfig);

        Assert.Equal("https://db.example.com", config.Url);
        Assert.Equal(5432, config.Port);
        Assert.True(config.Tls);
        Assert.Equal("eu-west-1", config.Nested!.Region);
        Assert.Equal(2, config.Nested.Replicas);
        Assert.Equal("s3cr3t-value", config.Password);
    }

    [Fact]
    public void Bind_WrongTypeNested_NamesThePropertyPathButNotTheValue()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            Parse("""{"url":"u","port":1,"nested":{"region":"r","replicas":"many-replicas-canary"}}""").Bind(AuthorJsonContext.Default.AuthorConfig));

        Assert.Equal("custom_parameters.nested.replicas must be a whole number.", error.Message);
        Assert.DoesNotContain("canary", error.Message);
    }

    [Fact]
    public void Bind_WrongTypeTopLevel_NamesThePropertyPathButNotTheValue()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            Parse("""{"url":"u","port":"port-canary"}""").Bind(AuthorJsonContext.Default.AuthorConfig));

        Assert.Equal("custom_parameters.port must be a whole number.", error.Message);
        Assert.DoesNotContain("canary", error.Message);
    }

    [Fact]
    public void Bind_MissingRequiredProperty_ThrowsInvalidRequest()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Parse("""{"port":1}""").Bind(AuthorJsonContext.Default.AuthorConfig));

        Assert.Equal("custom_parameters.url is required; set it in the Apono integration's custom parameters.", error.Message);
    }

    [Fact]
    public void ToString_ListsKeysOnly()
    {
        var text = Parse("""{"api_key":"value-canary-1","nested":{"inner":"value-canary-2"},"n":987654}""").ToString();

        Assert.Equal("CustomParameters { api_key, nested, n }", text);
        Assert.Equal("CustomParameters { }", CustomParameters.Empty.ToString());
    }

    [Fact]
    public void FromStrings_Values_AreReadableAndOrdered()
    {
        var parameters = CustomParameters.FromStrings([new("a", "1"), new("b", "two")]);

        Assert.Equal(2, parameters.Count);
        Assert.Equal(["a", "b"], parameters.Keys);
        Assert.Equal(1, parameters.GetInt32("a"));
        Assert.Equal("two", parameters.GetRequiredString("b"));
        Assert.True(parameters.ContainsKey("b"));
        Assert.False(parameters.ContainsKey("B"));
    }
}

internal sealed record AuthorConfig
{
    public required string Url { get; init; }

    public int Port { get; init; }

    public bool Tls { get; init; }

    public string? Password { get; init; }

    public NestedConfig? Nested { get; init; }
}

internal sealed record NestedConfig(string Region, int Replicas);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AuthorConfig))]
internal sealed partial class AuthorJsonContext : JsonSerializerContext;
