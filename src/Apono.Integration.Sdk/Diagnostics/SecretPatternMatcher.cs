namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// An Aho–Corasick automaton over UTF-16 code units: finds every occurrence of every secret in one pass over a text,
/// in time linear in the text plus the matches, after a build linear in the total length of the secrets.
/// </summary>
/// <remarks>
/// Hand-written because Microsoft.Extensions.Compliance.Redaction masks a value it is handed (a classified property,
/// a log parameter) but has no search for known values inside free text, and neither does the BCL:
/// <c>SearchValues&lt;string&gt;</c> finds only the first match of any value and <c>Regex</c> alternations of
/// thousands of literals cost far more to build. The redactor that writes the mask is still the library's
/// (<see cref="SecretMaskRedactor"/>).
/// Nodes are stored as arrays (children sorted by label, found by binary search) to keep a build of 40,000 secrets
/// within a few megabytes.
/// </remarks>
internal sealed class SecretPatternMatcher
{
    private readonly int[] childStart;
    private readonly char[] labels;
    private readonly int[] targets;
    private readonly int[] fail;
    private readonly int[] longest;

    private SecretPatternMatcher(int[] childStart, char[] labels, int[] targets, int[] fail, int[] longest, int minimumLength)
    {
        this.childStart = childStart;
        this.labels = labels;
        this.targets = targets;
        this.fail = fail;
        this.longest = longest;
        MinimumLength = minimumLength;
    }

    /// <summary>Gets the length of the shortest secret, in UTF-16 code units.</summary>
    public int MinimumLength { get; }

    /// <summary>Builds the automaton; returns <see langword="null"/> for no patterns. Patterns must be non-empty.</summary>
    public static SecretPatternMatcher? Build(IReadOnlyCollection<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return null;
        }

        var total = 1;
        foreach (var pattern in patterns)
        {
            total += pattern.Length;
        }

        // Trie: edges keyed by (parent, label) while inserting.
        var edges = new Dictionary<long, int>(total);
        var terminal = new int[total];
        var nodes = 1;
        var minimum = int.MaxValue;
        foreach (var pattern in patterns)
        {
            var node = 0;
            foreach (var c in pattern)
            {
                var key = ((long)node << 16) | c;
                if (!edges.TryGetValue(key, out var next))
                {
                    next = nodes++;
                    edges.Add(key, next);
                }

                node = next;
            }

            terminal[node] = Math.Max(terminal[node], pattern.Length);
            minimum = Math.Min(minimum, pattern.Length);
        }

        // Children of each node contiguous and sorted by label.
        var childStart = new int[nodes + 1];
        foreach (var key in edges.Keys)
        {
            childStart[(int)(key >> 16) + 1]++;
        }

        for (var i = 0; i < nodes; i++)
        {
            childStart[i + 1] += childStart[i];
        }

        var labels = new char[edges.Count];
        var targets = new int[edges.Count];
        var fill = new int[nodes];
        Array.Copy(childStart, fill, nodes);
        foreach (var (key, child) in edges)
        {
            var slot = fill[(int)(key >> 16)]++;
            labels[slot] = (char)(key & 0xFFFF);
            targets[slot] = child;
        }

        edges = null;
        for (var i = 0; i < nodes; i++)
        {
            var count = childStart[i + 1] - childStart[i];
            if (count > 1)
            {
                Array.Sort(labels, targets, childStart[i], count);
            }
        }

        // Failure links in breadth-first order; longest[n] = the longest pattern that is a suffix of n's string.
        var fail = new int[nodes];
        var longest = new int[nodes];
        var queue = new int[nodes];
        int head = 0, tail = 0;
        var matcher = new SecretPatternMatcher(childStart, labels, targets, fail, longest, minimum);
        for (var e = childStart[0]; e < childStart[1]; e++)
        {
            var child = targets[e];
            longest[child] = terminal[child];
            queue[tail++] = child;
        }

        while (head < tail)
        {
            var node = queue[head++];
            for (var e = childStart[node]; e < childStart[node + 1]; e++)
            {
                var child = targets[e];
                var state = fail[node];
                int next;
                while ((next = matcher.Child(state, labels[e])) < 0 && state != 0)
                {
                    state = fail[state];
                }

                fail[child] = next < 0 ? 0 : next;
                longest[child] = Math.Max(terminal[child], longest[fail[child]]);
                queue[tail++] = child;
            }
        }

        return matcher;
    }

    /// <summary>
    /// Marks every occurrence in <paramref name="text"/>: for each position where a secret ends, the longest such
    /// secret is reported (shorter ones ending there lie inside it).
    /// </summary>
    public void FindAll<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, IMatchSink
    {
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int next;
            while ((next = Child(state, c)) < 0 && state != 0)
            {
                state = fail[state];
            }

            state = next < 0 ? 0 : next;
            var length = longest[state];
            if (length > 0)
            {
                sink.Match(i + 1 - length, i + 1);
            }
        }
    }

    /// <summary>Tells whether the text contains any secret.</summary>
    public bool ContainsAny(ReadOnlySpan<char> text)
    {
        var sink = default(AnyMatch);
        FindAll(text, ref sink);
        return sink.Found;
    }

    private int Child(int node, char c)
    {
        var lo = childStart[node];
        var hi = childStart[node + 1] - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var label = labels[mid];
            if (label == c)
            {
                return targets[mid];
            }

            if (label < c)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    /// <summary>Receives matches as half-open ranges of the scanned text.</summary>
    internal interface IMatchSink
    {
        void Match(int start, int end);
    }

    private struct AnyMatch : IMatchSink
    {
        public bool Found { get; private set; }

        public void Match(int start, int end) => Found = true;
    }
}
