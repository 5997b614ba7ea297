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

    /// <summary>Checks the Terraform function and its role; returns the function's body. <see cref="TerraformAponoIntegration"/> checks the integration.</summary>
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
        Assert.Equal("var.region", main.Blocks.Single(static b => b.Type == "provider" && b.Labels[0] == "aws").Body.Attributes["region"].Raw);
        Assert.Single(main.Blocks, b => b.Type == "resource" && b.Labels.SequenceEqual(["apono_resource_integration", integrationName]));

        var role = main.Block("resource", "aws_iam_role", "function").Body;
        Assert.Contains("lambda.amazonaws.com", role.Attributes["assume_role_policy"].Raw);
        Assert.Contains(
            main.Blocks.Where(static b => b.Type == "resource" && b.Labels[0] == "aws_iam_role_policy_attachment").Select(static b => b.Body),
            attachment => attachment.Attributes["role"].Raw == "aws_iam_role.function.name"
                          && attachment.Literal("policy_arn") == "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");

        return function;
    }

    /// <summary>
    /// Checks the Apono integration's wiring, with the integration's <c>type</c> and config key names as variables
    /// (Apono does not publish them; the variables say where to copy them from): <c>type = var.apono_integration_type</c>,
    /// <c>connected_resource_types = var.connected_resource_types</c>, and <c>integration_config</c> keyed
    /// <c>(var.apono_config_keys.region|function_name|custom_parameters)</c> with the region, the function's name and
    /// one <c>jsonencode</c>d custom parameters object. Returns the custom parameters' expression.
    /// </summary>
    public static string TerraformAponoIntegration(HclBody main, string integrationName, string resourceName)
    {
        var integration = main.Block("resource", "apono_resource_integration", integrationName).Body;
        Assert.Equal("var.apono_integration_type", integration.Attributes["type"].Raw);
        Assert.Equal("var.connected_resource_types", integration.Attributes["connected_resource_types"].Raw);
        Assert.Equal("var.apono_connector_id", integration.Attributes["connector_id"].Raw);
        foreach (var variable in new[] { "apono_integration_type", "apono_config_keys", "connected_resource_types" })
        {
            Assert.Contains("View as Code", main.Block("variable", variable).Body.Literal("description"));
        }

        var config = integration.Attributes["integration_config"].Map!;
        Assert.Equal(
            ["(var.apono_config_keys.custom_parameters)", "(var.apono_config_keys.function_name)", "(var.apono_config_keys.region)"],
            config.Attributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("var.region", config.Attributes["(var.apono_config_keys.region)"].Raw);
        Assert.Equal($"aws_lambda_function.{resourceName}.function_name", config.Attributes["(var.apono_config_keys.function_name)"].Raw);
        var customParameters = config.Attributes["(var.apono_config_keys.custom_parameters)"].Raw;
        Assert.StartsWith("jsonencode(", customParameters);
        return customParameters;
    }

    /// <summary>
    /// Checks that the function's architecture is the variable <c>architecture</c>, validated to x86_64 or arm64,
    /// and that no environment variable's value is read from a secret (a <c>data "aws_secretsmanager_secret_version"</c>
    /// or <c>jsondecode</c> of one would put the value in the function's configuration and in Terraform state).
    /// </summary>
    public static void TerraformArchitectureAndNoSecretValues(HclBody main, HclBody function)
    {
        Assert.Equal("[var.architecture]", function.Attributes["architectures"].Raw);
        var architecture = main.Block("variable", "architecture").Body;
        var condition = architecture.Blocks.Single(static b => b.Type == "validation").Body.Attributes["condition"].Raw;
        Assert.Contains("\"x86_64\"", condition);
        Assert.Contains("\"arm64\"", condition);
        Assert.DoesNotContain(main.Blocks, static b => b.Type == "data" && b.Labels[0] is "aws_secretsmanager_secret_version" or "aws_ssm_parameter");
        Assert.DoesNotContain("secret_string", function.Blocks.Single(static b => b.Type == "environment").Body.Attributes["variables"].Raw);
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
