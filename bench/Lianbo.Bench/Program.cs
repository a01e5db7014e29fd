using BenchmarkDotNet.Running;
using Lianbo.Bench;

// The trade engine beside its reference stack, one table (see TradeBenchmark):
//   dotnet run -c Release --project bench/Lianbo.Bench -- trade [--rows 10000000] [--runs 3] [--reference-runs 3]
// Run all BenchmarkDotNet suites: dotnet run -c Release --project bench/Lianbo.Bench -- --filter '*'
if (args.Length > 0 && args[0] == "trade")
{
    return await TradeBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

public partial class Program;
