using Apono.Integration.Sdk.Diagnostics;

namespace Apono.Integration.Sdk.Tests.Diagnostics;

public sealed class DisplayTextTests
{
    public static TheoryData<string, string> Escaped() => new()
    {
        { "grant\u202Eevil", "grant\\u202Eevil" },
        { "line1\r\nX-Injected: 1", "line1\\r\\nX-Injected: 1" },
        { "tab\there", "tab\\there" },
        { "nul\0bell\u0007esc\u001B", "nul\\u0000bell\\u0007esc\\u001B" },
        { "del\u007Fnel\u0085csi\u009B", "del\\u007Fnel\\u0085csi\\u009B" },
        { "\u061C\u200E\u200F\u202A\u202B\u202C\u202D", "\\u061C\\u200E\\u200F\\u202A\\u202B\\u202C\\u202D" },
        { "\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069" },
        { "zero\u200Bwidth\u2060joiner\uFEFFbom", "zero\\u200Bwidth\\u2060joiner\\uFEFFbom" },
        { "para\u2028line\u2029", "para\\u2028line\\u2029" },
        { "tag \U000E0041\U000E007F", "tag \\U000E0041\\U000E007F" },
    };

    [Theory]
    [MemberData(nameof(Escaped))]
    public void Escape_ControlBidiInvisibleOrBrokenCharacters_AreShownAsEscapes(string text, string expected) =>
        Assert.Equal(expected, DisplayText.Escape(text));

    [Fact]
    public void Escape_UnpairedSurrogates_AreShownAsEscapes()
    {
        // Built in code: theory data would not carry a lone surrogate through test discovery.
        var text = "lone " + '\uD800' + " high, lone " + '\uDC00' + " low, reversed " + '\uDC00' + '\uD800' + ", ends high " + '\uD83D';

        Assert.Equal("lone \\uD800 high, lone \\uDC00 low, reversed \\uDC00\\uD800, ends high \\uD83D", DisplayText.Escape(text));
    }

    [Theory]
    [InlineData("Orders database (prod)")]
    [InlineData("Base de données 東京 ✓")]
    [InlineData("emoji 👩‍💻 keeps its zero-width joiner, Persian می‌خواهم its non-joiner")]
    [InlineData("a typed \\u202E stays as typed")]
    [InlineData("")]
    public void Escape_OrdinaryText_IsTheSameInstance(string text) =>
        Assert.Same(text, DisplayText.Escape(text));
}
