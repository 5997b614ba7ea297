using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Apono.Integration.Sdk.Diagnostics;

namespace Apono.Integration.Sdk.Tests.Diagnostics;

/// <summary>
/// One test per form a declared or issued secret can take in a line: each writes the secret in that form and
/// asserts that neither the secret nor the encoded form is left, and what replaced it.
/// </summary>
public sealed class RedactionFormTests
{
    // Quotes, '+', '/', non-ASCII and '<': every encoder escapes some of them.
    private const string Token = "CANARY-t0k+en/\"é<x>";
    private const string Plain = "CANARYplain7f3a9c";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Redact(string text, params string[] secrets)
    {
        var redactor = new SecretRedactor(new SecretRegistry());
        var invocation = redactor.BeginInvocation();
        invocation.AddLater(secrets);
        try
        {
            return redactor.Redact(text, current: null);
        }
        finally
        {
            redactor.EndInvocation(invocation);
        }
    }

    private static void AssertAbsent(string redacted, string secret, params string[] forms)
    {
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        foreach (var form in forms)
        {
            Assert.DoesNotContain(form, redacted, StringComparison.Ordinal);
        }

        Assert.Contains("***", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_IsMasked()
    {
        Assert.Equal("token=*** done", Redact($"token={Plain} done", Plain));
    }

    [Fact]
    public void JsonEscaped_DefaultEncoder_IsMasked()
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["token"] = Token });
        Assert.Contains("\\u0022", json, StringComparison.Ordinal); // the default encoder escapes '"' as \u0022
        Assert.Equal("{\"token\":\"***\"}", Redact(json, Token));
    }

    [Fact]
    public void JsonEscaped_RelaxedEncoder_IsMasked()
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["token"] = Token }, Relaxed);
        Assert.Contains("\\\"", json, StringComparison.Ordinal);
        Assert.Equal("{\"token\":\"***\"}", Redact(json, Token));
    }

    [Theory]
    [InlineData("x \\u0043ANARYplain7f3a9c y")]
    [InlineData("x \\u0043\\u0041\\u004EARYpl\\u0061in7f3a9c y")] // upper-case hex digits
    [InlineData("x \\u0043\\u0041\\u004eARYpl\\u0061in7f3a9c y")] // lower-case hex digits
    public void JsonEscaped_UnicodeEscapesOfAnyCase_AreMasked(string text)
    {
        Assert.Equal("x *** y", Redact(text, Plain));
    }

    [Fact]
    public void JsonEscaped_EscapedSolidus_IsMasked()
    {
        const string secret = "CANARY/path/secret";
        Assert.Equal("{\"url\":\"https://h/***\"}", Redact("{\"url\":\"https://h/CANARY\\/path\\/secret\"}", secret));
    }

    [Fact]
    public void UrlEncoded_PercentForms_AnyHexCase_AreMasked()
    {
        const string secret = "CANARY+pa ss/wörd=1";
        var upper = Uri.EscapeDataString(secret); // %2B, %20, %2F, %C3%B6, %3D
        var lower = upper.Replace("%2B", "%2b", StringComparison.Ordinal).Replace("%C3%B6", "%c3%b6", StringComparison.Ordinal);
        Assert.Contains("%2B", upper, StringComparison.Ordinal);
        Assert.Equal("GET https://api.example.com/v1?token=*** failed", Redact($"GET https://api.example.com/v1?token={upper} failed", secret));
        Assert.Equal("GET https://api.example.com/v1?token=*** failed", Redact($"GET https://api.example.com/v1?token={lower} failed", secret));
    }

    [Fact]
    public void UrlEncoded_FormPlusForSpace_IsMasked()
    {
        const string secret = "CANARY pa ss+1";
        var form = WebUtility.UrlEncode(secret); // CANARY+pa+ss%2B1
        Assert.Equal("CANARY+pa+ss%2B1", form);
        Assert.Equal("body: a=1&token=***&b=2", Redact($"body: a=1&token={form}&b=2", secret));
    }

    [Fact]
    public void Base64_BasicHeaderOfUserAndToken_IsMasked()
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("jane:" + Plain));
        var redacted = Redact($"Authorization: Basic {header}", Plain);

        // Only the 4-character groups that carry bytes of the token are masked ("jan" before it is not secret).
        Assert.Equal("Authorization: Basic amFu***", redacted); // the padding after the masked groups goes with them
        AssertAbsent(redacted, Plain, header, header[4..]);
    }

    [Fact]
    public void Base64Url_UnpaddedRunInsideAPath_IsMasked()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("?" + Token + "??")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var redacted = Redact($"GET /v1/keys/{encoded}/status", Token);
        AssertAbsent(redacted, Token, encoded);
        Assert.StartsWith("GET /v1/keys/", redacted, StringComparison.Ordinal);
        Assert.EndsWith("/status", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Base64_RunStartingAtAnyAlignment_IsMasked(int prefixLength)
    {
        // Base64 text glued to other Base64-alphabet characters: the run starts 0–3 characters before the encoding.
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Plain));
        var redacted = Redact($"id={new string('A', prefixLength)}{encoded}", Plain);
        AssertAbsent(redacted, Plain, encoded);
    }

    [Fact]
    public void Base64_InsideJsonEscapes_IsMasked()
    {
        // '+' in Base64 is "\u002B" once the default JSON encoder has written it.
        const string secret = "CANARY>>>abc"; // ">>>" is "Pj4+" in Base64
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        var json = JsonSerializer.Serialize(encoded);
        Assert.Contains("\\u002B", json, StringComparison.Ordinal);
        var redacted = Redact(json, secret);
        AssertAbsent(redacted, secret, encoded, json.Trim('"'));
    }

    [Fact]
    public void RawJsonSourceText_AsItArrived_IsMasked()
    {
        // The value arrived as "CANARY-\u0074ok", its source text is a candidate, and a line quotes that text as it is.
        const string source = "\"CANARY-\\u0074okraw\"";
        Assert.Equal("element: ***", Redact("element: " + source.Trim('"'), source));
        Assert.Equal("element: \"***\"", Redact("element: " + source, "CANARY-tokraw"));
    }

    [Fact]
    public void SeveralSecrets_OverlappingAndNested_AreMaskedAsOneRun()
    {
        Assert.Equal("a *** b *** c", Redact("a CANARYabcdCANARYxyz b abcd c", "CANARYabcd", "abcdCANARYxyz", "abcd"));
    }

    [Fact]
    public void ShorterThanTheMinimum_IsNotMasked()
    {
        Assert.Equal(4, SecretRedactor.MinimumSecretLength);
        Assert.Equal("port 443 and pin abc", Redact("port 443 and pin abc", "443", "abc"));
        Assert.Equal("pin ***", Redact("pin abcd", "abcd"));
    }

    [Fact]
    public void TextWithoutSecrets_IsReturnedAsItIs()
    {
        const string text = "grant-access answered in 1.5 ms (13 bytes) %zz \\q +";
        Assert.Same(text, Redact(text, Plain, Token));
    }

    [Fact]
    public void SecretsOverTheLimit_MaskTheWholeField()
    {
        var many = Enumerable.Range(0, (SecretRedactor.MaxSecretCharsPerInvocation / 16) + 1).Select(i => $"secret-{i:D9}").ToArray();
        Assert.True(many.Sum(s => s.Length) > SecretRedactor.MaxSecretCharsPerInvocation);
        Assert.Equal(SecretRedactor.OverLimitText, Redact("nothing secret here", many));
    }
}
