using System.Diagnostics;
using System.Text;

namespace QuickStart.Tests;

/// <summary>Runs the built QuickStart executable as a child process, as a user or Lambda would start it.</summary>
internal static class QuickStartProcess
{
    /// <summary>
    /// Runs <c>QuickStart.dll</c> with <paramref name="args"/>, writes <paramref name="stdin"/> (when given) and closes
    /// standard input, and returns the exit code and both outputs. Outputs are read while input is written, so a large
    /// input cannot deadlock on a full output pipe. The process is killed if it runs longer than <paramref name="bound"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string[] args, string? stdin, TimeSpan bound, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QuickStart.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The child must run the CLI, never the Lambda loop, whatever the test runner's environment holds.
        start.Environment.Remove("AWS_LAMBDA_RUNTIME_API");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
