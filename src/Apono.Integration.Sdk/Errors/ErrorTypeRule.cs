using System.Buffers;
using System.Globalization;

namespace Apono.Integration.Sdk.Errors;

/// <summary>
/// What an <c>errorType</c> may be: 1 to <see cref="MaxLength"/> RFC 7230 token characters, so that it is a valid
/// value of the <c>Lambda-Runtime-Function-Error-Type</c> header and cannot end the header or add another one.
/// </summary>
internal static class ErrorTypeRule
{
    /// <summary>The longest error type sent; the SDK's own are at most 16 characters.</summary>
    public const int MaxLength = 64;

    // RFC 7230 section 3.2.6: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Returns whether <paramref name="errorType"/> may be sent as it is.</summary>
    public static bool IsValid(string? errorType) =>
        errorType is { Length: > 0 and <= MaxLength } && !errorType.AsSpan().ContainsAnyExcept(TokenCharacters);

    /// <summary>Says why <paramref name="errorType"/> is not valid, without quoting it; <see langword="null"/> when it is.</summary>
    public static string? Problem(string? errorType)
    {
        if (string.IsNullOrEmpty(errorType))
        {
            return "it is empty";
        }

        if (errorType.Length > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it is {errorType.Length} characters long, more than {MaxLength}");
        }

        var index = errorType.AsSpan().IndexOfAnyExcept(TokenCharacters);
        return index < 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"character {index + 1} (U+{(int)errorType[index]:X4}) is not an RFC 7230 token character");
    }
}
