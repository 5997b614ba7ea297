using Apono.Integration.Sdk.Credentials;

namespace Apono.Integration.Sdk.Tests.Credentials;

public sealed class PasswordGeneratorTests
{
    private const string Allowed = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.~+=";

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(255)]
    [InlineData(256)]
    public void Generate_LengthInRange_HasThatLengthAndEveryClass(int length)
    {
        for (var i = 0; i < 200; i++)
        {
            var password = PasswordGenerator.Generate(length).Reveal();

            Assert.Equal(length, password.Length);
            Assert.Contains(password, char.IsAsciiLetterLower);
            Assert.Contains(password, char.IsAsciiLetterUpper);
            Assert.Contains(password, char.IsAsciiDigit);
            Assert.Contains(password, c => "-_.~+=".Contains(c));
            Assert.All(password, c => Assert.Contains(c, Allowed));
        }
    }

    [Fact]
    public void Generate_Default_Is32Characters() =>
        Assert.Equal(PasswordGenerator.DefaultLength, PasswordGenerator.Generate().Length);

    [Theory]
    [InlineData(15)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(257)]
    public void Generate_LengthOutOfRange_Throws(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>("length", () => PasswordGenerator.Generate(size));

    [Fact]
    public void Generate_ManyDraws_AreAllDifferentAndUseTheWholeAlphabet()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var characters = new HashSet<char>();
        for (var i = 0; i < 10_000; i++)
        {
            var password = PasswordGenerator.Generate(16).Reveal();
            Assert.True(seen.Add(password), $"draw {i} repeated an earlier password");
            characters.UnionWith(password);
        }

        Assert.Equal(Allowed.Length, characters.Count);
    }

    [Fact]
    public void Generate_ManyDraws_FirstCharacterIsNotAlwaysTheSameClass()
    {
        // The four guaranteed characters are shuffled in: position 0 must not always be a lower-case letter.
        var firstClasses = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 1_000; i++)
        {
            var first = PasswordGenerator.Generate(16).Reveal()[0];
            firstClasses.Add(char.IsAsciiLetterLower(first) ? "lower" : char.IsAsciiLetterUpper(first) ? "upper" : char.IsAsciiDigit(first) ? "digit" : "symbol");
        }

        Assert.Equal(4, firstClasses.Count);
    }
}
