using System.Collections;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// The logging scope of one invocation: the fields every log line carries, and the secrets to keep out of it.
/// Other logging providers see it as key/value pairs (<c>RequestId</c>, <c>EventType</c>, <c>GrantId</c>).
/// </summary>
internal sealed class InvocationLogScope(string requestId, InvocationSecrets? secrets = null) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string RequestId { get; } = requestId;

    public string? EventType { get; set; }

    public string? GrantId { get; set; }

    /// <summary>Gets the invocation's secrets (registered with the runtime's <see cref="SecretRedactor"/> by the pipeline).</summary>
    public InvocationSecrets Secrets { get; } = secrets ?? new();

    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", RequestId),
        1 => new("EventType", EventType),
        2 => new("GrantId", GrantId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RequestId:{RequestId} EventType:{EventType} GrantId:{GrantId}";
}
