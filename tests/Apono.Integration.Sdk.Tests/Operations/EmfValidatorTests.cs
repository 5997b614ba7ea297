namespace Apono.Integration.Sdk.Tests.Operations;

/// <summary>The validator must be able to fail: each document breaks one rule of the specification.</summary>
public sealed class EmfValidatorTests
{
    private const string Valid = "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"D\"]],\"Metrics\":[{\"Name\":\"M\",\"Unit\":\"Count\"}]}]},\"D\":\"v\",\"M\":1}";

    [Fact]
    public void Valid_HasNoProblem() => Assert.Empty(EmfValidator.Problems(Valid));

    [Theory]
    [InlineData("{\"D\":\"v\",\"M\":1}", "_aws is missing or not an object")]
    [InlineData("{\"_aws\":{\"Timestamp\":\"1\",\"CloudWatchMetrics\":[]}}", "_aws.Timestamp is missing or not a non-negative integer")]
    [InlineData("{\"_aws\":{\"Timestamp\":1.5,\"CloudWatchMetrics\":[]}}", "_aws.Timestamp is missing or not a non-negative integer")]
    [InlineData("{\"_aws\":{\"Timestamp\":1}}", "_aws.CloudWatchMetrics is missing or not an array")]
    [InlineData("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Dimensions\":[],\"Metrics\":[]}]}}", "Namespace is missing, not a string or not 1-255 characters")]
    [InlineData("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"D\"]],\"Metrics\":[]}]}}", "dimension D is not a member")]
    [InlineData("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"D\"]],\"Metrics\":[]}]},\"D\":5}", "dimension D is not a string of 1-1,024 printable ASCII characters")]
    [InlineData("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[],\"Metrics\":[{\"Name\":\"M\"}]}]}}", "metric M is not a member")]
    [InlineData("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[],\"Metrics\":[{\"Name\":\"M\"}]}]},\"M\":\"1\"}", "metric M is not a number")]
    [InlineData("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[],\"Metrics\":[{\"Name\":\"M\",\"Unit\":\"Widgets\"}]}]},\"M\":1}", "metric M has an invalid Unit")]
    [InlineData("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[],\"Metrics\":[{\"Name\":\"M\",\"StorageResolution\":5}]}]},\"M\":1}", "metric M has a StorageResolution other than 1 or 60")]
    public void Invalid_NamesTheBrokenRule(string document, string problem) => Assert.Contains(problem, EmfValidator.Problems(document));

    [Fact]
    public void DimensionSetOf31_IsRefused()
    {
        var names = Enumerable.Range(0, 31).Select(static i => "D" + i).ToArray();
        var document = "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[" + string.Join(',', names.Select(static n => "\"" + n + "\"")) +
            "]],\"Metrics\":[]}]}," + string.Join(',', names.Select(static n => "\"" + n + "\":\"v\"")) + "}";

        Assert.Equal(["a dimension set has more than 30 dimensions"], EmfValidator.Problems(document));
    }

    [Fact]
    public void MetricsOf101_IsRefused()
    {
        var names = Enumerable.Range(0, 101).Select(static i => "M" + i).ToArray();
        var document = "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[],\"Metrics\":[" +
            string.Join(',', names.Select(static n => "{\"Name\":\"" + n + "\"}")) + "]}]}," + string.Join(',', names.Select(static n => "\"" + n + "\":1")) + "}";

        Assert.Equal(["Metrics has more than 100 definitions"], EmfValidator.Problems(document));
    }
}
