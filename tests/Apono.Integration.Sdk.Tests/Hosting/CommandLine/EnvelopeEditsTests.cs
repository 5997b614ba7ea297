using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Hosting.CommandLine;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Tests.Hosting.CommandLine;

/// <summary><c>invoke</c>'s options applied to an envelope by copying it token by token: everything not edited stays as written.</summary>
public sealed class EnvelopeEditsTests
{
    private static string? Apply(string envelope, Action<EnvelopeEdits> edit)
    {
        var edits = new EnvelopeEdits();
        edit(edits);
        return edits.ApplyTo(Encoding.UTF8.GetBytes(envelope)) is { } edited ? Encoding.UTF8.GetString(edited) : null;
    }

    [Fact]
    public void ApplyTo_FieldsAndParameters_ReplacesInPlaceAndKeepsTheRestAsWritten()
    {
        var edited = Apply(
            """{"event_type":"grant-access","extra":{"n":[1,2.50,null]},"params":{"username":"a@example.com","permission":"reader","custom_parameters":{"keep":1e3,"host":"old"},"unknown":"\u00e9"}}""",
            e =>
            {
                e.SetString("permission", "admin");
                e.SetString("resource_type", "wiki-space");
                e.SetCustomParameters["host"] = JsonSerializer.SerializeToElement("new", AponoJsonContext.Default.String);
            });

        Assert.Equal(
            """{"event_type":"grant-access","extra":{"n":[1,2.50,null]},"params":{"username":"a@example.com","permission":"admin","custom_parameters":{"keep":1e3,"host":"new"},"unknown":"\u00e9","resource_type":"wiki-space"}}""",
            edited);
    }

    [Fact]
    public void ApplyTo_DuplicatedKeys_EditsEveryOccurrenceSoTheSdkSeesThemAsSent()
    {
        var edited = Apply("""{"event_type":"a","event_type":"b","params":{"permission":"x","permission":"y"}}""", e =>
        {
            e.EventType = "get-status";
            e.SetString("permission", "z");
        });

        Assert.Equal("""{"event_type":"get-status","event_type":"get-status","params":{"permission":"z","permission":"z"}}""", edited);
    }

    [Fact]
    public void ApplyTo_EscapedPropertyName_IsMatchedAndWrittenOnce()
    {
        var edited = Apply("""{"event_type":"get-status","para\u006ds":{"permi\u0073sion":"x"}}""", e => e.SetString("permission", "z"));

        Assert.Equal("""{"event_type":"get-status","params":{"permission":"z"}}""", edited);
    }

    [Fact]
    public void ApplyTo_ParamsOrCustomParametersNotAnObject_ReplacesThem()
    {
        Assert.Equal(
            """{"params":{"resource_type":"t"},"event_type":"list-resources"}""",
            Apply("""{"params":"x"}""", e => { e.EventType = "list-resources"; e.SetString("resource_type", "t"); }));
        Assert.Equal(
            """{"event_type":"get-status","params":{"custom_parameters":{"k":"v"}}}""",
            Apply("""{"event_type":"get-status","params":{"custom_parameters":[1]}}""", e => e.SetCustomParameters["k"] = JsonSerializer.SerializeToElement("v", AponoJsonContext.Default.String)));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"event_type\":")]
    [InlineData("{} {}")]
    [InlineData("")]
    public void ApplyTo_NotOneJsonObject_ReturnsNull(string body) =>
        Assert.Null(Apply(body, e => e.SetString("username", "a@example.com")));
}
