using PostgresAccess.Access;

namespace PostgresAccess.Tests.Access;

public sealed class ResourceIdTests
{
    [Theory]
    [InlineData("db:orders", "orders", null)]
    [InlineData("schema:orders/public", "orders", "public")]
    [InlineData("db:a%2Fb%25c", "a/b%c", null)]
    [InlineData("schema:a%2fb/s%2F1", "a/b", "s/1")]
    [InlineData("db:\"; x", "\"; x", null)]
    public void TryParse_ValidId_Parts(string text, string database, string? schema)
    {
        Assert.True(ResourceId.TryParse(text, out var id));
        Assert.Equal(database, id.Database);
        Assert.Equal(schema, id.Schema);
    }

    [Theory]
    [InlineData("db:")]
    [InlineData("db:a/b")]
    [InlineData("schema:a")]
    [InlineData("schema:a/b/c")]
    [InlineData("schema:/b")]
    [InlineData("schema:a/")]
    [InlineData("db:%zz")]
    [InlineData("db:%2")]
    [InlineData("db:a\0b")]
    [InlineData("DB:orders")]
    [InlineData("orders")]
    public void TryParse_Malformed_False(string text)
    {
        Assert.False(ResourceId.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_NameLongerThan63Bytes_False()
    {
        Assert.False(ResourceId.TryParse("db:" + new string('é', 32), out _));
        Assert.True(ResourceId.TryParse("db:" + new string('e', 63), out _));
    }

    [Theory]
    [InlineData("orders", null)]
    [InlineData("a/b%c", "s/%")]
    public void ToString_ThenTryParse_RoundTrips(string database, string? schema)
    {
        var id = schema is null ? ResourceId.ForDatabase(database) : ResourceId.ForSchema(database, schema);

        Assert.True(ResourceId.TryParse(id.ToString(), out var parsed));
        Assert.Equal(id, parsed);
    }
}
