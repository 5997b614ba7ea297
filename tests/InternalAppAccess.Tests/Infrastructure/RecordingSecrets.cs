using System.Collections.Concurrent;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Secrets;

namespace InternalAppAccess.Tests.Infrastructure;

/// <summary>The function's secrets reader in tests: logical secret names and their values, and every name asked for.</summary>
public sealed class RecordingSecrets : IAponoSecrets
{
    public ConcurrentDictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Requested { get; } = new();

    public ValueTask<SecretString> GetAsync(string name, CancellationToken cancellationToken)
    {
        Requested.Enqueue(name);
        return Values.TryGetValue(name, out var value)
            ? ValueTask.FromResult(new SecretString(value))
            : throw new InvalidRequestException("No such secret.");
    }
}
