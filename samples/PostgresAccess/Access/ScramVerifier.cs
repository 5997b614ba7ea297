using System.Security.Cryptography;
using System.Text;
using Apono.Integration.Sdk.Credentials;

namespace PostgresAccess.Access;

/// <summary>
/// Hashes a password into PostgreSQL's SCRAM-SHA-256 verifier (RFC 5802/7677, the format of
/// <c>pg_authid.rolpassword</c>) on the client.
/// </summary>
/// <remarks>
/// <c>ALTER ROLE ... PASSWORD</c> cannot take a bind parameter. Sending the verifier instead of the password
/// means the plain password never reaches the server, so it cannot land in the server log
/// (<c>log_statement</c>), <c>pg_stat_statements</c> or <c>pg_stat_activity</c>; the verifier is then quoted by
/// the server's <c>format('%L')</c>. PostgreSQL stores a value that already is a verifier as it is.
/// The passwords come from <see cref="PasswordGenerator"/> (ASCII only), for which SASLprep is the identity.
/// </remarks>
internal static class ScramVerifier
{
    public const int Iterations = 4096;

    public static string Create(SecretString password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var passwordBytes = Encoding.UTF8.GetBytes(password.Reveal());
        try
        {
            var salted = Rfc2898DeriveBytes.Pbkdf2(passwordBytes, salt, Iterations, HashAlgorithmName.SHA256, 32);
            var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
            var storedKey = SHA256.HashData(clientKey);
            var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
            CryptographicOperations.ZeroMemory(salted);
            return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }
}
