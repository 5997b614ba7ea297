using YamlDotNet.RepresentationModel;

namespace SampleTestSupport.Deploy;

/// <summary>
/// Reads a SAM/CloudFormation template with YamlDotNet's representation model, which keeps CloudFormation's short
/// tags (<c>!Ref</c>, <c>!GetAtt</c>, <c>!Sub</c>, <c>!If</c>, ...) as node tags instead of failing on them.
/// </summary>
public sealed class SamTemplate
{
    private SamTemplate(YamlMappingNode root) => Root = root;

    public YamlMappingNode Root { get; }

    public static SamTemplate Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return new SamTemplate((YamlMappingNode)stream.Documents.Single().RootNode);
    }

    public YamlMappingNode Resource(string logicalId) => Map(Map(Root, "Resources"), logicalId);

    public static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    public static YamlNode Node(YamlMappingNode node, string key) => node.Children[new YamlScalarNode(key)];

    public static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)Node(node, key)).Value!;

    /// <summary>Gets the tag of a node written with a short form, e.g. <c>!Ref</c>, and its scalar argument.</summary>
    public static (string Tag, string? Value) Tagged(YamlMappingNode node, string key)
    {
        var child = Node(node, key);
        return (child.Tag.IsEmpty ? string.Empty : child.Tag.Value, (child as YamlScalarNode)?.Value);
    }
}
