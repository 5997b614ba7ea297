using SampleTestSupport.Deploy;

namespace PostgresAccess.Tests.Deploy;

public sealed class DeployFilesTests
{
    private const string FunctionName = "apono-postgres-access";

    private static string DeployFile(string name) => Path.Combine(AppContext.BaseDirectory, "deploy", name);

    [Fact]
    public void SamTemplate_Function_TaggedNativeAotInTheVpcWithThePasswordFromSecretsManager()
    {
        var template = SamTemplate.Load(DeployFile("template.yaml"));

        var properties = DeployFileChecks.SamFunction(template, "PostgresAccessFunction", FunctionName);

        var vpc = SamTemplate.Map(properties, "VpcConfig");
        Assert.Equal(("!Ref", "SubnetIds"), SamTemplate.Tagged(vpc, "SubnetIds"));
        Assert.Equal(("!Ref", "SecurityGroupIds"), SamTemplate.Tagged(vpc, "SecurityGroupIds"));
        var (tag, value) = SamTemplate.Tagged(SamTemplate.Map(SamTemplate.Map(properties, "Environment"), "Variables"), "POSTGRES_ADMIN_PASSWORD");
        Assert.Equal("!Sub", tag);
        Assert.StartsWith("{{resolve:secretsmanager:", value);
        var permission = SamTemplate.Map(template.Resource("AponoConnectorInvokePermission"), "Properties");
        Assert.Equal("lambda:InvokeFunction", SamTemplate.Scalar(permission, "Action"));
        Assert.Equal(("!Ref", "PostgresAccessFunction"), SamTemplate.Tagged(permission, "FunctionName"));
    }

    [Fact]
    public void Terraform_Function_TaggedInTheVpcAndWiredToTheAponoIntegration()
    {
        var main = SimpleHcl.Parse(File.ReadAllText(DeployFile("main.tf")));

        var function = DeployFileChecks.TerraformFunction(main, "postgres_access", "postgres_access", FunctionName);

        var vpc = function.Blocks.Single(static b => b.Type == "vpc_config").Body;
        Assert.Equal("var.subnet_ids", vpc.Attributes["subnet_ids"].Raw);
        Assert.Equal("var.security_group_ids", vpc.Attributes["security_group_ids"].Raw);
        var customParameters = main.Block("resource", "apono_resource_integration", "postgres_access").Body.Attributes["integration_config"].Map!.Attributes["custom_parameters"].Raw;
        foreach (var key in new[] { "host", "port", "database", "admin_user", "password_env" })
        {
            Assert.Contains(key + " ", customParameters);
        }

        Assert.Contains("POSTGRES_ADMIN_PASSWORD", function.Blocks.Single(static b => b.Type == "environment").Body.Attributes["variables"].Raw);
    }

    [Fact]
    public void SamAndTerraform_FunctionName_Match()
    {
        var sam = SamTemplate.Scalar(SamTemplate.Map(SamTemplate.Load(DeployFile("template.yaml")).Resource("PostgresAccessFunction"), "Properties"), "FunctionName");
        var terraform = SimpleHcl.Parse(File.ReadAllText(DeployFile("main.tf"))).Blocks.Single(static b => b.Type == "locals").Body.Literal("function_name");

        Assert.Equal(sam, terraform);
    }

    [Fact]
    public void Events_EveryFile_IsAnEnvelopeNamedAfterItsEvent()
    {
        DeployFileChecks.Events(Path.Combine(AppContext.BaseDirectory, "events"));
    }
}
