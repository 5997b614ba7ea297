using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PostgresAccess.Tests.Infrastructure;

/// <summary>
/// A fake PostgreSQL server on a loopback port that answers the first connection's startup message with a weaker
/// authentication request (cleartext or md5) and records every byte the client sends afterwards, until the client
/// hangs up. What a malicious or misconfigured server would use to collect the admin password.
/// </summary>
public sealed class RoguePostgresServer : IDisposable
{
    /// <summary>PostgreSQL's AuthenticationCleartextPassword request.</summary>
    public const int Cleartext = 3;

    /// <summary>PostgreSQL's AuthenticationMD5Password request.</summary>
    public const int Md5 = 5;

    private const int SslRequestCode = 80877103;
    private const int GssEncRequestCode = 80877104;

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Task<byte[]> received;
    private bool startupReceived;

    public RoguePostgresServer(int authenticationRequest)
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // Off xUnit's synchronization context, so the server answers while the test awaits the function.
        received = Task.Run(() => ServeAsync(authenticationRequest));
    }

    public int Port { get; }

    /// <summary>Gets whether a client has connected at all.</summary>
    public bool Connected { get; private set; }

    /// <summary>Everything the client sent after the server's authentication request, once the client closed the connection.</summary>
    public Task<byte[]> ReceivedAfterAuthenticationRequestAsync() => received.WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Whether the client went past TLS negotiation and sent its startup message (user and database names), once it hung up.</summary>
    public async Task<bool> StartupReceivedAsync()
    {
        try
        {
            await received.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (EndOfStreamException)
        {
            // The client hung up during the negotiation, before any startup message.
        }

        return startupReceived;
    }

    private async Task<byte[]> ServeAsync(int authenticationRequest)
    {
        using var client = await listener.AcceptTcpClientAsync();
        Connected = true;
        var stream = client.GetStream();
        while (true)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(await ReadExactlyAsync(stream, 4));
            var body = await ReadExactlyAsync(stream, length - 4);
            if (BinaryPrimitives.ReadInt32BigEndian(body) is not (SslRequestCode or GssEncRequestCode))
            {
                startupReceived = true;
                break;
            }

            await stream.WriteAsync("N"u8.ToArray()); // no TLS or GSS encryption here
        }

        var request = new List<byte> { (byte)'R' };
        var payload = authenticationRequest == Md5 ? new byte[] { 0, 0, 0, 12, 0, 0, 0, 5, 1, 2, 3, 4 } : [0, 0, 0, 8, 0, 0, 0, 3];
        request.AddRange(payload);
        await stream.WriteAsync(request.ToArray());

        var captured = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                captured.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset is a hang-up too.
        }

        return captured.ToArray();
    }

    private static async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int count)
    {
        var bytes = new byte[count];
        await stream.ReadExactlyAsync(bytes);
        return bytes;
    }

    public void Dispose() => listener.Stop();
}
