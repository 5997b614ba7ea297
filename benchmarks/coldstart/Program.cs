using System.Diagnostics;
using System.Globalization;
using ColdStart;

// Usage: ColdStart --runs N --event FILE LABEL=EXECUTABLE [LABEL=EXECUTABLE ...]
// Starts each executable N times against a loopback Lambda Runtime API and prints process start → first reply.
var runs = 10;
string? eventFile = null;
var targets = new List<(string Label, string Path)>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs":
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--event":
            eventFile = args[++i];
            break;
        default:
            var split = args[i].IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                Console.Error.WriteLine($"Expected LABEL=EXECUTABLE, got '{args[i]}'.");
                return 2;
            }

            targets.Add((args[i][..split], args[i][(split + 1)..]));
            break;
    }
}

if (eventFile is null || targets.Count == 0)
{
    Console.Error.WriteLine("Usage: ColdStart --runs N --event FILE LABEL=EXECUTABLE [LABEL=EXECUTABLE ...]");
    return 2;
}

var body = await File.ReadAllBytesAsync(eventFile);
var results = new List<TargetResult>();
foreach (var (label, path) in targets)
{
    var samples = new List<RunSample>();
    for (var run = 0; run < runs + 1; run++)
    {
        var sample = await ColdStartRun.RunAsync(path, body, TimeSpan.FromSeconds(30));
        if (sample.Error is not null)
        {
            Console.Error.WriteLine($"{label}: run {run} failed: {sample.Error}");
            return 1;
        }

        // The first start warms the OS page cache for the binary; Lambda's own cold start is not page-cache cold either.
        if (run > 0)
        {
            samples.Add(sample);
        }
    }

    results.Add(new TargetResult(label, path, samples));
    Console.Error.WriteLine($"{label}: done ({runs} runs), reply {samples[0].Reply}");
}

Console.WriteLine("| Build | Runs | Start → first reply min | median | max | Peak RSS (median) | Size on disk |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var result in results)
{
    var times = result.Samples.Select(static s => s.FirstReply.TotalMilliseconds).Order().ToArray();
    var rss = result.Samples.Select(static s => (double)s.PeakRssBytes).Order().ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {result.Label} | {times.Length} | {times[0]:0.0} ms | {Median(times):0.0} ms | {times[^1]:0.0} ms | {Median(rss) / 1048576.0:0.0} MiB | {Size(result.Path) / 1048576.0:0.0} MiB |"));
}

var jit = results.FirstOrDefault(static r => r.Label == "jit");
if (jit is not null)
{
    var jitMedian = Median(jit.Samples.Select(static s => s.FirstReply.TotalMilliseconds).Order().ToArray());
    foreach (var result in results)
    {
        var median = Median(result.Samples.Select(static s => s.FirstReply.TotalMilliseconds).Order().ToArray());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Label}: median {median:0.0} ms = {median / jitMedian:0.00}× jit"));
    }
}

return 0;

static double Median(double[] sorted) =>
    sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

// A framework-dependent app is its folder (the shared runtime comes on top); a Native AOT app is its one executable.
static long Size(string executable)
{
    var directory = Path.GetDirectoryName(Path.GetFullPath(executable))!;
    var isNative = !File.Exists(Path.ChangeExtension(executable, ".dll"));
    return isNative
        ? new FileInfo(executable).Length
        : Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(static f => !f.EndsWith(".pdb", StringComparison.Ordinal) && !f.EndsWith(".dbg", StringComparison.Ordinal) && !f.Contains("/events/", StringComparison.Ordinal))
            .Sum(static f => new FileInfo(f).Length);
}

internal sealed record TargetResult(string Label, string Path, List<RunSample> Samples);
