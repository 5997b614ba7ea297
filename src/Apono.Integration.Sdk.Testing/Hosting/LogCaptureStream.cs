using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Apono.Integration.Sdk.Testing;

/// <summary>The log output of a test host: splits what the JSON-lines logger writes into parsed entries.</summary>
internal sealed class LogCaptureStream : Stream
{
    private readonly Lock gate = new();
    private readonly List<AponoLogEntry> entries = [];
    private readonly MemoryStream pending = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public IReadOnlyList<AponoLogEntry> Snapshot()
    {
        lock (gate)
        {
            return entries.ToArray();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (gate)
        {
            foreach (var b in buffer)
            {
                if (b == (byte)'\n')
                {
                    entries.Add(Parse(Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length)));
                    pending.SetLength(0);
                }
                else
                {
                    pending.WriteByte(b);
                }
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            pending.Dispose();
        }

        base.Dispose(disposing);
    }

    private static AponoLogEntry Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return new AponoLogEntry(Text(root, "level") ?? string.Empty, Text(root, "logger") ?? string.Empty, Text(root, "message") ?? string.Empty, line)
        {
            Timestamp = Text(root, "timestamp") is { } timestamp
                ? DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : default,
            RequestId = Text(root, "requestId"),
            EventType = Text(root, "eventType"),
            GrantId = Text(root, "grantId"),
            ExceptionType = root.TryGetProperty("exception"u8, out var exception) && exception.ValueKind == JsonValueKind.Object ? Text(exception, "type") : null,
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
