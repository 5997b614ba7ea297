using System.Security.Cryptography;
using System.Text;

namespace PostgresAccess.Access;

/// <summary>The names of the roles this sample creates. Every name is plain ASCII <c>[a-z0-9_]</c>, at most 63 bytes.</summary>
/// <remarks>
/// Public because the names are part of what the sample promises its users (they log in as
/// <see cref="ForUser"/>'s name) and what its tests check in the catalog; nothing here reads a request or the server.
/// </remarks>
public static class RoleNames
{
    /// <summary>The prefix of every role this sample creates; it never creates or adopts a role without it.</summary>
    public const string Prefix = "apono_";

    private const int MaxLocalPart = 24;

    /// <summary>
    /// The e-mail as the role name sees it: trimmed, Unicode NFKC, then <see cref="string.ToLowerInvariant"/>
    /// (so <c>Jane@Example.com</c>, <c>jane@example.com</c> and compatibility twins such as the Kelvin sign
    /// <c>U+212A</c> for <c>K</c> all normalize to the same text).
    /// </summary>
    public static string Normalize(string email) => email.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    /// <summary>
    /// The e-mail as it is recorded against its login role (<c>apono_access.login_roles</c>): trimmed, ASCII letters
    /// lower-cased, nothing else changed. Two e-mails whose <see cref="Normalize">normalized</see> forms match but whose
    /// identities differ (a Kelvin-sign twin) map to the same role name, and the second is refused.
    /// </summary>
    public static string Identity(string email)
    {
        var trimmed = email.Trim();
        return string.Create(trimmed.Length, trimmed, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
    }

    /// <summary>
    /// The login role of a grantee: <c>apono_</c> + the normalized e-mail's local part with every character other
    /// than <c>a-z 0-9</c> turned into <c>_</c> (runs collapsed, at most 24 characters, <c>user</c> when nothing is
    /// left) + <c>_</c> + 32 hex digits (128 bits) of SHA-256 of the whole <see cref="Normalize">normalized</see> e-mail.
    /// At most 63 bytes.
    /// </summary>
    /// <example><c>Jane.Doe@Example.com</c> → <c>apono_jane_doe_</c> + 32 hex digits.</example>
    public static string ForUser(string email)
    {
        var normalized = Normalize(email);
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
        return Prefix + (sanitized.Length == 0 ? "user" : sanitized) + "_" + Hash(normalized);
    }

    /// <summary>
    /// The group role holding one grant's privileges: <c>apono_grant_</c> + 32 hex digits (128 bits) of SHA-256 of
    /// the grant id. The login role is made a member; revoking drops the group, which takes exactly this grant's
    /// privileges away and leaves other grants of the same user untouched.
    /// </summary>
    public static string ForGrant(string grantId) => Prefix + "grant_" + Hash(grantId);

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
}
