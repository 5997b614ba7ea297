using Xunit.Sdk;

namespace Apono.Integration.Sdk.Tests.TestSupport;

public sealed class JsonAssertTests
{
    [Theory]
    [InlineData("""{"a":1,"b":[1,2]}""", """{"b":[1,2],"a":1}""")]
    [InlineData("""{"n":1.0}""", """{"n":1}""")]
    [InlineData("""{"n":1e2}""", """{"n":100}""")]
    [InlineData("""{"s":"é"}""", """{"s":"\u00e9"}""")]
    [InlineData("""[null,true,false]""", """[ null , true , false ]""")]
    [InlineData("""{}""", """{ }""")]
    public void Differences_EquivalentJson_IsEmpty(string expected, string actual) =>
        Assert.Empty(JsonAssert.Differences(expected, actual));

    [Theory]
    [InlineData("""{"a":1}""", """{"a":2}""", "$.a: expected 1 but was 2")]
    [InlineData("""{"a":"1"}""", """{"a":1}""", "$.a: expected \"1\" but was 1")]
    [InlineData("""{"a":1}""", """{}""", "$.a: expected 1 but was missing")]
    [InlineData("""{}""", """{"b":null}""", "$.b: expected no property but was null")]
    [InlineData("""[1,2]""", """[1,3]""", "$[1]: expected 2 but was 3")]
    [InlineData("""[1,2]""", """[1]""", "$[1]: expected 2 but was missing (array has 1 items)")]
    [InlineData("""[1]""", """[1,3]""", "$[1]: expected no item (array has 1 items) but was 3")]
    [InlineData("""{"a":true}""", """{"a":false}""", "$.a: expected true but was false")]
    [InlineData("""{"a":null}""", """{"a":{}}""", "$.a: expected null but was {}")]
    [InlineData("""{"x":{"y":[{"z":"a"}]}}""", """{"x":{"y":[{"z":"A"}]}}""", "$.x.y[0].z: expected \"a\" but was \"A\"")]
    [InlineData("""{"a b":1}""", """{"a b":2}""", "$[\"a b\"]: expected 1 but was 2")]
    public void Differences_DifferentJson_NamesThePath(string expected, string actual, string difference) =>
        Assert.Equal([difference], JsonAssert.Differences(expected, actual));

    [Fact]
    public void Equivalent_SeveralDifferences_ThrowsListingEachPath()
    {
        var error = Assert.Throws<XunitException>(() => JsonAssert.Equivalent("""{"a":1,"b":[1],"c":"x"}""", """{"a":1,"b":[2],"d":"x"}"""));

        Assert.Contains("JSON differs at 3 path(s):", error.Message);
        Assert.Contains("  $.b[0]: expected 1 but was 2", error.Message);
        Assert.Contains("  $.c: expected \"x\" but was missing", error.Message);
        Assert.Contains("  $.d: expected no property but was \"x\"", error.Message);
    }

    [Fact]
    public void Equivalent_SameJson_DoesNotThrow() =>
        JsonAssert.Equivalent("""{"status":"ok"}""", """{ "status" : "ok" }""");
}
