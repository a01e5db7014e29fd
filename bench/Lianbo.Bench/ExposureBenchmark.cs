using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Lianbo.Core.Chains;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Scenarios;
using Lianbo.Trade.Store;

namespace Lianbo.Bench;

/// <summary>
/// Scenario engine 1 beside its pandas reference (tests/…/Scenarios/reference/exposure.py, the script the tests compare
/// values with), in one run on one generated BACI-shaped year (<c>--rows</c>, 10 million by default; not real data):
/// the largest exporter of the digital-technology chain's products bans them all, to every destination; losses,
/// replacement at the default headroom (0.2), the flows kept for Sankey diagrams and the chain cascade, at 6 digits.
/// Reading the data is excluded on both sides: Lianbo works on the year already imported into its store, the reference
/// on the flows it has read from the same CSV (Debian's Python has no Parquet reader, pyarrow, so the Parquet export is
/// not used). Times are medians of <c>--runs</c> runs each; the ratio is Lianbo ÷ pandas. Peak memory: Lianbo's
/// high-water mark over its runs (Linux VmHWM, reset first), the reference's whole process.
/// </summary>
internal static class ExposureBenchmark
{
    private static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Measurement.Argument(args, "--rows", 10_000_000L);
        var runs = (int)Measurement.Argument(args, "--runs", 5L);
        var referenceRuns = (int)Measurement.Argument(args, "--reference-runs", 5L);
        var work = Directory.CreateTempSubdirectory("lianbo-exposure-bench-");
        try
        {
            return await RunAsync(work.FullName, rows, runs, referenceRuns);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<int> RunAsync(string work, long rows, int runs, int referenceRuns)
    {
        Console.WriteLine(Measurement.Machine());
        var options = new GenerateOptions(2021, rows, Seed: 1);
        var file = Path.Combine(work, options.DefaultFileName);
        var clock = Stopwatch.StartNew();
        await TradeGenerator.WriteAsync(file, options);
        var store = TradeStore.InDirectory(Path.Combine(work, "store"));
        var dataset = (await BaciImporter.ImportAsync(store, file)).Single();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated and imported {dataset.Rows:N0} rows (generated data, seed {options.Seed}) in {clock.Elapsed.TotalSeconds:F0} s"));

        var chain = ChainFiles.Read(Path.Combine(Repository(), "data", "chains", "digital-technology.json"));
        var stages = chain.Stages.Select(s => (s.Id, Codes: (s.Products ?? []).SelectMany(p => p.Hs1992).Distinct(StringComparer.Ordinal).ToArray())).ToList();
        var codes = stages.SelectMany(s => s.Codes).Distinct(StringComparer.Ordinal).ToArray();
        var largest = await LargestExporterAsync(store, dataset, file, codes);
        Console.WriteLine($"Shock: {largest} bans its exports of the {codes.Length} HS 1992 codes of chain {chain.Id} to every destination; cascade over {chain.Stages.Count} stages");

        var shocks = new[] { new ExposureShock([largest], [.. codes.Select(c => HsFilter.TryParse(c)!)], null, false, 1.0) };
        var chains = new[] { new ExposureChain(chain.Id, [.. stages.Select(s => new ExposureStage(s.Id, [.. s.Codes.Select(c => HsFilter.TryParse(c)!)]))], [.. chain.Edges.Select(e => (e.From, e.To))]) };
        var exposureOptions = new ExposureOptions();
        var engine = new ExposureEngine(store);

        var seconds = new List<double>();
        ExposureResult result = null!;
        Measurement.PeakRss(reset: true);
        for (var run = 0; run < runs; run++)
        {
            var started = Stopwatch.StartNew();
            result = await engine.RunAsync(dataset, shocks, chains, exposureOptions, CancellationToken.None);
            seconds.Add(started.Elapsed.TotalSeconds);
        }

        var peak = Measurement.PeakRss(reset: false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Lianbo: lost {result.Lost:N0}, replaced {result.Replaced:N0}, unmet {result.Unmet:N0} (thousand USD, generated); {result.Products.Count:N0} importer × product rows, {result.Flows.Count:N0} flows, {result.Stages.Count:N0} stage rows; runs {string.Join(", ", seconds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))} s"));

        var spec = Path.Combine(work, "spec.json");
        await File.WriteAllTextAsync(spec, JsonSerializer.Serialize(new
        {
            Shocks = new[] { new { Exporters = new[] { largest }, Products = codes, Destinations = (string[]?)null, AllBut = false, Cut = 1.0 } },
            Chains = new[] { new { chain.Id, Stages = stages.Select(s => new { s.Id, Products = s.Codes }), Edges = chain.Edges.Select(e => new[] { e.From, e.To }) } },
            exposureOptions.Headroom, exposureOptions.Digits, exposureOptions.FlowLimit,
        }, Snake));
        double? referenceSeconds = null;
        var referencePeak = double.NaN;
        if (referenceRuns > 0)
        {
            var reference = TradeBenchmark.Python("exposure.py", [spec, Lianbo.Trade.TradeFiles.BaciCountryCodes, file, "--runs", referenceRuns.ToString(CultureInfo.InvariantCulture)], out referencePeak);
            var timings = reference.GetProperty("timings");
            var theirs = timings.GetProperty("runs").EnumerateArray().Select(t => t.GetDouble()).ToList();
            referenceSeconds = Measurement.Median(theirs);
            var lost = reference.GetProperty("lost").GetDouble();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Reference {reference.GetProperty("versions")}: read {timings.GetProperty("read").GetDouble():F1} s (excluded); runs {string.Join(", ", theirs.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))} s; lost {lost:N0} (Lianbo {(Math.Abs(lost - result.Lost) <= 1e-9 * lost ? "equal" : "DIFFERS")})"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scenario engine 1, {dataset.Rows:N0} generated rows, medians of {runs} Lianbo run(s) and {referenceRuns} reference run(s); ratio = Lianbo ÷ reference (below 1: Lianbo faster)"));
        Console.WriteLine();
        Console.WriteLine("| step | Lianbo s | reference | reference s | ratio | Lianbo peak MiB | reference peak MiB |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|");
        var ours = Measurement.Median(seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| exposure: ban by the largest exporter on chain {chain.Id}, replacement, flows, cascade | {ours:0.000} | pandas (read_csv excluded) | {(referenceSeconds is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "—")} | {(referenceSeconds is { } s ? (ours / s).ToString("0.000", CultureInfo.InvariantCulture) : "—")} | {peak:N0} | {(double.IsNaN(referencePeak) ? "—" : referencePeak.ToString("N0", CultureInfo.InvariantCulture))} |"));
        return 0;
    }

    // The exporter (ISO code) with the largest exports of the codes, from the CSV itself (DuckDB's read_csv, untimed).
    private static async Task<string> LargestExporterAsync(TradeStore store, DatasetInfo dataset, string file, string[] codes)
    {
        var filters = codes.Select(c => HsFilter.TryParse(c)!).ToList();
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT i FROM read_csv('{file.Replace("'", "''", StringComparison.Ordinal)}')
            WHERE {string.Join(" OR ", filters.Select(f => string.Create(CultureInfo.InvariantCulture, $"k BETWEEN {f.From} AND {f.To}")))}
            GROUP BY i ORDER BY sum(v) DESC, i LIMIT 1
            """;
        var code = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return (await store.CountryCodesAsync(dataset.Key)).First(c => c.Code == code).Country;
    }

    private static string Repository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "data", "chains")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("data/chains not found above " + AppContext.BaseDirectory);
    }
}
