using BenchmarkDotNet.Running;
using Lianbo.Bench;

// The trade engine beside its reference stack, one table, Lianbo and the references run in turn (see TradeBenchmark):
//   dotnet run -c Release --project bench/Lianbo.Bench -- trade [--rows 10000000] [--runs 3] [--reference-runs RUNS] [--parts import,metrics,complexity,indices]
// Run all BenchmarkDotNet suites: dotnet run -c Release --project bench/Lianbo.Bench -- --filter '*'
// Recommendation quality against random, tag-overlap Jaccard and BM25 alone (see MatchQualityBenchmark):
//   dotnet run -c Release --project bench/Lianbo.Bench -- match-quality [--orgs 2000] [--buyers 200] [--seed 8]
// Recommendation speed on a generated population, beside DuckDB on the structured part (see MatchSpeedBenchmark):
//   dotnet run -c Release --project bench/Lianbo.Bench -- match-speed [--profiles 1000000] [--participants 100000] [--runs 3] [--generated-needs]
if (args.Length > 0 && args[0] == "match-quality")
{
    return MatchQualityBenchmark.Run(args[1..]);
}

// The batch meeting scheduler from 200 to 20,000 participants, beside CP-SAT's optimum for the small ones (see ScheduleBenchmark):
//   dotnet run -c Release --project bench/Lianbo.Bench -- schedule [--sizes 200,20000] [--runs 3] [--exact-up-to 500] [--tables-per-100 3] [--days 5] [--slots-per-day 16]
if (args.Length > 0 && args[0] == "schedule")
{
    return ScheduleBenchmark.Run(args[1..]);
}

// The two BM25 searches of a recommendation alone, with every need different (see MatchTextProbe):
//   dotnet run -c Release --project bench/Lianbo.Bench -- match-text [--profiles 300000] [--queries 1000] [--rounds 3] [--dump FILE]
if (args.Length > 0 && args[0] == "match-text")
{
    return MatchTextProbe.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "match-speed")
{
    return MatchSpeedBenchmark.Run(args[1..]);
}

// Structural gravity (PPML with three sets of fixed effects, GE for 69 countries) beside its numpy reference (see GravityBenchmark):
//   dotnet run -c Release --project bench/Lianbo.Bench -- gravity [--runs 5] [--reference-runs 3] [--draws 500] [--results]
if (args.Length > 0 && args[0] == "gravity")
{
    return GravityBenchmark.Run(args[1..]);
}

// Scenario engine 1 (a ban on a chain's products, replacement, cascade) beside its pandas reference (see ExposureBenchmark):
//   dotnet run -c Release --project bench/Lianbo.Bench -- exposure [--rows 10000000] [--runs 5] [--reference-runs 5]
if (args.Length > 0 && args[0] == "exposure")
{
    return await ExposureBenchmark.RunAsync(args[1..]);
}

// The input–output core (Leontief inverse, multipliers, cascades) on WIOD 2011 and a generated 3,500-row table, beside numpy (see IoBenchmark):
//   dotnet run -c Release --project bench/Lianbo.Bench -- io [--runs 5] [--reference-runs 5] [--countries 100]
if (args.Length > 0 && args[0] == "io")
{
    return IoBenchmark.Run(args[1..]);
}

// The annual report on a fresh install's stores, zh/en × HTML/PDF, beside one print of the same HTML by Chromium's command line (see ReportBenchmark):
//   dotnet run -c Release --project bench/Lianbo.Bench -- report [--runs 3]
if (args.Length > 0 && args[0] == "report")
{
    return await ReportBenchmark.RunAsync(args[1..]);
}

// The web app under wrk: public reads and a mixed participant load, on SQLite and PostgreSQL (see LoadBenchmark; bench/load.sh):
//   dotnet run -c Release --project bench/Lianbo.Bench -- load [--providers sqlite,postgres] [--seconds 10] [--connections 32] [--runs 3]
if (args.Length > 0 && args[0] == "load")
{
    return await LoadBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "trade")
{
    return await TradeBenchmark.RunAsync(args[1..]);
}

// This assembly's suites (named by one of its types: the web app's Program is referenced too, for the report).
BenchmarkSwitcher.FromAssembly(typeof(Measurement).Assembly).Run(args);
return 0;
