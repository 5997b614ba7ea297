namespace Apono.Integration.Sdk.Credentials;

/// <summary>A secret, such as a generated password, that must never reach a log, an error message or a debugger view.</summary>
/// <remarks>
/// <see cref="ToString"/> returns <c>[redacted]</c>; only <see cref="Reveal"/> gives the value, and the SDK calls it
/// once, when it writes the <c>secret</c> of a credentials reply.
/// </remarks>
[System.Diagnostics.DebuggerDisplay("[redacted]")]
[System.Text.Json.Serialization.JsonConverter(typeof(SecretStringJsonConverter))]
public sealed class SecretString
{
    private readonly string value;

    /// <summary>Wraps a secret.</summary>
    /// <param name="value">The secret; not empty.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public SecretString(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException("A secret must not be empty.", nameof(value));
        }

        this.value = value;
    }

    /// <summary>Gets the length of the secret.</summary>
    public int Length => value.Length;

    /// <summary>Returns the secret itself. Call it only to hand the secret to the system that needs it.</summary>
    /// <returns>The secret.</returns>
    public string Reveal() => value;

    /// <summary>Returns <c>[redacted]</c>.</summary>
    /// <returns><c>[redacted]</c>.</returns>
    public override string ToString() => "[redacted]";
}
