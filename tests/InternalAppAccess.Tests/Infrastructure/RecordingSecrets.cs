using System.Collections.Concurrent;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Secrets;

namespace InternalAppAccess.Tests.Infrastructure;

/// <summary>The function's secrets reader in tests: known secret ids and their values, and every id asked for.</summary>
public sealed class RecordingSecrets : IAponoSecrets
{
    public ConcurrentDictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Requested { get; } = new();

    public Task<SecretString> GetAsync(string name, CancellationToken cancellationToken)
    {
        Requested.Enqueue(name);
        return Values.TryGetValue(name, out var value)
            ? Task.FromResult(new SecretString(value))
            : throw new InvalidRequestException("No such secret.");
    }
}
