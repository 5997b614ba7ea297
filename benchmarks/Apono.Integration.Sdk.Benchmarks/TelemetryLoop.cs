using System.Diagnostics;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>
/// A plain loop over <see cref="TelemetryOverheadBenchmarks"/>' pipelines for a profiler (<c>perf record</c>): runs one
/// case for a number of seconds and prints the mean time per invocation of "off" and "on", alternating rounds.
/// </summary>
/// <remarks>
/// <c>TELEMETRY_LOOP_WARM_SECONDS</c>: the warm-up (both sides); <c>TELEMETRY_LOOP_ON_ONLY=1</c> or
/// <c>TELEMETRY_LOOP_OFF_ONLY=1</c>: measure one side only (a profile of each, to subtract); <c>TELEMETRY_ON_AUDIT=false</c>
/// or <c>TELEMETRY_ON_METRICS=false</c>: "on" without that line.
/// </remarks>
internal static class TelemetryLoop
{
    public static int Run(string eventName, int count, double seconds)
    {
        var bench = new TelemetryOverheadBenchmarks { Event = eventName, Count = count };
        bench.Setup();
        var warm = Stopwatch.StartNew();
        var warmSeconds = double.Parse(Environment.GetEnvironmentVariable("TELEMETRY_LOOP_WARM_SECONDS") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var second = 0;
        var calls = 0;
        var total = 0;
        var mark = Stopwatch.GetTimestamp();
        while (warm.Elapsed.TotalSeconds < warmSeconds || total < 20_000)
        {
            bench.Off().GetAwaiter().GetResult();
            bench.On().GetAwaiter().GetResult();
            calls++;
            total++;
            if (warm.Elapsed.TotalSeconds >= second + 1)
            {
                second++;
                Console.WriteLine($"  warm second {second}: {Stopwatch.GetElapsedTime(mark).TotalMicroseconds / calls:F2} us per off+on pair");
                mark = Stopwatch.GetTimestamp();
                calls = 0;
            }
        }

        var onOnly = Environment.GetEnvironmentVariable("TELEMETRY_LOOP_ON_ONLY") == "1";
        var offOnly = Environment.GetEnvironmentVariable("TELEMETRY_LOOP_OFF_ONLY") == "1";
        var batch = count >= 1000 ? 200 : 20_000;
        var clock = Stopwatch.StartNew();
        double off = 0, on = 0;
        long n = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var t = Stopwatch.GetTimestamp();
            for (var i = 0; i < batch && !onOnly; i++)
            {
                bench.Off().GetAwaiter().GetResult();
            }

            off += Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            t = Stopwatch.GetTimestamp();
            for (var i = 0; i < batch && !offOnly; i++)
            {
                bench.On().GetAwaiter().GetResult();
            }

            on += Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            n += batch;
        }

        Console.WriteLine($"{eventName}/{count}: off {off / n:F3} us, on {on / n:F3} us, ratio {on / off:F3} ({n} each)");
        bench.Cleanup();
        return 0;
    }
}
