using BenchmarkDotNet.Running;

// Run all suites: dotnet run -c Release --project bench/Lianbo.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
