using SampleTestSupport.Deploy;

namespace InternalAppAccess.Tests.Deploy;

/// <summary>The sample's SAM template and Terraform alarm on failed grants and on timeouts, from the SDK's EMF metrics.</summary>
public sealed class AlarmTests
{
    private static string DeployFile(string name) => Path.Combine(AppContext.BaseDirectory, "deploy", name);

    [Fact]
    public void SamTemplate_AlarmsOnFailedGrantsAndTimeouts_OfThisFunction() =>
        AlarmChecks.Sam(SamTemplate.Load(DeployFile("template.yaml")), "InternalAppAccessFunction");

    [Fact]
    public void Terraform_AlarmsOnFailedGrantsAndTimeouts_OfThisFunction() =>
        AlarmChecks.Terraform(SimpleHcl.Parse(File.ReadAllText(DeployFile("main.tf"))), "aws_lambda_function.internal_app_access");
}
