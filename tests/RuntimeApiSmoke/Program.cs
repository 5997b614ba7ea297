using System.Diagnostics;
using System.Text.Json;
using Apono.Integration.Sdk.Tests.Hosting;

// Usage: RuntimeApiSmoke <function-binary> (<event.json> <expected reply JSON>)...
// Starts the in-test Runtime API on 127.0.0.1, runs the binary with AWS_LAMBDA_RUNTIME_API pointing at it, serves each
// event, compares each answer with the expected reply, then stops the binary with SIGTERM and expects exit code 0.
// An expected reply written "error:{...}" must arrive on /error with exactly that body ({"errorType","errorMessage"}).
if (args.Length < 3 || args.Length % 2 == 0)
{
    Console.Error.WriteLine("Usage: RuntimeApiSmoke <function-binary> (<event.json> <expected reply JSON>)...");
    return 2;
}

await using var server = await FakeRuntimeApi.StartAsync();
var expected = new Dictionary<string, string>();
for (var i = 1; i < args.Length; i += 2)
{
    expected[server.Enqueue(await File.ReadAllTextAsync(args[i]))] = args[i + 1];
}

var start = new ProcessStartInfo(args[0])
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    UseShellExecute = false,
};
start.Environment["AWS_LAMBDA_RUNTIME_API"] = server.Endpoint;
start.Environment["AWS_LAMBDA_MAX_CONCURRENCY"] = null;
var watch = Stopwatch.StartNew();
using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {args[0]}.");
var stdout = process.StandardOutput.ReadToEndAsync();
var stderr = process.StandardError.ReadToEndAsync();
var failures = new List<string>();
try
{
    var answers = await server.WaitForAnswersAsync(expected.Count, TimeSpan.FromSeconds(30));
    Console.WriteLine($"{answers.Count} answer(s) in {watch.ElapsedMilliseconds} ms from process start");
    foreach (var answer in answers)
    {
        var want = expected[answer.RequestId];
        var (kind, body) = want.StartsWith("error:", StringComparison.Ordinal) ? ("error", want["error:".Length..]) : ("response", want);
        var ok = answer.Kind == kind && JsonEquals(answer.Body, body);
        Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {answer.Kind} {answer.Body}");
        if (!ok)
        {
            failures.Add($"request {answer.RequestId}: expected {kind} {body}, got {answer.Kind} {answer.Body}");
        }
    }
}
catch (TimeoutException ex)
{
    failures.Add(ex.Message);
}

// Lambda sends SIGTERM before it ends an environment; the host must stop cleanly.
Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
if (!process.WaitForExit(10_000))
{
    process.Kill();
    failures.Add("the binary did not exit within 10 s of SIGTERM");
}
else if (process.ExitCode != 0)
{
    failures.Add($"the binary exited with {process.ExitCode} after SIGTERM, expected 0");
}

var logLines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
foreach (var line in logLines)
{
    try
    {
        using var _ = JsonDocument.Parse(line);
    }
    catch (JsonException)
    {
        failures.Add($"stdout line is not JSON: {line}");
    }
}

Console.WriteLine($"{logLines.Length} JSON log line(s) on stdout; stderr: {(await stderr).Trim()}");
foreach (var failure in failures)
{
    Console.Error.WriteLine("FAIL: " + failure);
}

return failures.Count == 0 ? 0 : 1;

static bool JsonEquals(string actual, string expected)
{
    using var a = JsonDocument.Parse(actual);
    using var e = JsonDocument.Parse(expected);
    return JsonElement.DeepEquals(a.RootElement, e.RootElement);
}
