using System.Diagnostics;

namespace QuickStart.Tests.CommandLine;

/// <summary>Runs the QuickStart executable as a process, the way an author runs it from a shell.</summary>
internal static class FunctionProcess
{
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunWithInputAsync(string? standardInput, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QuickStart.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Under Lambda the executable serves the Runtime API instead of the command line.
        start.Environment.Remove("AWS_LAMBDA_RUNTIME_API");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public static Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(params string[] args) => RunWithInputAsync(null, null, args);
}
