using YamlDotNet.RepresentationModel;

namespace Apono.Integration.Sdk.Tests.Hosting;

public sealed class DeploymentFilesTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Hosting", "Deploy");

    [Fact]
    public void SamTemplate_QuickStartFunction_IsTaggedNativeAotOnProvidedAl2023WithBasicExecutionRole()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Folder, "template.yaml")))
        {
            // YamlStream keeps short-form tags (!Ref, !GetAtt) as node tags instead of failing on them.
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        Assert.Equal("AWS::Serverless-2016-10-31", Scalar(root, "Transform").Value);
        var function = (YamlMappingNode)((YamlMappingNode)root["Resources"])["QuickStartFunction"];
        Assert.Equal("AWS::Serverless::Function", Scalar(function, "Type").Value);
        var properties = (YamlMappingNode)function["Properties"];
        Assert.Equal("provided.al2023", Scalar(properties, "Runtime").Value);
        Assert.Equal("bootstrap", Scalar(properties, "Handler").Value);
        var architecture = (YamlScalarNode)((YamlSequenceNode)properties["Architectures"]).Single();
        Assert.Equal(("!Ref", "Architecture"), (architecture.Tag.Value, architecture.Value));
        var parameter = (YamlMappingNode)((YamlMappingNode)root["Parameters"])["Architecture"];
        Assert.Equal("x86_64", Scalar(parameter, "Default").Value);
        Assert.Equal(["x86_64", "arm64"], ((YamlSequenceNode)parameter["AllowedValues"]).Select(n => ((YamlScalarNode)n).Value));
        Assert.Contains("AWSLambdaBasicExecutionRole", ((YamlSequenceNode)properties["Policies"]).Select(n => ((YamlScalarNode)n).Value));

        // The connector checks the tag's value is the string "true": quoted, so YAML does not make it a boolean.
        var tag = Scalar((YamlMappingNode)properties["Tags"], "apono-connector-access");
        Assert.Equal(("true", YamlDotNet.Core.ScalarStyle.DoubleQuoted), (tag.Value, tag.Style));
    }

    [Fact]
    public void Dockerfile_FinalStage_PutsBootstrapInTheProvidedAl2023RuntimeDirectory()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "Dockerfile"));

        var from = lines.Last(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.Equal("FROM public.ecr.aws/lambda/provided:al2023", from);
        Assert.Contains(lines, l => l.StartsWith("RUN dotnet publish samples/QuickStart/QuickStart.csproj -c Release -r linux-x64 -p:PublishAot=true", StringComparison.Ordinal));
        Assert.Contains("COPY --from=build --chmod=755 /out/bootstrap ${LAMBDA_RUNTIME_DIR}/bootstrap", lines);
    }

    private static YamlScalarNode Scalar(YamlMappingNode node, string key) => (YamlScalarNode)node[key];
}
