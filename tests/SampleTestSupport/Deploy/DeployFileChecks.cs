using System.Text.Json;

namespace SampleTestSupport.Deploy;

/// <summary>The checks every sample's deploy files must pass; each sample's test names its own function and resources.</summary>
public static class DeployFileChecks
{
    public const string ConnectorTag = "apono-connector-access";

    /// <summary>Checks the SAM function: name, Native AOT runtime and handler, connector tag; returns its properties.</summary>
    public static YamlDotNet.RepresentationModel.YamlMappingNode SamFunction(SamTemplate template, string logicalId, string functionName)
    {
        var function = template.Resource(logicalId);
        Assert.Equal("AWS::Serverless::Function", SamTemplate.Scalar(function, "Type"));
        var properties = SamTemplate.Map(function, "Properties");
        Assert.Equal(functionName, SamTemplate.Scalar(properties, "FunctionName"));
        Assert.Equal("provided.al2023", SamTemplate.Scalar(properties, "Runtime"));
        Assert.Equal("bootstrap", SamTemplate.Scalar(properties, "Handler"));
        Assert.Equal("true", SamTemplate.Scalar(SamTemplate.Map(properties, "Tags"), ConnectorTag));
        Assert.Contains(
            "AWSLambdaBasicExecutionRole",
            ((YamlDotNet.RepresentationModel.YamlSequenceNode)SamTemplate.Node(properties, "Policies")).Children.Select(static n => n.ToString()));
        return properties;
    }

    /// <summary>Checks the Terraform function, its role and the Apono integration; returns the function's body.</summary>
    public static HclBody TerraformFunction(HclBody main, string resourceName, string integrationName, string functionName)
    {
        var locals = main.Blocks.Single(static b => b.Type == "locals").Body;
        Assert.Equal(functionName, locals.Literal("function_name"));

        var function = main.Block("resource", "aws_lambda_function", resourceName).Body;
        Assert.Equal("local.function_name", function.Attributes["function_name"].Raw);
        Assert.Equal("provided.al2023", function.Literal("runtime"));
        Assert.Equal("bootstrap", function.Literal("handler"));
        Assert.Equal("true", function.Attributes["tags"].Map!.Literal(ConnectorTag));
        Assert.Equal("aws_iam_role.function.arn", function.Attributes["role"].Raw);

        var role = main.Block("resource", "aws_iam_role", "function").Body;
        Assert.Contains("lambda.amazonaws.com", role.Attributes["assume_role_policy"].Raw);
        Assert.Contains(
            main.Blocks.Where(static b => b.Type == "resource" && b.Labels[0] == "aws_iam_role_policy_attachment").Select(static b => b.Body),
            attachment => attachment.Attributes["role"].Raw == "aws_iam_role.function.name"
                          && attachment.Literal("policy_arn") == "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");

        var integration = main.Block("resource", "apono_resource_integration", integrationName).Body;
        var config = integration.Attributes["integration_config"].Map!;
        Assert.Equal($"aws_lambda_function.{resourceName}.function_name", config.Attributes["function_name"].Raw);
        Assert.Equal("var.region", config.Attributes["region"].Raw);
        Assert.Equal("var.region", main.Blocks.Single(static b => b.Type == "provider" && b.Labels[0] == "aws").Body.Attributes["region"].Raw);
        Assert.StartsWith("jsonencode(", config.Attributes["custom_parameters"].Raw);
        return function;
    }

    /// <summary>Every sample event is an envelope with a known event type and a params object.</summary>
    public static void Events(string directory)
    {
        var files = Directory.GetFiles(directory, "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            Assert.Equal(Path.GetFileNameWithoutExtension(file), document.RootElement.GetProperty("event_type").GetString());
            Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("params").ValueKind);
        }
    }
}
