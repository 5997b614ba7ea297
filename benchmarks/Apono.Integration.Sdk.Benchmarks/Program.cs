using Apono.Integration.Sdk.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Apono.Integration.Sdk.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project benchmarks/Apono.Integration.Sdk.Benchmarks -- --peak    (P4 peak memory)
// dotnet run -c Release --project benchmarks/Apono.Integration.Sdk.Benchmarks -- --adversarial DIR   (writes the 6 MB bodies; see benchmarks/adversarial/run.sh)
// dotnet run -c Release --project benchmarks/Apono.Integration.Sdk.Benchmarks -- --telemetry-loop grant-access 10 5   (a plain loop for perf record)
// dotnet run -c Release --project benchmarks/Apono.Integration.Sdk.Benchmarks -- --telemetry-parts 10   (each telemetry line part alone)
switch (args)
{
    case ["--peak"]:
        return PeakMemory.RunAll();
    case ["--peak-one", var variant]:
        return PeakMemory.RunOne(variant);
    case ["--telemetry-loop", var eventName, var count, var seconds]:
        return TelemetryLoop.Run(eventName, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
    case ["--telemetry-parts", var count]:
        return TelemetryParts.Run(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    case ["--limit"]:
        return PeakMemory.Limit();
    case ["--adversarial", var directory]:
        Directory.CreateDirectory(directory);
        foreach (var name in AdversarialBodies.Names)
        {
            var body = AdversarialBodies.Build(name);
            File.WriteAllBytes(Path.Combine(directory, name + ".json"), body);
            Console.WriteLine($"{name}.json {body.Length}");
        }

        return 0;
    default:
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(static s => s.HasCriticalValidationErrors || s.Reports.Any(static r => !r.Success)) ? 1 : 0;
}
