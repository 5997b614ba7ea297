using System.Security.Cryptography;

namespace Apono.Integration.Sdk.Credentials;

/// <summary>Generates strong passwords from the operating system's cryptographic random number generator.</summary>
public static class PasswordGenerator
{
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "-_.~+=";
    private const string All = Lower + Upper + Digits + Symbols;

    /// <summary>The default length, 32 characters (about 190 bits of entropy).</summary>
    public const int DefaultLength = 32;

    /// <summary>
    /// Generates a password with at least one lower-case letter, upper-case letter, digit and symbol. Look-alike
    /// characters (<c>0 O 1 l I</c>) are left out, and so are characters that need quoting in URLs, shells or
    /// connection strings.
    /// </summary>
    /// <param name="length">The length, from 16 to 256.</param>
    /// <returns>The password, wrapped so that it is never logged by accident.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below 16 or above 256.</exception>
    public static SecretString Generate(int length = DefaultLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 256);

        var chars = new char[length];
        chars[0] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[1] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        for (var i = 4; i < length; i++)
        {
            chars[i] = All[RandomNumberGenerator.GetInt32(All.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        var password = new SecretString(new string(chars));
        Array.Clear(chars);
        return password;
    }
}
