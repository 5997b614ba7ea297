namespace PostgresAccess.Tests.Infrastructure;

/// <summary>One cluster for every test class that needs it; the classes run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL cluster";
}
