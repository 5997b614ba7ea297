namespace Apono.Integration.Sdk.Contracts;

/// <summary>
/// Decides whether a custom parameter key looks secret. The key is split into words at every character that is not a
/// letter or digit (<c>db.password</c>, <c>api_token</c>, <c>X-Api-Key</c>) and at camel-case humps
/// (<c>apiKey</c>, <c>APIKey</c>); a word is secret when it is one of <see cref="Words"/> (a trailing <c>s</c> allowed),
/// or contains one of <see cref="Stems"/> (<c>dbpassword</c>, <c>accesstoken</c>). Short words match only whole words,
/// so <c>monkey</c> is not <c>key</c> and <c>author</c> is not <c>auth</c>.
/// </summary>
internal static class SecretKeys
{
    /// <summary>Words that make a key secret when a whole word of it is one of them.</summary>
    public static readonly string[] Words =
    [
        "password", "passwd", "pwd", "passphrase", "secret", "token", "key", "apikey", "credential", "creds", "auth",
        "authorization", "private", "privatekey", "cert", "certificate", "dsn", "connectionstring", "connstr",
    ];

    /// <summary>Stems specific enough to match inside a longer word.</summary>
    public static readonly string[] Stems = ["password", "passwd", "secret", "token", "apikey", "credential", "privatekey", "connectionstring"];

    public static bool LooksSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string? previous = null;
        foreach (var word in SplitWords(key))
        {
            if (IsSecretWord(word) || (previous == "connection" && word is "string" or "str") || (previous == "private" && word == "key"))
            {
                return true;
            }

            previous = word;
        }

        return false;
    }

    private static bool IsSecretWord(string word)
    {
        var singular = word.Length > 3 && word.EndsWith('s') ? word[..^1] : word;
        foreach (var candidate in Words)
        {
            if (word == candidate || singular == candidate)
            {
                return true;
            }
        }

        foreach (var stem in Stems)
        {
            if (word.Contains(stem, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lower-case words of a key: <c>X-ApiKey_ID</c> → <c>x</c>, <c>api</c>, <c>key</c>, <c>id</c>.</summary>
    internal static IEnumerable<string> SplitWords(string key)
    {
        var start = -1;
        for (var i = 0; i <= key.Length; i++)
        {
            var boundary = i == key.Length || !char.IsLetterOrDigit(key[i]);
            var hump = !boundary && start >= 0 && char.IsUpper(key[i])
                && (char.IsLower(key[i - 1]) || char.IsDigit(key[i - 1]) || (i + 1 < key.Length && char.IsLower(key[i + 1]) && char.IsUpper(key[i - 1])));
            if ((boundary || hump) && start >= 0)
            {
                yield return key[start..i].ToLowerInvariant();
                start = -1;
            }

            if (!boundary && start < 0)
            {
                start = i;
            }
        }
    }
}
