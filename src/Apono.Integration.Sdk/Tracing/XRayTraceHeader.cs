using System.Diagnostics;

namespace Apono.Integration.Sdk.Tracing;

/// <summary>
/// Reads the X-Ray trace header Lambda sends as <c>Lambda-Runtime-Trace-Id</c>
/// (<c>Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1</c>) as a W3C parent context: the
/// trace id is the root's 8 epoch digits followed by its 24 random digits, the span id is <c>Parent</c>, and
/// <c>Sampled=1</c> sets the recorded flag.
/// </summary>
/// <remarks>
/// Keys may come in any order and unknown ones (<c>Lineage</c>, <c>Self</c>) are ignored. A header that is absent or
/// not of this form (no root or parent, wrong lengths, non-hex or upper-case digits, an all-zero id, a repeated key) gives
/// no parent: the invocation's span is then a root span. Nothing here throws or allocates for a malformed header.
/// </remarks>
internal static class XRayTraceHeader
{
    public static bool TryParse(string? header, out ActivityContext parent)
    {
        parent = default;
        if (string.IsNullOrEmpty(header) || header.Length > 512)
        {
            return false;
        }

        ReadOnlySpan<char> root = default;
        ReadOnlySpan<char> parentId = default;
        var sampled = false;
        bool seenRoot = false, seenParent = false, seenSampled = false;
        var rest = header.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(';');
            var part = (end < 0 ? rest : rest[..end]).Trim();
            rest = end < 0 ? default : rest[(end + 1)..];
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                if (part.IsEmpty)
                {
                    continue;
                }

                return false;
            }

            var key = part[..equals];
            var value = part[(equals + 1)..];
            if (key.SequenceEqual("Root"))
            {
                if (seenRoot)
                {
                    return false;
                }

                seenRoot = true;
                root = value;
            }
            else if (key.SequenceEqual("Parent"))
            {
                if (seenParent)
                {
                    return false;
                }

                seenParent = true;
                parentId = value;
            }
            else if (key.SequenceEqual("Sampled"))
            {
                if (seenSampled)
                {
                    return false;
                }

                seenSampled = true;
                sampled = value.SequenceEqual("1");
            }
        }

        // Root=1-{8 hex}-{24 hex}
        if (root.Length != 35 || root[0] != '1' || root[1] != '-' || root[10] != '-' || parentId.Length != 16)
        {
            return false;
        }

        Span<char> traceHex = stackalloc char[32];
        root.Slice(2, 8).CopyTo(traceHex);
        root.Slice(11, 24).CopyTo(traceHex[8..]);
        if (!IsLowerHexNotZero(traceHex) || !IsLowerHexNotZero(parentId))
        {
            return false;
        }

        parent = new ActivityContext(
            ActivityTraceId.CreateFromString(traceHex),
            ActivitySpanId.CreateFromString(parentId),
            sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None,
            traceState: null,
            isRemote: true);
        return true;
    }

    private static bool IsLowerHexNotZero(ReadOnlySpan<char> text)
    {
        var nonZero = false;
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }

            nonZero |= c != '0';
        }

        return nonZero;
    }
}
