using System.Text;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.Contracts;

/// <summary>Only secret custom parameters are secret: by key, by declaration, or by reading them as secrets.</summary>
public sealed class SecretParametersTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("db.password")]
    [InlineData("api_token")]
    [InlineData("X-Api-Key")]
    [InlineData("apiKey")]
    [InlineData("APIKey")]
    [InlineData("apikey")]
    [InlineData("client_secret")]
    [InlineData("clientSecret")]
    [InlineData("dbPassword")]
    [InlineData("accesstoken")]
    [InlineData("Authorization")]
    [InlineData("auth")]
    [InlineData("private_key")]
    [InlineData("ssl-cert")]
    [InlineData("connection_string")]
    [InlineData("ConnectionString")]
    [InlineData("dsn")]
    [InlineData("credentials")]
    [InlineData("aws_credential")]
    [InlineData("pwd")]
    [InlineData("passwd")]
    [InlineData("tokens")]
    [InlineData("keys")]
    public void LooksSecret_SecretWordInTheKey_IsSecret(string key) => Assert.True(SecretKeys.LooksSecret(key), key);

    [Theory]
    [InlineData("team")]
    [InlineData("monkey")]
    [InlineData("turkey")]
    [InlineData("author")]
    [InlineData("keyboard_layout")]
    [InlineData("region")]
    [InlineData("host")]
    [InlineData("username")]
    [InlineData("base_url")]
    [InlineData("certainty")]
    [InlineData("privacy_notice")]
    [InlineData("description")]
    [InlineData("port")]
    public void LooksSecret_OrdinaryKey_IsNotSecret(string key) => Assert.False(SecretKeys.LooksSecret(key), key);

    [Fact]
    public void SecretCandidates_MixedParameters_YieldOnlySecretValuesAndTheirRawSourceText()
    {
        var parameters = CustomParametersTests.Parse("""
            {"team":"admin-team","host":"db.example.com","port":5432,"tls":"true",
             "api_token":"tok-123","db":{"password":"p\u0040ss\"word","host":"inner.example.com","replicas":3},
             "list":[{"token":"t1"},{"name":"n1"}],"auth":{"user":"auth-user","n":42},"secret_flag":true,"ldap.bind_dn":"cn=x"}
            """);

        var candidates = parameters.SecretCandidates().Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["42", "auth-user", "p@ss\"word", "p\\u0040ss\\\"word", "t1", "tok-123"], candidates);
    }

    [Fact]
    public void SecretCandidates_DeclaredInOptions_IncludesTopLevelAndNestedPaths()
    {
        var options = new AponoFunctionOptions();
        options.SecretParameters.Add("dsn_primary_host");
        options.SecretParameters.Add("LDAP.Bind");
        var parameters = CustomParametersTests.Parse("""{"dsn_primary_host":"h1","ldap":{"bind":"cn=admin","base":"dc=x"},"team":"t"}""");

        Assert.Equal(["cn=admin", "h1"], parameters.SecretCandidates(options).Order(StringComparer.Ordinal));
        Assert.Empty(CustomParametersTests.Parse("""{"ldap":{"bind":"cn=admin"}}""").SecretCandidates());
    }

    [Fact]
    public void GetSecret_OrdinaryKey_DeclaresItSecretFromThenOn()
    {
        var parameters = CustomParametersTests.Parse("""{"team":"admin-team","pin":"8817"}""");
        Assert.Empty(parameters.SecretCandidates());
        var before = parameters.SecretDeclarations;

        parameters.GetSecret("pin");

        Assert.Equal(["8817"], parameters.SecretCandidates());
        Assert.Equal(before + 1, parameters.SecretDeclarations);
    }

    [Fact]
    public void ToString_SecretAndOrdinaryParameters_ShowsKeysOnly() =>
        Assert.Equal("CustomParameters { team, api_token }", CustomParametersTests.Parse("""{"team":"admin","api_token":"admin"}""").ToString());

    [Theory]
    [InlineData("team", "Permission 'bogus' is not one of: read, admin, owner.")]
    [InlineData("api_token", "Permission 'bogus' is not one of: read, ***, owner.")]
    public async Task InvokeAsync_ErrorEchoingAParameter_MasksOnlyASecretOne(string key, string expected)
    {
        await using var function = new RecordingFunction
        {
            Behavior = (request, _, cancellationToken) => throw new InvalidRequestException(
                $"Permission '{((GrantAccessRequest)request).Permission}' is not one of: read, {request.CustomParameters.GetString(key)}, owner."),
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(
            $$"""{"event_type":"grant-access","params":{"grant_id":"g-1","username":"u@example.com","resource_type":"db","resources":["r1"],"permission":"bogus","custom_parameters":{"{{key}}":"admin"} } }""");

        Assert.Equal((AponoErrorType.InvalidRequest, expected), (result.ErrorType, result.ErrorMessage));
        Assert.Equal(key == "team", harness.LogText.Contains("read, admin, owner", StringComparison.Ordinal));
    }

    [Fact]
    public void SecretCandidates_FromTheRequestReader_SeeTheValueAsItArrived()
    {
        var body = Encoding.UTF8.GetBytes("""{"event_type":"get-status","params":{"custom_parameters":{"token":"\u0061bc-\u00E9"}}}""");

        var parameters = RequestReader.Read(body, new AponoFunctionOptions()).CustomParameters;

        Assert.Equal(["\\u0061bc-\\u00E9", "abc-é"], parameters.SecretCandidates().Order(StringComparer.Ordinal));
    }
}
