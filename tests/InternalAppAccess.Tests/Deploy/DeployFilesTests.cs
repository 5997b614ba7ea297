using SampleTestSupport.Deploy;
using YamlDotNet.RepresentationModel;

namespace InternalAppAccess.Tests.Deploy;

public sealed class DeployFilesTests
{
    private const string FunctionName = "apono-internal-app-access";

    private static string DeployFile(string name) => Path.Combine(AppContext.BaseDirectory, "deploy", name);

    [Fact]
    public void SamTemplate_Function_TargetAllowListAndTokenSecretByArnReadThroughTheExtension()
    {
        var template = SamTemplate.Load(DeployFile("template.yaml"));

        var properties = DeployFileChecks.SamFunction(template, "InternalAppAccessFunction", FunctionName);

        var variables = SamTemplate.Map(SamTemplate.Map(properties, "Environment"), "Variables");
        Assert.Equal(("!Ref", "AppBaseUrl"), SamTemplate.Tagged(variables, "InternalApp__Targets__main__BaseUrl"));
        Assert.Equal("InternalAppToken", SamTemplate.Scalar(variables, "InternalApp__TokenSecret"));
        Assert.Equal(("!Ref", "AppTokenSecretArn"), SamTemplate.Tagged(variables, "AponoSecrets__InternalAppToken__SecretId"));
        Assert.Equal("00:00:20", SamTemplate.Scalar(variables, "InternalApp__TotalTimeout"));
        // No value resolved from a secret anywhere in the template (a {{resolve:secretsmanager:...}} would put it in
        // the function's configuration, readable with lambda:GetFunctionConfiguration).
        Assert.DoesNotContain("resolve:secretsmanager", File.ReadAllText(DeployFile("template.yaml")));
        Assert.Equal("!If", SamTemplate.Tagged(properties, "VpcConfig").Tag);

        var layers = (YamlSequenceNode)SamTemplate.Node(properties, "Layers");
        Assert.Equal("ParametersSecretsExtensionLayerArn", ((YamlScalarNode)layers.Children.Single()).Value);
        var architectures = (YamlSequenceNode)SamTemplate.Node(properties, "Architectures");
        Assert.Equal("Architecture", ((YamlScalarNode)architectures.Children.Single()).Value);
        var architecture = SamTemplate.Map(SamTemplate.Map(template.Root, "Parameters"), "Architecture");
        Assert.Equal(["x86_64", "arm64"], ((YamlSequenceNode)SamTemplate.Node(architecture, "AllowedValues")).Children.Select(static n => n.ToString()));

        // secretsmanager:GetSecretValue on the token's secret only.
        var statement = ((YamlSequenceNode)SamTemplate.Node(properties, "Policies")).Children.OfType<YamlMappingNode>()
            .SelectMany(static p => ((YamlSequenceNode)SamTemplate.Node(p, "Statement")).Children.Cast<YamlMappingNode>())
            .Single();
        Assert.Equal("secretsmanager:GetSecretValue", SamTemplate.Scalar(statement, "Action"));
        Assert.Equal(("!Ref", "AppTokenSecretArn"), SamTemplate.Tagged(statement, "Resource"));
    }

    [Fact]
    public void Terraform_Function_TargetAllowListTokenSecretByArnAndTheAponoIntegration()
    {
        var main = SimpleHcl.Parse(File.ReadAllText(DeployFile("main.tf")));

        var function = DeployFileChecks.TerraformFunction(main, "internal_app_access", "internal_app_access", FunctionName);
        DeployFileChecks.TerraformArchitectureAndNoSecretValues(main, function);

        var variables = function.Blocks.Single(static b => b.Type == "environment").Body.Attributes["variables"].Raw;
        Assert.StartsWith("merge(local.target_variables, {", variables);
        Assert.Contains("InternalApp__TokenSecret                = \"InternalAppToken\"", variables);
        Assert.Contains("AponoSecrets__InternalAppToken__SecretId = var.app_token_secret_arn", variables);
        Assert.Contains("InternalApp__TotalTimeout               = \"00:00:20\"", variables);
        Assert.Equal(
            "{ for name, url in var.targets : \"InternalApp__Targets__${name}__BaseUrl\" => url }",
            main.Blocks.Single(static b => b.Type == "locals").Body.Attributes["target_variables"].Raw);
        Assert.Equal("[var.parameters_secrets_extension_layer_arn]", function.Attributes["layers"].Raw);

        var policy = main.Block("resource", "aws_iam_role_policy", "app_token").Body;
        Assert.Equal("aws_iam_role.function.id", policy.Attributes["role"].Raw);
        Assert.Contains("Action   = \"secretsmanager:GetSecretValue\"", policy.Attributes["policy"].Raw);
        Assert.Contains("Resource = var.app_token_secret_arn", policy.Attributes["policy"].Raw);

        Assert.Equal(
            "jsonencode({ target = var.default_target })",
            DeployFileChecks.TerraformAponoIntegration(main, "internal_app_access", "internal_app_access"));
    }

    [Fact]
    public void SamAndTerraform_FunctionName_Match()
    {
        var sam = SamTemplate.Scalar(SamTemplate.Map(SamTemplate.Load(DeployFile("template.yaml")).Resource("InternalAppAccessFunction"), "Properties"), "FunctionName");
        var terraform = SimpleHcl.Parse(File.ReadAllText(DeployFile("main.tf"))).Blocks.Single(static b => b.Type == "locals").Body.Literal("function_name");

        Assert.Equal(sam, terraform);
    }

    [Fact]
    public void Events_EveryFile_IsAnEnvelopeNamedAfterItsEvent()
    {
        DeployFileChecks.Events(Path.Combine(AppContext.BaseDirectory, "events"));
    }
}
