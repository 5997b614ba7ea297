using System.Collections;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// The state a logging provider other than the SDK's own receives while secrets are known: the formatted message
/// and every structured value (the template included) as masked text.
/// </summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] values;

    public RedactedLogState(string message, KeyValuePair<string, object?>[] values)
    {
        Message = message;
        this.values = values;
    }

    public string Message { get; }

    public int Count => values.Length;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public static Func<RedactedLogState, Exception?, string> Formatter { get; } = static (state, _) => state.Message;

    /// <summary>Masks every value of a structured state (or a scope) as text; other objects become their masked text.</summary>
    public static object Redact(object? state, LineRedaction redaction, string message)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            var list = new List<KeyValuePair<string, object?>>();
            foreach (var (key, value) in pairs)
            {
                list.Add(new(redaction.Redact(key), value is null ? null : redaction.Redact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)));
            }

            return new RedactedLogState(message, [.. list]);
        }

        return message;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;
}
