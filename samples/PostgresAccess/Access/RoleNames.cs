using System.Security.Cryptography;
using System.Text;

namespace PostgresAccess.Access;

/// <summary>The names of the roles this sample creates. Every name is plain ASCII <c>[a-z0-9_]</c>, at most 63 bytes.</summary>
internal static class RoleNames
{
    public const string Prefix = "apono_";

    private const int MaxLocalPart = 40;

    /// <summary>
    /// The login role of a grantee: <c>apono_</c> + the e-mail's local part, lower-cased, every character other
    /// than <c>a-z 0-9</c> turned into <c>_</c> (runs collapsed, at most 40 characters) + <c>_</c> + the first 8 hex
    /// digits of SHA-256 of the whole e-mail trimmed and lower-cased.
    /// </summary>
    /// <example><c>Jane.Doe@Example.com</c> → <c>apono_jane_doe_</c> + 8 hex digits.</example>
    public static string ForUser(string email)
    {
        var normalized = email.Trim().ToLowerInvariant();
        var at = normalized.LastIndexOf('@');
        var local = at >= 0 ? normalized[..at] : normalized;
        var builder = new StringBuilder(MaxLocalPart);
        foreach (var c in local)
        {
            if (builder.Length == MaxLocalPart)
            {
                break;
            }

            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        var sanitized = builder.ToString().Trim('_');
        return Prefix + (sanitized.Length == 0 ? "user" : sanitized) + "_" + Hash(normalized, 8);
    }

    /// <summary>
    /// The group role holding one grant's privileges: <c>apono_grant_</c> + the first 24 hex digits of SHA-256 of
    /// the grant id. The login role is made a member; revoking drops the group, which takes exactly this grant's
    /// privileges away and leaves other grants of the same user untouched.
    /// </summary>
    public static string ForGrant(string grantId) => Prefix + "grant_" + Hash(grantId, 24);

    private static string Hash(string text, int hexDigits) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..hexDigits];
}
