namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary>Reads an envelope from stdin or a file without holding more than Lambda would ever deliver.</summary>
internal static class BoundedInput
{
    /// <summary>
    /// Reads at most <paramref name="limit"/> + 1 bytes into one buffer that grows by doubling; past that the rest
    /// is only counted, so a huge input costs no more memory than the largest request Lambda delivers.
    /// </summary>
    /// <returns>The bytes kept, and the input's whole length.</returns>
    public static async Task<(ReadOnlyMemory<byte> Body, long Length)> ReadAsync(Stream input, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    long total = length;
                    var sink = new byte[64 * 1024];
                    int skipped;
                    while ((skipped = await input.ReadAsync(sink, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        total += skipped;
                    }

                    return (buffer.AsMemory(0, length), total);
                }

                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, limit + 1L));
            }

            var read = await input.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer.AsMemory(0, length), length);
            }

            length += read;
        }
    }
}
