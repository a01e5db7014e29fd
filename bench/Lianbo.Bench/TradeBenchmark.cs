using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Lianbo.Trade;
using Lianbo.Trade.Complexity;
using Lianbo.Trade.Dependencies;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Metrics;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Bench;

/// <summary>
/// The trade engine against its reference stack, in one run on one generated year:
/// <list type="bullet">
/// <item>import: Lianbo's BACI import into the store against DuckDB's own scan of the same CSV
/// (<c>SELECT count(*) FROM read_csv(…)</c>, the engine inside DuckDB.NET, since Debian has no DuckDB CLI);</item>
/// <item>metrics: Lianbo against pandas + networkx and igraph (Debian's packages, /usr/bin/python3), running
/// the same reference script the tests compare values with;</item>
/// <item>complexity and dependencies: Lianbo's ECI/PCI/proximity/density/COI/COG at HS 4 digits and the import
/// dependencies of every importer at HS 6 digits with the EU's extra-bloc criteria, against numpy and pandas running
/// complexity_reference.py, the script the tests compare values with;</item>
/// <item>indices: the connectivity index as <c>lianbo index build</c> makes it (the trade indicators, then normalisation,
/// weights and aggregation) against numpy and pandas running index_reference.py, the script the tests compare values
/// with; and the whole build of both indices with their sensitivity draws, stored, which has no reference.</item>
/// </list>
/// <c>--parts import,metrics,complexity,indices</c> chooses what runs (all by default); without <c>import</c> the year is
/// imported once, untimed, for the other parts.
/// Each time is the median of several runs; peak memory is the step's own high-water mark of resident memory
/// (Linux VmHWM, reset before each step). Needs /usr/bin/python3 with python3-networkx, python3-igraph,
/// python3-pandas, and libopenblas0-pthread for a fair numpy; prints which BLAS numpy loaded.
/// </summary>
internal static class TradeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Measurement.Argument(args, "--rows", 10_000_000L);
        var runs = (int)Measurement.Argument(args, "--runs", 3L);
        var referenceRuns = (int)Measurement.Argument(args, "--reference-runs", 3L);
        var at = Array.IndexOf(args, "--parts");
        var parts = (at >= 0 && at + 1 < args.Length ? args[at + 1] : "import,metrics,complexity,indices").Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var work = Directory.CreateTempSubdirectory("lianbo-trade-bench-");
        try
        {
            return await RunAsync(work.FullName, rows, runs, referenceRuns, parts);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<int> RunAsync(string work, long rows, int runs, int referenceRuns, IReadOnlySet<string> parts)
    {
        Console.WriteLine(Measurement.Machine());
        var results = new List<Row>();

        var options = new GenerateOptions(2021, rows, Seed: 1);
        var file = Path.Combine(work, options.DefaultFileName);
        var (generated, generatePeak) = await MeasureAsync(() => TradeGenerator.WriteAsync(file, options));
        results.Add(new Row("generate (BACI-shaped CSV, generated data)", generated.Elapsed, generatePeak, null, null, null));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {generated.Value.Rows:N0} rows, {new FileInfo(file).Length / 1048576.0:N0} MiB, {generated.Value.Exporters} exporters (seed {options.Seed})"));

        // Import: each run into an empty store (the last one is kept for the metrics), with DuckDB's own work on the same
        // file right after it, so both sides of a ratio see the same load; the ratio reported is the median of the runs' ratios.
        var imports = new List<(double, double)>();
        var scans = new List<(double, double)>();
        var copies = new List<(double, double)>();
        TradeStore store = null!;
        for (var run = 0; run < (parts.Contains("import") ? runs : 0); run++)
        {
            var directory = Path.Combine(work, $"store{run}");
            store = TradeStore.InDirectory(directory);
            await store.InitialiseAsync();
            var (import, peak) = await MeasureAsync(() => BaciImporter.ImportAsync(store, file));
            imports.Add((import.Elapsed, peak));
            if (run < runs - 1)
            {
                Directory.Delete(directory, recursive: true);
            }

            scans.Add(await DuckDbAsync(":memory:", $"SELECT count(*) FROM read_csv({Literal(file)})"));
            // DuckDB importing the file itself, as its documentation shows: types guessed, no checks, into a database file.
            var copy = Path.Combine(work, $"duckdb{run}.duckdb");
            copies.Add(await DuckDbAsync(copy, $"CREATE TABLE flows AS SELECT * FROM read_csv({Literal(file)})"));
            File.Delete(copy);
        }

        if (parts.Contains("import"))
        {
            results.Add(new Row("import CSV into the store", Median(imports, 0), Median(imports, 1), "DuckDB read_csv count(*)", Median(scans, 0), Median(scans, 1),
                MedianRatio(imports, scans)));
            results.Add(new Row("import CSV into the store", Median(imports, 0), Median(imports, 1), "DuckDB CREATE TABLE AS read_csv", Median(copies, 0), Median(copies, 1),
                MedianRatio(imports, copies)));
        }
        else
        {
            store = TradeStore.InDirectory(Path.Combine(work, "store"));
            await BaciImporter.ImportAsync(store, file);
        }

        // Metrics on the stored year.
        var queries = new TradeQueries(store);
        var dataset = (await queries.FindAsync(2021))!;
        var lianbo = new Dictionary<string, List<(double, double)>>();
        void Time(string step, Action action)
        {
            var (measured, peak) = Measure(() =>
            {
                action();
                return 0;
            });
            (lianbo.TryGetValue(step, out var list) ? list : lianbo[step] = []).Add((measured.Elapsed, peak));
        }

        if (parts.Contains("metrics"))
        {
            await MetricsAsync(file, runs, referenceRuns, queries, dataset, results, Time, lianbo);
        }

        if (parts.Contains("complexity"))
        {
            await ComplexityAsync(file, runs, referenceRuns, store, dataset, results);
        }

        if (parts.Contains("indices"))
        {
            await IndicesAsync(file, runs, referenceRuns, store, results);
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Trade engine, {rows:N0} generated rows, medians of {runs} Lianbo run(s) and {referenceRuns} reference run(s); ratio = Lianbo ÷ reference (below 1: Lianbo faster)"));
        Console.WriteLine();
        Console.WriteLine("| step | Lianbo s | reference | reference s | ratio | Lianbo peak MiB | reference peak MiB |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Step} | {r.Seconds:0.000} | {r.Tool ?? "—"} | {(r.ReferenceSeconds is { } s ? s.ToString("0.000", CultureInfo.InvariantCulture) : "—")} | {((r.Ratio ?? r.Seconds / r.ReferenceSeconds) is { } ratio ? ratio.ToString("0.000", CultureInfo.InvariantCulture) : "—")} | {r.Peak:N0} | {(r.ReferencePeak is { } p ? p.ToString("N0", CultureInfo.InvariantCulture) : "—")} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Lianbo process peak resident memory over the whole run: {Environment.WorkingSet / 1048576.0:N0} MiB now, {Measurement.PeakRss(reset: false):N0} MiB at most since the last step began."));
        return 0;
    }

    private static Task MetricsAsync(string file, int runs, int referenceRuns, TradeQueries queries, DatasetInfo dataset, List<Row> results,
        Action<string, Action> Time, Dictionary<string, List<(double, double)>> lianbo)
    {
            for (var run = 0; run < runs; run++)
            {
                TradeNetwork network = null!;
                Time("network", () => network = queries.NetworkAsync(dataset).GetAwaiter().GetResult());
                Time("pagerank", () => NetworkMetrics.PageRank(network));
                Time("eigenvector", () =>
                {
                    NetworkMetrics.EigenvectorIn(network);
                    NetworkMetrics.EigenvectorOut(network);
                });
                Time("hits", () => NetworkMetrics.Hits(network));
                Time("betweenness", () => NetworkMetrics.Betweenness(network));
                Time("clustering", () => NetworkMetrics.Clustering(network));
                Time("all", () => queries.MetricsAsync(2021).GetAwaiter().GetResult());
            }

            var reference = Reference(file, referenceRuns, out var versions);
            Console.WriteLine($"Reference: {versions}");

            (double Seconds, double Peak)? Ref(params string[] keys) =>
                keys.All(reference.ContainsKey) ? (keys.Sum(k => reference[k].Seconds), keys.Max(k => reference[k].Peak)) : null;
            void Add(string step, string lianboStep, string tool, params string[] keys)
            {
                var ours = lianbo[lianboStep];
                var theirs = Ref(keys);
                results.Add(new Row(step, Median(ours, 0), Median(ours, 1), tool, theirs?.Seconds, theirs?.Peak));
            }

            Add("country network from the rows", "network", "pandas read_csv+groupby", "read");
            Add("PageRank 0.85 weighted", "pagerank", "networkx", "nx.pagerank");
            Add("PageRank 0.85 weighted", "pagerank", "igraph", "ig.pagerank");
            Add("eigenvector in + out", "eigenvector", "networkx", "nx.eigenvector");
            Add("eigenvector in + out", "eigenvector", "igraph", "ig.eigenvector");
            Add("HITS hubs + authorities", "hits", "networkx", "nx.hits");
            Add("HITS hubs + authorities", "hits", "igraph", "ig.hits");
            Add("betweenness, distance 1/value", "betweenness", "networkx", "nx.betweenness");
            Add("betweenness, distance 1/value", "betweenness", "igraph", "ig.betweenness");
            Add("clustering (directed, weighted)", "clustering", "networkx", "nx.clustering");
            Add("all country-level metrics", "all", "pandas+networkx",
                "read", "nx.strength", "nx.pagerank", "nx.eigenvector", "nx.hits", "nx.betweenness", "nx.clustering");
        return Task.CompletedTask;
    }

    // Complexity at HS 4 digits (export matrix from the store, then every measure) and the dependencies of every
    // importer at HS 6 digits with the EU's extra-bloc criteria, beside numpy and pandas on the same file.
    private static async Task ComplexityAsync(string file, int runs, int referenceRuns, TradeStore store, DatasetInfo dataset, List<Row> results)
    {
        var eu = EuMembers();
        var timings = new Dictionary<string, List<(double, double)>>();
        void Add(string step, double seconds, double peak) => (timings.TryGetValue(step, out var list) ? list : timings[step] = []).Add((seconds, peak));
        for (var run = 0; run < runs; run++)
        {
            var (matrix, matrixPeak) = await MeasureAsync(() => ComplexityQueries.ExportMatrixAsync(store, dataset, 4));
            var (complexity, complexityPeak) = Measure(() => EconomicComplexity.Compute(matrix.Value));
            Add("matrix", matrix.Elapsed, matrixPeak);
            Add("complexity", complexity.Elapsed, complexityPeak);
            Add("complexity all", matrix.Elapsed + complexity.Elapsed, Math.Max(matrixPeak, complexityPeak));
            var (dependencies, dependenciesPeak) = await MeasureAsync(() => new DependencyQueries(store).ReportAsync(dataset, 6, null, "EU", eu));
            Add("dependencies", dependencies.Elapsed, dependenciesPeak);
            if (run == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Complexity HS4: {matrix.Value.Countries.Count} countries × {matrix.Value.Products.Count} products, λ = {string.Join(", ", complexity.Value.Eigenvalues.Select(l => l.ToString("0.0000", CultureInfo.InvariantCulture)))}, ECI {(complexity.Value.Eci is null ? "undefined" : "defined")}; dependencies HS6: {dependencies.Value.Products.Count:N0} importer × product rows, {dependencies.Value.Products.Count(p => p.CriteriaMet):N0} meeting the GeoDep criteria, EU {dependencies.Value.BlocProducts.Count(p => p.Dependent):N0} of {dependencies.Value.BlocProducts.Count:N0} products dependent"));
            }
        }

        var reference = new Dictionary<string, (double Seconds, double Peak)>();
        ReferenceSteps("complexity_reference.py", "complexity", ["complexity", "4", TradeFiles.BaciCountryCodes, file], referenceRuns, reference);
        ReferenceSteps("complexity_reference.py", "dependencies", ["dependencies", "6", TradeFiles.BaciCountryCodes, string.Join(",", eu), file], referenceRuns, reference);
        var addRow = RowAdder(timings, reference, results);

        addRow("complexity HS4: exports by country × product", "matrix", "—");
        addRow("complexity HS4: RCA … ECI, PCI, φ, ω, COI, COG", "complexity", "—");
        addRow("complexity HS4 from the rows", "complexity all", "numpy+pandas (groupby … COG)", "complexity.complexity");
        addRow("complexity HS4 from the rows", "complexity all", "numpy+pandas incl. read_csv", "complexity.read", "complexity.complexity");
        addRow("dependencies HS6, every importer, + EU bloc", "dependencies", "pandas (groupby … flags)", "dependencies.dependencies", "dependencies.bloc");
        addRow("dependencies HS6, every importer, + EU bloc", "dependencies", "pandas incl. read_csv", "dependencies.read", "dependencies.dependencies", "dependencies.bloc");
    }

    // The connectivity index of the stored year as `lianbo index build` makes it: the trade indicators (IndexBuilder.ReadAsync:
    // the country network, PageRank, DHL breadth, partners, depth with the shipped GDP), then CompositeIndex
    // (log, min-max, weights, arithmetic mean, ranks, trade-weighted world value), beside numpy and pandas; then the whole
    // build of both indices (the promotion index takes the complexity engine's ECI) with their sensitivity draws, stored.
    private static async Task IndicesAsync(string file, int runs, int referenceRuns, TradeStore store, List<Row> results)
    {
        var definitions = IndexBuilder.LoadDefinitions();
        var connectivity = definitions.Single(d => d.Id == "connectivity");
        var timings = new Dictionary<string, List<(double, double)>>();
        void Add(string step, double seconds, double peak) => (timings.TryGetValue(step, out var list) ? list : timings[step] = []).Add((seconds, peak));
        for (var run = 0; run < runs; run++)
        {
            var (indicators, indicatorsPeak) = await MeasureAsync(() => new IndexBuilder(store).ReadAsync([connectivity]));
            var (index, indexPeak) = Measure(() => CompositeIndex.Compute(connectivity, indicators.Value.Table));
            Add("indicators", indicators.Elapsed, indicatorsPeak);
            Add("composite", index.Elapsed, indexPeak);
            Add("connectivity", indicators.Elapsed + index.Elapsed, Math.Max(indicatorsPeak, indexPeak));
            var (built, buildPeak) = await MeasureAsync(() => new IndexBuilder(store).BuildAsync(definitions));
            Add("build", built.Elapsed, buildPeak);
            if (run == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Indices: {string.Join("; ", built.Value.SelectMany(r => r.Years.Select(y => $"{r.Definition.Id} {y.Year}: world {y.Global:0.000}, {y.Countries.Count(c => c.Score is not null)} countries scored, {IndexBuilder.Settings(r.Definition, null, null).Draws} draws{(y.LackingDimensions.Count > 0 ? ", lacking " + string.Join(", ", y.LackingDimensions) : "")}")))}"));
            }
        }

        var reference = new Dictionary<string, (double Seconds, double Peak)>();
        ReferenceSteps("index_reference.py", "connectivity",
            ["connectivity", Path.Combine(TradeFiles.Indices, "connectivity.json"), TradeFiles.Gdp, TradeFiles.Countries, TradeFiles.BaciCountryCodes, file], referenceRuns, reference);
        var addRow = RowAdder(timings, reference, results);
        addRow("connectivity indicators: depth, DHL breadth, PageRank, partners", "indicators", "numpy+pandas (groupby … PageRank)", "connectivity.indicators");
        addRow("connectivity composite: log, min-max, weights, mean, ranks", "composite", "numpy+pandas", "connectivity.composite");
        addRow("connectivity index from the rows", "connectivity", "numpy+pandas (groupby … ranks)", "connectivity.indicators", "connectivity.composite");
        addRow("connectivity index from the rows", "connectivity", "numpy+pandas incl. read_csv", "connectivity.read", "connectivity.indicators", "connectivity.composite");
        addRow("index build: both indices, sensitivity draws, stored", "build", "—");
    }

    // Runs a reference script with --timings; the medians of each of its steps' seconds, as "name.step", with the process's peak.
    private static void ReferenceSteps(string script, string name, string[] args, int runs, Dictionary<string, (double Seconds, double Peak)> reference)
    {
        var samples = new Dictionary<string, List<(double, double)>>();
        for (var run = 0; run < runs; run++)
        {
            var json = Python(script, ["--timings", .. args], out var peak);
            foreach (var step in json.GetProperty("timings").EnumerateObject())
            {
                (samples.TryGetValue(step.Name, out var list) ? list : samples[step.Name] = []).Add((step.Value.GetDouble(), peak));
            }

            Console.WriteLine($"Reference ({name}): {json.GetProperty("versions")}");
        }

        foreach (var (step, list) in samples)
        {
            reference[name + "." + step] = (Median(list, 0), Median(list, 1));
        }
    }

    // A table row from Lianbo's step and the sum of the reference's steps (their largest peak); no keys: no reference.
    private delegate void AddRow(string step, string ours, string tool, params string[] keys);

    private static AddRow RowAdder(Dictionary<string, List<(double, double)>> timings,
        Dictionary<string, (double Seconds, double Peak)> reference, List<Row> results) => (step, ours, tool, keys) =>
    {
        var known = keys.Length > 0 && keys.All(reference.ContainsKey);
        results.Add(new Row(step, Median(timings[ours], 0), Median(timings[ours], 1), tool,
            known ? keys.Sum(k => reference[k].Seconds) : null, known ? keys.Max(k => reference[k].Peak) : null));
    };

    // The EU's members as the shipped reference data lists them (data/reference/country-groups.json).
    private static List<string> EuMembers()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "data", "reference", "country-groups.json")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("data/reference/country-groups.json not found above " + AppContext.BaseDirectory), "data", "reference", "country-groups.json");
        var eu = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("groups").EnumerateArray().First(g => g.GetProperty("code").GetString() == "EU");
        return [.. eu.GetProperty("members").EnumerateArray().Select(m => m.GetString()!)];
    }

    // Runs a reference script with /usr/bin/python3; its JSON, and the peak resident memory it reports in MiB.
    internal static JsonElement Python(string script, string[] args, out double peak)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Reference", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // These slow a current OpenBLAS down where the machine sets them for old builds; unset for this command only.
        start.Environment.Remove("OPENBLAS_CORETYPE");
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed: {error.Result}");
        }

        var json = JsonDocument.Parse(output).RootElement;
        peak = json.TryGetProperty("peak_mb", out var reported) ? reported.GetDouble() : double.NaN;
        return json;
    }

    private sealed record Row(string Step, double Seconds, double Peak, string? Tool, double? ReferenceSeconds, double? ReferencePeak, double? Ratio = null);

    // One statement on a new DuckDB connection (":memory:" or a file), timed with its connection's opening and closing.
    private static async Task<(double Seconds, double Peak)> DuckDbAsync(string database, string sql)
    {
        var (measured, peak) = await MeasureAsync(async () =>
        {
            await using var connection = new DuckDBConnection($"Data Source={database}");
            connection.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync();
        });
        return (measured.Elapsed, peak);
    }

    private static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static double MedianRatio(List<(double, double)> ours, List<(double, double)> theirs) =>
        Median([.. ours.Zip(theirs, (o, t) => (o.Item1 / t.Item1, 0.0))], 0);

    private sealed record Measured<T>(T Value, double Elapsed);

    private static async Task<(Measured<T> Measured, double Peak)> MeasureAsync<T>(Func<Task<T>> work)
    {
        Measurement.PeakRss(reset: true);
        var clock = Stopwatch.StartNew();
        var value = await work();
        var elapsed = clock.Elapsed.TotalSeconds;
        return (new Measured<T>(value, elapsed), Measurement.PeakRss(reset: false));
    }

    private static (Measured<T> Measured, double Peak) Measure<T>(Func<T> work)
    {
        Measurement.PeakRss(reset: true);
        var clock = Stopwatch.StartNew();
        var value = work();
        var elapsed = clock.Elapsed.TotalSeconds;
        return (new Measured<T>(value, elapsed), Measurement.PeakRss(reset: false));
    }

    // Runs the Python reference; the medians of its steps' seconds and peaks.
    private static Dictionary<string, (double Seconds, double Peak)> Reference(string file, int runs, out string versions)
    {
        var samples = new Dictionary<string, List<(double, double)>>();
        versions = "";
        for (var run = 0; run < runs; run++)
        {
            var json = Python("trade_reference.py", ["--timings", "baci", file, TradeFiles.BaciCountryCodes], out _);
            versions = json.GetProperty("versions").ToString();
            foreach (var step in json.GetProperty("timings").EnumerateObject())
            {
                (samples.TryGetValue(step.Name, out var list) ? list : samples[step.Name] = [])
                    .Add((step.Value.GetProperty("seconds").GetDouble(), step.Value.GetProperty("peak_mb").GetDouble()));
            }
        }

        return samples.ToDictionary(p => p.Key, p => (Median(p.Value, 0), Median(p.Value, 1)));
    }

    private static double Median(List<(double, double)> values, int item) => Measurement.Median(values.Select(v => item == 0 ? v.Item1 : v.Item2));
}
