using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>
/// P4's memory half: peak resident memory while writing the 100,000-resource reply, each variant in a fresh
/// process (Linux only: resets and reads VmHWM through /proc). BenchmarkDotNet reports allocated bytes, not peaks.
/// </summary>
public static class PeakMemory
{
    private static readonly string[] Variants = ["stj", "sdk", "sdk-async", "sdk-generated", "limit"];

    public static int RunAll()
    {
        Console.WriteLine("| Variant | Reply bytes | Peak RSS growth | Peak / reply | Allocated | Notes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var variant in Variants)
        {
            using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["--peak-one", variant]) { RedirectStandardOutput = true })!;
            Console.Write(child.StandardOutput.ReadToEnd());
            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                return child.ExitCode;
            }
        }

        return 0;
    }

    public static int RunOne(string variant)
    {
        // What the author holds before the reply is written is not the writer's cost: build it, then settle the heap.
        var resources = variant is "sdk" or "sdk-async" or "limit" ? Workload.Resources(LargeListingBenchmarks.Count) : [];
        var baseline = variant == "stj" ? Workload.BaselineResources(LargeListingBenchmarks.Count) : [];
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var before = ResetPeak();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        long replyBytes;
        var notes = "";
        switch (variant)
        {
            case "stj":
                replyBytes = BaselineHandler.Serialize(baseline).Length;
                notes = "list held by the author";
                break;
            case "sdk":
                replyBytes = Write(new ListResourcesReply(resources, Workload.Permissions));
                notes = "list held by the author";
                break;
            case "sdk-async":
                replyBytes = Write(new ListResourcesReply(Workload.Stream(resources), Workload.Permissions));
                notes = "list held by the author, streamed";
                break;
            case "sdk-generated":
                replyBytes = Write(new ListResourcesReply(Workload.Generate(LargeListingBenchmarks.Count), Workload.Permissions));
                notes = "IAsyncEnumerable making each resource on demand (growth includes them)";
                break;
            case "limit":
                var function = new BenchmarkFunction { Resources = resources };
                var pipeline = BenchmarkFunction.Pipeline(function, Microsoft.Extensions.Logging.LogLevel.Warning);
                var result = pipeline.InvokeAsync(Workload.ListResourcesEnvelope(), new InvocationMetadata("peak", null)).GetAwaiter().GetResult();
                replyBytes = AponoFunctionOptions.LambdaReplyLimitBytes;
                notes = $"full pipeline: {result.ErrorType}: {result.ErrorMessage}";
                break;
            default:
                throw new ArgumentException("Unknown variant " + variant, nameof(variant));
        }

        var peak = ReadKilobytes("VmHWM:") * 1024L;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var growth = peak - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {variant} | {replyBytes:N0} | {growth / 1048576.0:0.0} MiB | {(double)growth / replyBytes:0.00}× | {allocated / 1048576.0:0.0} MiB | {notes} |"));
        GC.KeepAlive(resources);
        GC.KeepAlive(baseline);
        return 0;
    }

    /// <summary>How many of P4's resources fit under Lambda's limit, and the reply size with all of them.</summary>
    public static int Limit()
    {
        var bytes = Write(new ListResourcesReply(Workload.Resources(LargeListingBenchmarks.Count), Workload.Permissions));
        var perResource = (double)bytes / LargeListingBenchmarks.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"100,000 resources: {bytes:N0} bytes ({perResource:0.0} bytes each); Lambda's {AponoFunctionOptions.LambdaReplyLimitBytes:N0}-byte limit fits about {AponoFunctionOptions.LambdaReplyLimitBytes / perResource:N0} of them."));
        return 0;
    }

    private static long Write(ListResourcesReply reply) => LargeListingBenchmarks.Write(reply).GetAwaiter().GetResult().Length;

    private static long ResetPeak()
    {
        // Writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS.
        File.WriteAllText("/proc/self/clear_refs", "5");
        return ReadKilobytes("VmRSS:") * 1024L;
    }

    private static long ReadKilobytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException(field + " not found in /proc/self/status.");
    }
}
