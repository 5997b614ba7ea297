using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Tests.TestSupport;

namespace Apono.Integration.Sdk.Tests.BadInput;

/// <summary>Every malformed request answers its exact error, never ok, and never reaches the author's code.</summary>
public sealed class BadInputCatalogTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in BadInputCatalog.Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task InvokeAsync_BadInput_AnswersExactErrorWithoutCallingTheAuthor(string name)
    {
        var badInput = BadInputCatalog.Cases[name];
        await using var function = new RecordingFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(badInput.Body).WaitAsync(Bound);

        Assert.False(result.IsSuccess);
        Assert.Equal((badInput.ErrorType, badInput.ErrorMessage), (result.ErrorType, result.ErrorMessage));
        using var body = JsonDocument.Parse(result.Body);
        Assert.Equal(["errorType", "errorMessage"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(badInput.ErrorType, body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal(badInput.ErrorMessage, body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Empty(function.Calls);
    }

    [Fact]
    public void Catalog_HasAtLeastFortyFiveDistinctCases()
    {
        Assert.True(BadInputCatalog.Cases.Count >= 45, $"only {BadInputCatalog.Cases.Count} cases");
        Assert.Equal(BadInputCatalog.Cases.Count, BadInputCatalog.Cases.Values.Select(c => Convert.ToBase64String(c.Body)).Distinct().Count());
    }

    [Fact]
    public async Task InvokeAsync_ByteOrderMark_IsTolerated()
    {
        await using var function = new RecordingFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync([0xEF, 0xBB, 0xBF, .. """{"event_type":"get-status","params":{}}"""u8]);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal("""{"status":"active"}""", Encoding.UTF8.GetString(result.Body.Span));
    }

    [Theory]
    [InlineData("zoë@exämple.com")]
    [InlineData("用户@例子.广告")]
    [InlineData("😀@example.com")]
    public async Task InvokeAsync_UnicodeEmail_IsAccepted(string username)
    {
        await using var function = new RecordingFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(BadInputCatalog.Access("grant-access", ("username", JsonSerializer.Serialize(username))));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(username, Assert.IsType<Sdk.Contracts.GrantAccessRequest>(Assert.Single(function.Calls)).Username);
    }

    [Fact]
    public async Task InvokeAsync_CustomParametersWithNestedObjectsAndNulls_AreAccepted()
    {
        await using var function = new RecordingFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(BadInputCatalog.Access("revoke-access",
            ("custom_parameters", """{"a":null,"b":{"c":{"d":[null,1,"x"]}},"e":[],"f":{}}""")));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var request = Assert.Single(function.Calls);
        Assert.Equal(["a", "b", "e", "f"], request.CustomParameters.Keys);
        Assert.Null(request.CustomParameters.GetString("a"));
    }

    [Fact]
    public async Task InvokeAsync_ThousandResources_IsAcceptedAtTheLimit()
    {
        await using var function = new RecordingFunction();
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(BadInputCatalog.Access("grant-access",
            ("resources", "[" + string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"r{i}\"")) + "]")));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(1000, Assert.IsType<Sdk.Contracts.GrantAccessRequest>(Assert.Single(function.Calls)).Resources.Count);
    }
}
