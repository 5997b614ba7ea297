using SampleTestSupport.Deploy;

namespace InternalAppAccess.Tests.Deploy;

/// <summary>
/// Every Terraform file in the repository's samples and templates against apono_resource_integration's schema of
/// provider apono-io/apono v1.9.1, transcribed in tests/SampleTestSupport/Deploy/apono_resource_integration.schema.json.
/// </summary>
public sealed class TerraformSchemaTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private static readonly TerraformSchema Schema = TerraformSchema.Load(
        Path.Combine(RepositoryRoot, "tests", "SampleTestSupport", "Deploy", "apono_resource_integration.schema.json"));

    public static TheoryData<string> TerraformFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "samples", "templates" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*.tf", SearchOption.AllDirectories)
                         .Where(static f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                            && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                            && !f.Contains($"{Path.DirectorySeparatorChar}.terraform{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                         .Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(RepositoryRoot, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Fact]
    public void TerraformFiles_Found_IncludeEverySampleWithTerraform()
    {
        Assert.Contains("samples/InternalAppAccess/deploy/main.tf", TerraformFiles());
        Assert.Contains("samples/PostgresAccess/deploy/main.tf", TerraformFiles());
    }

    [Theory]
    [MemberData(nameof(TerraformFiles))]
    public void AponoResourceIntegration_EveryTerraformFile_MatchesProviderSchema(string file)
    {
        var body = SimpleHcl.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, file)));

        var violations = Schema.Check(body);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void Check_ConformingResource_NoViolations()
    {
        Assert.Empty(Schema.Check(SimpleHcl.Parse(Resource("""
            connected_resource_types = ["internal-app"]
            integration_config = {
              region = "us-east-1"
              custom_parameters = jsonencode({ target = "main" })
            }
            owner = {
              attribute_type   = "user"
              attribute_values = ["team@example.com"]
            }
            """))));
    }

    [Fact]
    public void Check_MissingRequiredAttributes_Named()
    {
        var violations = Schema.Check(SimpleHcl.Parse("""
            resource "apono_resource_integration" "x" {
              name = "n"
              integration_config = { region = "us-east-1" }
            }
            """));

        Assert.Equal(
            ["apono_resource_integration.x: missing required attribute type", "apono_resource_integration.x: missing required attribute connector_id", "apono_resource_integration.x: missing required attribute connected_resource_types"],
            violations);
    }

    [Fact]
    public void Check_EmptyResourceTypesUnknownAttributeAndComputedId_Named()
    {
        var violations = Schema.Check(SimpleHcl.Parse(Resource("""
            connected_resource_types = []
            integration_config = { region = "us-east-1" }
            id = "abc"
            description = "not in the schema"
            """)));

        Assert.Equal(
            ["apono_resource_integration.x.connected_resource_types needs at least 1 value(s)", "apono_resource_integration.x: id is computed by the provider and cannot be set", "apono_resource_integration.x: unknown attribute description"],
            violations);
    }

    [Fact]
    public void Check_IntegrationConfigWithNestedObjectAndNumber_Named()
    {
        var violations = Schema.Check(SimpleHcl.Parse(Resource("""
            connected_resource_types = ["t"]
            integration_config = {
              custom_parameters = { target = "main" }
              port = 5432
              enabled = true
              (var.key) = "v"
            }
            """) + """

            variable "key" {
              type = number
            }
            """));

        Assert.Equal(
            [
                "apono_resource_integration.x.integration_config[custom_parameters] must be a string (nested values as one jsonencode(...)), not { target = \"main\" }",
                "apono_resource_integration.x.integration_config[port] must be a string (nested values as one jsonencode(...)), not 5432",
                "apono_resource_integration.x.integration_config[enabled] must be a string (nested values as one jsonencode(...)), not true",
                "apono_resource_integration.x.integration_config: key (var.key) must be a string",
            ],
            violations);
    }

    [Fact]
    public void Check_OwnerWithTheDocsExamplesAttributeValue_Named()
    {
        var violations = Schema.Check(SimpleHcl.Parse(Resource("""
            connected_resource_types = ["t"]
            integration_config = { region = "us-east-1" }
            owner = {
              attribute_type  = "user"
              attribute_value = ["a@example.com"]
            }
            """)));

        Assert.Equal(
            ["apono_resource_integration.x.owner: unknown attribute attribute_value", "apono_resource_integration.x.owner: missing required attribute attribute_values"],
            violations);
    }

    [Fact]
    public void Check_NestedAttributeWrittenAsABlock_Named()
    {
        var violations = Schema.Check(SimpleHcl.Parse(Resource("""
            connected_resource_types = ["t"]
            integration_config = { region = "us-east-1" }
            owner {
              attribute_type   = "user"
              attribute_values = ["a@example.com"]
            }
            """)));

        Assert.Equal(["apono_resource_integration.x: owner is a nested attribute; write owner = { ... }, not a block"], violations);
    }

    [Fact]
    public void Check_VariablesWithWrongTypes_Named()
    {
        var violations = Schema.Check(SimpleHcl.Parse(Resource("""
            connected_resource_types = var.types
            integration_config = { region = var.region }
            owner = var.owner
            """) + """

            variable "types" {
              type = list(string)
            }

            variable "region" {
              type = number
            }

            variable "owner" {
              type = object({
                attribute_type   = string
                attribute_values = optional(list(string))
                team             = string
              })
            }
            """));

        Assert.Equal(
            [
                "apono_resource_integration.x.connected_resource_types: variable types needs a validation of length(var.types) (at least 1 value(s))",
                "apono_resource_integration.x.integration_config[region] must be a string (nested values as one jsonencode(...)), not var.region",
                "apono_resource_integration.x.owner: the type of var.owner has unknown attribute team",
                "apono_resource_integration.x.owner: the type of var.owner makes required attribute attribute_values optional",
            ],
            violations);
    }

    private static string Resource(string body) =>
        "resource \"apono_resource_integration\" \"x\" {\n  name = \"n\"\n  type = \"t\"\n  connector_id = \"c\"\n" + body + "\n}\n";

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Apono.Integration.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Apono.Integration.Sdk.sln) is not above " + AppContext.BaseDirectory);
    }
}
