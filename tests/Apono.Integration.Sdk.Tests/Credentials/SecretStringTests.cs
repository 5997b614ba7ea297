using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;

namespace Apono.Integration.Sdk.Tests.Credentials;

public sealed class SecretStringTests
{
    [Fact]
    public void ToString_AnySecret_IsRedacted()
    {
        var secret = new SecretString("p@ssw0rd-canary");

        Assert.Equal("[redacted]", secret.ToString());
        Assert.Equal("[redacted]", $"{secret}");
        Assert.Equal("p@ssw0rd-canary", secret.Reveal());
        Assert.Equal(15, secret.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Constructor_EmptyOrNull_Throws(string? text) =>
        Assert.Throws<ArgumentException>("value", () => new SecretString(text!));

    [Fact]
    public void CredentialsReply_NullSecret_Throws() =>
        Assert.Throws<ArgumentNullException>("secret", () => new CredentialsReply(null!));

    [Fact]
    public void CredentialsReply_ToString_HidesTheSecret() =>
        Assert.Equal("CredentialsReply { Status = ok, Secret = [redacted] }", new CredentialsReply(new SecretString("hunter2-canary")).ToString());
}
