using System.Globalization;
using System.Text;
using Apono.Integration.Sdk.Contracts;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>The same data for the SDK and for the hand-written baseline: request envelopes and resource lists.</summary>
public static class Workload
{
    public const string ResourceType = "postgresql-database";

    public static readonly AponoPermission[] Permissions = [new("read", "Read only"), new("write", "Read and write")];

    public static readonly BaselinePermission[] BaselinePermissions = [new("read", "Read only"), new("write", "Read and write")];

    /// <summary>Resource <paramref name="i"/>: an id, a name and three metadata tags, as P1 and P4 describe.</summary>
    public static AponoResource Resource(int i) => new(Id(i), Name(i)) { Metadata = Tags(i) };

    public static BaselineResource BaselineResource(int i) => new(Id(i), Name(i), ResourceType, Tags(i));

    public static AponoResource[] Resources(int count)
    {
        var resources = new AponoResource[count];
        for (var i = 0; i < count; i++)
        {
            resources[i] = Resource(i);
        }

        return resources;
    }

    public static BaselineResource[] BaselineResources(int count)
    {
        var resources = new BaselineResource[count];
        for (var i = 0; i < count; i++)
        {
            resources[i] = BaselineResource(i);
        }

        return resources;
    }

    public static async IAsyncEnumerable<AponoResource> Stream(AponoResource[] resources)
    {
        foreach (var resource in resources)
        {
            yield return resource;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Makes each resource only when the SDK asks for it, as a database reader would: no list is ever held.</summary>
    public static async IAsyncEnumerable<AponoResource> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Resource(i);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public static byte[] GrantAccessEnvelope(int resourceCount)
    {
        var builder = new StringBuilder();
        builder.Append("{\"event_type\":\"grant-access\",\"params\":{\"grant_id\":\"3f0a1c9e-7b7e-4a43-9c43-0d3c1b2a9f10\",");
        builder.Append("\"username\":\"jane.doe@example.com\",\"resource_type\":\"").Append(ResourceType).Append("\",\"resources\":[");
        for (var i = 0; i < resourceCount; i++)
        {
            builder.Append(i == 0 ? "\"" : ",\"").Append(Id(i)).Append('"');
        }

        builder.Append("],\"permission\":\"read\",\"custom_parameters\":{\"host\":\"db.internal.example.com\",\"port\":5432,\"ssl\":true}}}");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static byte[] ListResourcesEnvelope() => Encoding.UTF8.GetBytes(
        "{\"event_type\":\"list-resources\",\"params\":{\"resource_type\":\"" + ResourceType +
        "\",\"custom_parameters\":{\"host\":\"db.internal.example.com\",\"port\":5432,\"ssl\":true}}}");

    private static string Id(int i) => "db-" + i.ToString("D6", CultureInfo.InvariantCulture);

    private static string Name(int i) => "Orders database " + i.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Tags(int i) => new(3, StringComparer.Ordinal)
    {
        ["environment"] = (i & 1) == 0 ? "production" : "staging",
        ["team"] = "team-" + (i % 17).ToString(CultureInfo.InvariantCulture),
        ["region"] = "eu-west-1",
    };
}
