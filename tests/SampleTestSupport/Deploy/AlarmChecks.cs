using Apono.Integration.Sdk.Metrics;
using YamlDotNet.RepresentationModel;

namespace SampleTestSupport.Deploy;

/// <summary>
/// The two alarms every sample deploys on the SDK's Embedded Metric Format metrics: failed grants (<c>Errors</c> with
/// <c>EventType=grant-access</c>) and timeouts (<c>Timeouts</c>), both in the SDK's default namespace and on the
/// <c>FunctionName</c> dimension of the sample's own function, as the SDK writes them.
/// </summary>
public static class AlarmChecks
{
    public static void Sam(SamTemplate template, string functionLogicalId)
    {
        var failed = Alarm(template, "FailedGrantsAlarm");
        Assert.Equal(AponoMetricNames.DefaultNamespace, SamTemplate.Scalar(failed, "Namespace"));
        Assert.Equal(AponoMetricNames.Errors, SamTemplate.Scalar(failed, "MetricName"));
        Assert.Equal(
            [(AponoMetricNames.FunctionNameDimension, "!Ref " + functionLogicalId), (AponoMetricNames.EventTypeDimension, "grant-access")],
            Dimensions(failed));
        AssertFiresOnOne(failed);

        var timeouts = Alarm(template, "TimeoutsAlarm");
        Assert.Equal(AponoMetricNames.DefaultNamespace, SamTemplate.Scalar(timeouts, "Namespace"));
        Assert.Equal(AponoMetricNames.Timeouts, SamTemplate.Scalar(timeouts, "MetricName"));
        Assert.Equal([(AponoMetricNames.FunctionNameDimension, "!Ref " + functionLogicalId)], Dimensions(timeouts));
        AssertFiresOnOne(timeouts);
    }

    public static void Terraform(HclBody main, string functionAddress)
    {
        var failed = main.Block("resource", "aws_cloudwatch_metric_alarm", "failed_grants").Body;
        Assert.Equal(AponoMetricNames.DefaultNamespace, failed.Literal("namespace"));
        Assert.Equal(AponoMetricNames.Errors, failed.Literal("metric_name"));
        var failedDimensions = failed.Attributes["dimensions"].Map!;
        Assert.Equal([AponoMetricNames.EventTypeDimension, AponoMetricNames.FunctionNameDimension], failedDimensions.Attributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(functionAddress + ".function_name", failedDimensions.Attributes[AponoMetricNames.FunctionNameDimension].Raw);
        Assert.Equal("grant-access", failedDimensions.Literal(AponoMetricNames.EventTypeDimension));
        AssertFiresOnOne(failed);

        var timeouts = main.Block("resource", "aws_cloudwatch_metric_alarm", "timeouts").Body;
        Assert.Equal(AponoMetricNames.DefaultNamespace, timeouts.Literal("namespace"));
        Assert.Equal(AponoMetricNames.Timeouts, timeouts.Literal("metric_name"));
        var timeoutDimensions = timeouts.Attributes["dimensions"].Map!;
        Assert.Equal([AponoMetricNames.FunctionNameDimension], timeoutDimensions.Attributes.Keys);
        Assert.Equal(functionAddress + ".function_name", timeoutDimensions.Attributes[AponoMetricNames.FunctionNameDimension].Raw);
        AssertFiresOnOne(timeouts);
    }

    private static YamlMappingNode Alarm(SamTemplate template, string logicalId)
    {
        var resource = template.Resource(logicalId);
        Assert.Equal("AWS::CloudWatch::Alarm", SamTemplate.Scalar(resource, "Type"));
        return SamTemplate.Map(resource, "Properties");
    }

    private static List<(string Name, string Value)> Dimensions(YamlMappingNode properties) =>
        ((YamlSequenceNode)SamTemplate.Node(properties, "Dimensions")).Children.Cast<YamlMappingNode>()
            .Select(static d =>
            {
                var (tag, value) = SamTemplate.Tagged(d, "Value");
                return (SamTemplate.Scalar(d, "Name"), tag.Length == 0 ? value! : tag + " " + value);
            })
            .ToList();

    private static void AssertFiresOnOne(YamlMappingNode properties)
    {
        Assert.Equal("Sum", SamTemplate.Scalar(properties, "Statistic"));
        Assert.Equal("1", SamTemplate.Scalar(properties, "Threshold"));
        Assert.Equal("GreaterThanOrEqualToThreshold", SamTemplate.Scalar(properties, "ComparisonOperator"));
        Assert.Equal("notBreaching", SamTemplate.Scalar(properties, "TreatMissingData"));
    }

    private static void AssertFiresOnOne(HclBody alarm)
    {
        Assert.Equal("Sum", alarm.Literal("statistic"));
        Assert.Equal("1", alarm.Attributes["threshold"].Raw);
        Assert.Equal("GreaterThanOrEqualToThreshold", alarm.Literal("comparison_operator"));
        Assert.Equal("notBreaching", alarm.Literal("treat_missing_data"));
        Assert.Equal("var.alarm_actions", alarm.Attributes["alarm_actions"].Raw);
    }
}
