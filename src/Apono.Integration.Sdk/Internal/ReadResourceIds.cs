using System.Collections;

namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// The resource ids of a request read from a body in which every id is a string without escapes and the array has no
/// whitespace: the ids, and the array's items as the body spells them (<c>"a","b"</c>), which a line that lists the ids
/// copies in one step when they need no escaping there (the audit record).
/// </summary>
/// <remarks>Read-only: the ids and their text cannot drift apart.</remarks>
internal sealed class ReadResourceIds(string[] ids, ReadOnlyMemory<byte> items) : IReadOnlyList<string>
{
    /// <summary>Gets the array's items as the body spells them, without the brackets.</summary>
    public ReadOnlyMemory<byte> Items { get; } = items;

    public int Count => ids.Length;

    public string this[int index] => ids[index];

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)ids).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ids.GetEnumerator();
}
