using SampleTestSupport.Deploy;

namespace InternalAppAccess.Tests.Deploy;

public sealed class DeployFilesTests
{
    private const string FunctionName = "apono-internal-app-access";

    private static string DeployFile(string name) => Path.Combine(AppContext.BaseDirectory, "deploy", name);

    [Fact]
    public void SamTemplate_Function_TaggedNativeAotWithTheTokenFromSecretsManager()
    {
        var template = SamTemplate.Load(DeployFile("template.yaml"));

        var properties = DeployFileChecks.SamFunction(template, "InternalAppAccessFunction", FunctionName);

        var variables = SamTemplate.Map(SamTemplate.Map(properties, "Environment"), "Variables");
        var (tag, value) = SamTemplate.Tagged(variables, "INTERNAL_APP_TOKEN");
        Assert.Equal("!Sub", tag);
        Assert.StartsWith("{{resolve:secretsmanager:", value);
        Assert.Equal("00:00:20", SamTemplate.Scalar(variables, "InternalApp__TotalTimeout"));
        Assert.Equal("!If", SamTemplate.Tagged(properties, "VpcConfig").Tag);
    }

    [Fact]
    public void Terraform_Function_TaggedAndWiredToTheAponoIntegration()
    {
        var main = SimpleHcl.Parse(File.ReadAllText(DeployFile("main.tf")));

        var function = DeployFileChecks.TerraformFunction(main, "internal_app_access", "internal_app_access", FunctionName);

        var variables = function.Blocks.Single(static b => b.Type == "environment").Body.Attributes["variables"].Map!;
        Assert.Contains("INTERNAL_APP_TOKEN", variables.Attributes.Keys);
        Assert.Equal("00:00:20", variables.Literal("InternalApp__TotalTimeout"));
        var customParameters = main.Block("resource", "apono_resource_integration", "internal_app_access").Body.Attributes["integration_config"].Map!.Attributes["custom_parameters"].Raw;
        Assert.Contains("base_url  = var.app_base_url", customParameters);
        Assert.Contains("token_env = \"INTERNAL_APP_TOKEN\"", customParameters);
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
