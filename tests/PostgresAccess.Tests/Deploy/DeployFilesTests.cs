using Apono.Integration.Sdk.Testing;
using SampleTestSupport.Deploy;
using YamlDotNet.RepresentationModel;

namespace PostgresAccess.Tests.Deploy;

public sealed class DeployFilesTests
{
    private const string FunctionName = "apono-postgres-access";

    private static string DeployFile(string name) => Path.Combine(AppContext.BaseDirectory, "deploy", name);

    [Fact]
    public void SamTemplate_Function_TargetFromParameters_SecretByArnThroughTheExtension_ReadableByThisFunctionOnly()
    {
        var template = SamTemplate.Load(DeployFile("template.yaml"));

        var properties = DeployFileChecks.SamFunction(template, "PostgresAccessFunction", FunctionName);

        var vpc = SamTemplate.Map(properties, "VpcConfig");
        Assert.Equal(("!Ref", "SubnetIds"), SamTemplate.Tagged(vpc, "SubnetIds"));
        Assert.Equal(("!Ref", "SecurityGroupIds"), SamTemplate.Tagged(vpc, "SecurityGroupIds"));
        var variables = SamTemplate.Map(SamTemplate.Map(properties, "Environment"), "Variables");
        Assert.Equal(("!Ref", "PostgresHost"), SamTemplate.Tagged(variables, "PostgresAccess__Targets__main__Host"));
        Assert.Equal(("!Ref", "PostgresAdminUser"), SamTemplate.Tagged(variables, "PostgresAccess__Targets__main__AdminUser"));
        Assert.Equal("PostgresAdmin", SamTemplate.Scalar(variables, "PostgresAccess__Targets__main__AdminSecret"));
        Assert.Equal(("!Ref", "AdminPasswordSecretArn"), SamTemplate.Tagged(variables, "AponoSecrets__PostgresAdmin__SecretId"));
        Assert.DoesNotContain(variables.Children.Keys, static key => key.ToString().Contains("LoopbackTestMode", StringComparison.Ordinal));
        // No secret value in the environment: no dynamic reference resolves one at deploy time.
        Assert.DoesNotContain("resolve:secretsmanager", File.ReadAllText(DeployFile("template.yaml")), StringComparison.Ordinal);

        Assert.Equal("!Ref", ((YamlScalarNode)((YamlSequenceNode)SamTemplate.Node(properties, "Layers")).Children.Single()).Tag.Value);
        Assert.Equal("ParametersAndSecretsLayerArn", ((YamlScalarNode)((YamlSequenceNode)SamTemplate.Node(properties, "Layers")).Children.Single()).Value);
        Assert.Equal("Architecture", ((YamlScalarNode)((YamlSequenceNode)SamTemplate.Node(properties, "Architectures")).Children.Single()).Value);
        var architecture = SamTemplate.Map(SamTemplate.Map(template.Root, "Parameters"), "Architecture");
        Assert.Equal(["x86_64", "arm64"], ((YamlSequenceNode)SamTemplate.Node(architecture, "AllowedValues")).Children.Select(static n => n.ToString()));

        var statements = ((YamlSequenceNode)SamTemplate.Node(properties, "Policies")).Children.OfType<YamlMappingNode>()
            .SelectMany(static p => ((YamlSequenceNode)SamTemplate.Node(p, "Statement")).Children.Cast<YamlMappingNode>()).ToList();
        var secret = Assert.Single(statements);
        Assert.Equal("secretsmanager:GetSecretValue", SamTemplate.Scalar(secret, "Action"));
        Assert.Equal(("!Ref", "AdminPasswordSecretArn"), SamTemplate.Tagged(secret, "Resource"));

        var permission = SamTemplate.Map(template.Resource("AponoConnectorInvokePermission"), "Properties");
        Assert.Equal("lambda:InvokeFunction", SamTemplate.Scalar(permission, "Action"));
        Assert.Equal(("!Ref", "PostgresAccessFunction"), SamTemplate.Tagged(permission, "FunctionName"));
    }

