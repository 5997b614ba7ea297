using Apono.Integration.Sdk.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Apono.Integration.Sdk.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project benchmarks/Apono.Integration.Sdk.Benchmarks -- --peak    (P4 peak memory)
switch (args)
{
    case ["--peak"]:
        return PeakMemory.RunAll();
    case ["--peak-one", var variant]:
        return PeakMemory.RunOne(variant);
    case ["--limit"]:
        return PeakMemory.Limit();
    default:
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(static s => s.HasCriticalValidationErrors || s.Reports.Any(static r => !r.Success)) ? 1 : 0;
}
