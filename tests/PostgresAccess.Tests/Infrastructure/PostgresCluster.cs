using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;

namespace PostgresAccess.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: <c>initdb</c> into a temp folder, <c>pg_ctl start</c> on a free
/// loopback port with SCRAM authentication, stopped and deleted at the end. As root (CI), the server programs run
/// as the <c>postgres</c> system user, since they refuse to run as root.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string AdminUser = "postgres";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "apono-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private string binaries = "";
    private bool started;

    public string Host { get; } = "127.0.0.1";

    public int Port { get; private set; }

    public string AdminPassword { get; } = "Adm1n-" + Guid.NewGuid().ToString("N");

    private string DataDirectory => Path.Combine(directory, "data");

    /// <summary>Gets the PEM file of the test CA that signed the server's certificate (subject alternative name IP 127.0.0.1).</summary>
    public string CaCertificatePath => Path.Combine(directory, "ca.crt");

    private static bool IsRoot => Environment.UserName == "root";

    public async Task InitializeAsync()
    {
        binaries = FindBinaries();
        Directory.CreateDirectory(directory);
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory], asPostgres: false);
        }

        var passwordFile = Path.Combine(directory, "pwfile");
        await File.WriteAllTextAsync(passwordFile, AdminPassword + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", passwordFile], asPostgres: false);
        }

        await RunAsync(Path.Combine(binaries, "initdb"),
            ["-D", DataDirectory, "-U", AdminUser, "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C", "--no-sync"],
            asPostgres: true);
        File.Delete(passwordFile);

        await WriteCertificatesAsync();

        // Another process may take the port between probing and binding; a few attempts make that harmless.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            var options = $"-c listen_addresses=127.0.0.1 -p {Port} -k {directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
                + $" -c ssl=on -c ssl_cert_file={Path.Combine(directory, "server.crt")} -c ssl_key_file={Path.Combine(directory, "server.key")}";
            try
            {
                await RunAsync(Path.Combine(binaries, "pg_ctl"),
                    ["-D", DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o", options, "start"],
                    asPostgres: true);
                started = true;
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }

        await SeedAsync();
    }

    /// <summary>
    /// TLS for the cluster: a throwaway CA and a server certificate for IP 127.0.0.1 signed by it, so the function's
    /// default <c>VerifyFull</c> can be tested both ways (refused without the CA, accepted with it as RootCertificate).
    /// Clients in the loopback test mode still connect without TLS (pg_hba's <c>host</c> lines allow both).
    /// </summary>
    private async Task WriteCertificatesAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=apono-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        // Fixed validity, wide enough for any machine clock; no clock is read.
        var notBefore = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var ca = caRequest.CreateSelfSigned(notBefore, notBefore.AddYears(100));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, notBefore, notBefore.AddYears(99), RandomNumberGenerator.GetBytes(16));

        await File.WriteAllTextAsync(CaCertificatePath, ca.ExportCertificatePem());
        var certificate = Path.Combine(directory, "server.crt");
        var key = Path.Combine(directory, "server.key");
        await File.WriteAllTextAsync(certificate, server.ExportCertificatePem());
        await File.WriteAllTextAsync(key, serverKey.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", certificate, key, CaCertificatePath], asPostgres: false);
        }
    }

    /// <summary>The data the tests grant on: databases orders (schemas public, sales) and crm.</summary>
    private async Task SeedAsync()
    {
        await ExecuteAsync("postgres", "CREATE DATABASE orders");
        await ExecuteAsync("postgres", "CREATE DATABASE crm");
        await ExecuteAsync("orders", """
            CREATE SCHEMA sales;
            CREATE TABLE sales.invoices (id serial PRIMARY KEY, amount int NOT NULL);
            INSERT INTO sales.invoices (amount) VALUES (10), (20);
            CREATE TABLE public.customers (id int PRIMARY KEY, name text NOT NULL);
            INSERT INTO public.customers VALUES (1, 'Ada');
            """);
        await ExecuteAsync("crm", "CREATE TABLE public.contacts (id int PRIMARY KEY); INSERT INTO public.contacts VALUES (1);");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (started)
        {
            await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asPostgres: true);
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public string ConnectionString(string database, string? user = null, string? password = null) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = database,
        Username = user ?? AdminUser,
        Password = password ?? AdminPassword,
        Pooling = false,
        Timeout = 10,
    }.ConnectionString;

    public async Task<NpgsqlConnection> OpenAdminAsync(string database = "postgres")
    {
        var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        return connection;
    }

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = await OpenAdminAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string database, string sql, params object[] parameters)
    {
        await using var connection = await OpenAdminAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("POSTGRES_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(static version => Path.Combine(version, "bin"))
                .Where(static bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(static bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/<version>/bin; run .ci/postgres.sh or set POSTGRES_BIN.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres && IsRoot ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (asPostgres && IsRoot)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