    [Fact]
    public void Terraform_Function_SecretByArnNotInState_LayerArchitectureAndTheIntegrationSelectingTheTarget()
    {
        var text = File.ReadAllText(DeployFile("main.tf"));
        var main = SimpleHcl.Parse(text);

        var function = DeployFileChecks.TerraformFunction(main, "postgres_access", "postgres_access", FunctionName);

        var vpc = function.Blocks.Single(static b => b.Type == "vpc_config").Body;
        Assert.Equal("var.subnet_ids", vpc.Attributes["subnet_ids"].Raw);
        Assert.Equal("var.security_group_ids", vpc.Attributes["security_group_ids"].Raw);
        Assert.Equal("[var.architecture]", function.Attributes["architectures"].Raw);
        Assert.Equal("[var.parameters_and_secrets_layer_arn]", function.Attributes["layers"].Raw);
        var variables = function.Blocks.Single(static b => b.Type == "environment").Body.Attributes["variables"].Raw;
        Assert.Contains("\"AponoSecrets__PostgresAdmin__SecretId\" = var.admin_password_secret_arn", variables, StringComparison.Ordinal);
        Assert.DoesNotContain("LoopbackTestMode", variables, StringComparison.Ordinal);
        // Nothing reads the secret's value into Terraform (it would land in the state).
        Assert.DoesNotContain(main.Blocks, static b => b.Type == "data" && b.Labels[0].StartsWith("aws_secretsmanager", StringComparison.Ordinal));
        Assert.DoesNotContain("secret_string", text, StringComparison.Ordinal);

        var policy = main.Block("resource", "aws_iam_role_policy", "admin_secret").Body;
        Assert.Equal("aws_iam_role.function.id", policy.Attributes["role"].Raw);
        Assert.Contains("Action = \"secretsmanager:GetSecretValue\", Resource = var.admin_password_secret_arn", policy.Attributes["policy"].Raw, StringComparison.Ordinal);
        Assert.Contains("Action = \"kms:Decrypt\", Resource = var.admin_password_kms_key_arn", policy.Attributes["policy"].Raw, StringComparison.Ordinal);

        Assert.Equal("jsonencode({ target = local.target_name })", DeployFileChecks.TerraformAponoIntegration(main, "postgres_access", "postgres_access"));
        var integration = main.Block("resource", "apono_resource_integration", "postgres_access").Body;
        Assert.True(integration.Literal("custom_access_details").Length <= 400);
        Assert.Contains("contains([\"x86_64\", \"arm64\"], var.architecture)", main.Block("variable", "architecture").Body.Blocks.Single(static b => b.Type == "validation").Body.Attributes["condition"].Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamAndTerraform_ResourceTypes_AreTheTypesTheFunctionDeclares()
    {
        await using var host = new AponoTestHost(new PostgresAccessFunction());
        var declared = host.Capabilities.ResourceTypes.Select(static t => t.Name).ToList();
        Assert.Equal(["postgres-database", "postgres-schema"], declared);

        var main = SimpleHcl.Parse(File.ReadAllText(DeployFile("main.tf")));
        var variable = main.Block("variable", "connected_resource_types").Body;
        Assert.Equal("[" + string.Join(", ", declared.Select(static n => $"\"{n}\"")) + "]", variable.Attributes["default"].Raw);
        var condition = variable.Blocks.Single(static b => b.Type == "validation").Body.Attributes["condition"].Raw;
        Assert.Contains("contains([" + string.Join(", ", declared.Select(static n => $"\"{n}\"")) + "], t)", condition, StringComparison.Ordinal);

        var outputs = SamTemplate.Map(SamTemplate.Load(DeployFile("template.yaml")).Root, "Outputs");
        Assert.Equal(string.Join(",", declared), SamTemplate.Scalar(SamTemplate.Map(outputs, "AponoResourceTypes"), "Value"));
    }

    [Fact]
    public void SamAndTerraform_FunctionName_Match()
    {
        var sam = SamTemplate.Scalar(SamTemplate.Map(SamTemplate.Load(DeployFile("template.yaml")).Resource("PostgresAccessFunction"), "Properties"), "FunctionName");
        var terraform = SimpleHcl.Parse(File.ReadAllText(DeployFile("main.tf"))).Blocks.Single(static b => b.Type == "locals").Body.Literal("function_name");

        Assert.Equal(sam, terraform);
    }

    [Fact]
    public void Events_EveryFile_IsAnEnvelopeNamedAfterItsEvent_PerTypeEventsInTheirTypesFolder()
    {
        var events = Path.Combine(AppContext.BaseDirectory, "events");
        DeployFileChecks.Events(events);
        Assert.Equal(["get-status.json"], Directory.GetFiles(events, "*.json").Select(Path.GetFileName));
        Assert.Equal(["postgres-database", "postgres-schema"], Directory.GetDirectories(events).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        string[] perType = ["create-credentials.json", "delete-credentials.json", "grant-access.json", "list-resources.json", "reset-credentials.json", "revoke-access.json"];
        foreach (var type in new[] { "postgres-database", "postgres-schema" })
        {
            var folder = Path.Combine(events, type);
            DeployFileChecks.Events(folder);
            Assert.Equal(perType, Directory.GetFiles(folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
            foreach (var file in Directory.GetFiles(folder, "*.json"))
            {
                using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
                Assert.Equal(type, document.RootElement.GetProperty("params").GetProperty("resource_type").GetString());
            }
        }
    }
}
