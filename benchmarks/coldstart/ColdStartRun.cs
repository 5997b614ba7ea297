using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ColdStart;

/// <summary>What one start measured.</summary>
internal sealed record RunSample(TimeSpan FirstReply, long PeakRssBytes, string? Reply, string? Error);

/// <summary>
/// One cold start: a fresh loopback Runtime API that hands out one event, the function process started against
/// it, and the time from <see cref="Process.Start()"/> to the POST of the reply.
/// </summary>
internal static class ColdStartRun
{
    private const string RequestId = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";

    public static async Task<RunSample> RunAsync(string executable, byte[] eventBody, TimeSpan timeout)
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();

        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{port}";
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "quickstart-coldstart";
        start.Environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        start.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512";
        start.Environment["AWS_REGION"] = "eu-west-1";
        start.Environment["_HANDLER"] = "QuickStart";
        start.Environment["DOTNET_TieredPGO"] = null;

        var stopwatch = new Stopwatch();
        using var cancel = new CancellationTokenSource(timeout);
        stopwatch.Start();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + executable);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var served = false;
            while (true)
            {
                var contextTask = listener.GetContextAsync();
                var exited = process.WaitForExitAsync(cancel.Token);
                var first = await Task.WhenAny(contextTask, exited);
                if (first != contextTask)
                {
                    return Failed(process, output, cancel.IsCancellationRequested ? "timed out before replying" : $"exited with {process.ExitCode} before replying");
                }

                var context = await contextTask;
                var path = context.Request.Url!.AbsolutePath;
                if (context.Request.HttpMethod == "GET" && path == "/2018-06-01/runtime/invocation/next")
                {
                    if (served)
                    {
                        // Lambda would freeze the environment here; hold the long poll open until the process is killed.
                        continue;
                    }

                    served = true;
                    var response = context.Response;
                    response.StatusCode = 200;
                    response.ContentType = "application/json";
                    response.Headers["Lambda-Runtime-Aws-Request-Id"] = RequestId;
                    response.Headers["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                    response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:eu-west-1:123456789012:function:quickstart-coldstart";
                    response.Headers["Lambda-Runtime-Trace-Id"] = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
                    response.ContentLength64 = eventBody.Length;
                    await response.OutputStream.WriteAsync(eventBody);
                    response.Close();
                    continue;
                }

                if (context.Request.HttpMethod == "POST" && path == $"/2018-06-01/runtime/invocation/{RequestId}/response")
                {
                    var elapsed = stopwatch.Elapsed;
                    using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                    var reply = await reader.ReadToEndAsync();
                    var rss = PeakRss(process.Id);
                    context.Response.StatusCode = 202;
                    context.Response.Close();
                    return new RunSample(elapsed, rss, reply, null);
                }

                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                {
                    var text = await reader.ReadToEndAsync();
                    context.Response.StatusCode = 202;
                    context.Response.Close();
                    return Failed(process, output, $"{context.Request.HttpMethod} {path}: {text}");
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
            listener.Stop();
        }
    }

    private static RunSample Failed(Process process, StringBuilder output, string error)
    {
        lock (output)
        {
            return new RunSample(TimeSpan.Zero, 0, null, $"{error}\n{output}");
        }
    }

    /// <summary>The process's peak resident set (VmHWM), read while it still runs.</summary>
    private static long PeakRss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
