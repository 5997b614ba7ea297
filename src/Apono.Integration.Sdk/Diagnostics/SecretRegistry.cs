namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// The function's own secrets for the life of the process (an admin password or API token read from AWS at run
/// time): every log line and error message of every invocation masks them, in addition to the invocation's own
/// secrets. One instance per function runtime, registered as a singleton in its DI container.
/// </summary>
internal sealed class SecretRegistry
{
    private readonly Lock gate = new();
    private string[] secrets = [];

    /// <summary>Gets the registered secrets; the array is never changed after it is handed out.</summary>
    public IReadOnlyList<string> Secrets => Volatile.Read(ref secrets);

    /// <summary>Registers a secret; empty values and values already registered are ignored.</summary>
    public void Add(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length == 0)
        {
            return;
        }

        lock (gate)
        {
            if (Array.IndexOf(secrets, secret) < 0)
            {
                secrets = [.. secrets, secret];
            }
        }
    }
}
