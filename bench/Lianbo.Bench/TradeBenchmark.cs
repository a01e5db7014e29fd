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
/// The trade engine against its reference stack, in one run on one generated year. Every part runs Lianbo and its
/// reference in turn, run after run (<see cref="TradeSamples"/>), and reports wall and CPU seconds, peak memory and
/// the load average of each side:
/// <list type="bullet">
/// <item>import: Lianbo's BACI import into the store (every check) against DuckDB's typed CREATE TABLE AS of the same CSV
/// into a database file, with exactly the store's column types and no checks (the engine inside DuckDB.NET, since Debian
/// has no DuckDB CLI); DuckDB's untyped <c>SELECT *</c> copy and its bare <c>count(*)</c> scan are listed for information;</item>
/// <item>metrics: Lianbo against pandas + networkx and igraph (Debian's packages, /usr/bin/python3), running
/// the same reference script the tests compare values with;</item>
/// <item>complexity and dependencies: Lianbo's ECI/PCI/proximity/density/COI/COG at HS 4 digits and the import
/// dependencies of every importer at HS 6 digits with the EU's extra-bloc criteria, against numpy and pandas running
/// complexity_reference.py, the script the tests compare values with;</item>
/// <item>indices: the connectivity index as <c>lianbo index build</c> makes it (the trade indicators, then normalisation,
/// weights and aggregation) against numpy and pandas running index_reference.py, the script the tests compare values
/// with; and the whole build of both indices with their sensitivity draws, stored, which has no reference.</item>
/// </list>
/// The Python references read the file into the store's columns before their timers start (pandas read_csv, not
/// timed), as Lianbo's steps start from the stored year; what each timed step then does is what Lianbo's does.
/// <c>--parts import,metrics,complexity,indices</c> chooses what runs (all by default); without <c>import</c> the year is
/// imported once, untimed, for the other parts. Peak memory is the step's own high-water mark of resident memory
/// (Linux VmHWM, reset before each step). Needs /usr/bin/python3 with python3-networkx, python3-igraph,
/// python3-pandas, and libopenblas0-pthread for a fair numpy; prints which BLAS numpy loaded.
/// </summary>
internal static class TradeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Measurement.Argument(args, "--rows", 10_000_000L);
        var runs = (int)Measurement.Argument(args, "--runs", 3L);
        // Interleaved with the first runs of Lianbo's (fewer saves time where a reference takes minutes: networkx).
        var referenceRuns = (int)Math.Min(runs, Measurement.Argument(args, "--reference-runs", runs));
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
        Console.WriteLine($"Load average at the start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var samples = new TradeSamples();

        var options = new GenerateOptions(2021, rows, Seed: 1);
        var file = Path.Combine(work, options.DefaultFileName);
        var (generated, generatedSample) = await TradeSamples.MeasureAsync(() => TradeGenerator.WriteAsync(file, options));
        samples.Add("generate", generatedSample);
        samples.Row("generate (BACI-shaped CSV, generated data)", "generate", null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {generated.Rows:N0} rows, {new FileInfo(file).Length / 1048576.0:N0} MiB, {generated.Exporters} exporters (seed {options.Seed})"));

        TradeStore store;
        if (parts.Contains("import"))
        {
            store = await ImportAsync(work, file, runs, referenceRuns, samples);
        }
        else
        {
            store = TradeStore.InDirectory(Path.Combine(work, "store"));
            await BaciImporter.ImportAsync(store, file);
        }

        var queries = new TradeQueries(store);
        var dataset = (await queries.FindAsync(2021))!;
        if (parts.Contains("metrics"))
        {
            Metrics(file, runs, referenceRuns, queries, dataset, samples);
        }

        if (parts.Contains("complexity"))
        {
            await ComplexityAsync(file, runs, referenceRuns, store, dataset, samples);
        }

        if (parts.Contains("indices"))
        {
            await IndicesAsync(file, runs, referenceRuns, store, samples);
        }

        samples.Print(string.Create(CultureInfo.InvariantCulture,
            $"Trade engine, {rows:N0} generated rows; {referenceRuns} run(s) of Lianbo and its reference in turn ({runs} of Lianbo); medians; ratio = median of the runs' Lianbo ÷ reference (below 1: Lianbo faster); load avg: 1-minute load average at the start of the runs, lowest–highest; {Environment.ProcessorCount} cores"));
        Console.WriteLine();
        Console.WriteLine($"Load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    // Import: each run into an empty store (the last one is kept for the other parts), then DuckDB's references on the
    // same file. The reference that does the same work is the typed CREATE TABLE AS: the store's column types, read the
    // way the importer reads them (q as text, cast), insertion order not kept (Lianbo does not keep it either), into a
    // database file; the others are for information.
    private static async Task<TradeStore> ImportAsync(string work, string file, int runs, int referenceRuns, TradeSamples samples)
    {
        TradeStore store = null!;
        for (var run = 0; run < runs; run++)
        {
            var directory = Path.Combine(work, $"store{run}");
            store = TradeStore.InDirectory(directory);
            await store.InitialiseAsync();
            var (_, import) = await TradeSamples.MeasureAsync(() => BaciImporter.ImportAsync(store, file));
            samples.Add("import", import);
            if (run < runs - 1)
            {
                Directory.Delete(directory, recursive: true);
            }

            if (run >= referenceRuns)
            {
                continue;
            }

            var typed = $$"""
                SET preserve_insertion_order = false;
                CREATE TABLE flows AS
                SELECT t AS year, i AS exporter, j AS importer, k AS product, v AS value, TRY_CAST(q AS DOUBLE) AS quantity
                FROM read_csv({{Literal(file)}}, header = true, auto_detect = false,
                    columns = {'t': 'INTEGER', 'i': 'INTEGER', 'j': 'INTEGER', 'k': 'INTEGER', 'v': 'DOUBLE', 'q': 'VARCHAR'})
                """;
            samples.AddReference("typed", await DuckDbAsync(Path.Combine(work, $"typed{run}.duckdb"), typed));
            samples.AddReference("checked", await DuckDbAsync(Path.Combine(work, $"checked{run}.duckdb"), Checked(file)));
            // As DuckDB's documentation shows: types guessed (BIGINT, q as text), insertion order kept, no checks.
            samples.AddReference("untyped", await DuckDbAsync(Path.Combine(work, $"untyped{run}.duckdb"), $"CREATE TABLE flows AS SELECT * FROM read_csv({Literal(file)})"));
            samples.AddReference("scan", await DuckDbAsync(":memory:", $"SELECT count(*) FROM read_csv({Literal(file)})"));
        }

        samples.Row("import CSV into the store, every check", "import", "DuckDB CREATE TABLE AS read_csv, the store's types, no checks", "typed");
        samples.Row("import CSV into the store, every check", "import", "DuckDB alone with the same checks: the typed CREATE TABLE AS checking every row as it reads, then a GROUP BY for a repeated flow", "checked");
        samples.Row("import CSV into the store, every check", "import", "(information) DuckDB CREATE TABLE AS SELECT * read_csv, guessed types", "untyped");
        samples.Row("import CSV into the store, every check", "import", "(information) DuckDB read_csv count(*), nothing converted or stored", "scan");
        return store;
    }

    // What the importer checks, done by DuckDB alone as cheaply as it can: the row rules in the scan that stores the rows
    // (a bad row stops it, as the importer's staging does; the year is the generated file's), the country codes the
    // importer reads from the dictionary (with BACI's own), and one GROUP BY over a packed flow key for a flow on two lines. It does not find
    // lines (the importer reads the file again only when a row is bad) and proves no CSV structure beyond DuckDB's own.
    private static string Checked(string file) => $$"""
        SET preserve_insertion_order = false;
        CREATE TEMP TABLE codes AS SELECT unnest([{{string.Join(", ", BaciCountryCodes.Read(TradeFiles.BaciCountryCodes).Select(c => c.Code))}}]) AS code;
        CREATE TABLE flows AS
        SELECT year, exporter, importer, product, value,
            CASE WHEN year IS NULL OR year <> 2021 OR exporter IS NULL OR importer IS NULL
                OR exporter NOT IN (SELECT code FROM codes) OR importer NOT IN (SELECT code FROM codes) OR exporter = importer
                OR value IS NULL OR NOT isfinite(value) OR value < 0 OR value > 1e15
                OR product IS NULL OR product < 0 OR product > 999999
                OR NOT isfinite(quantity) OR quantity < 0 OR quantity > 1e15
                OR (quantity IS NULL AND q IS NOT NULL AND trim(q) NOT IN ('', 'NA'))
            THEN error('bad row') ELSE quantity END AS quantity
        FROM (SELECT t AS year, i AS exporter, j AS importer, k AS product, v AS value, TRY_CAST(q AS DOUBLE) AS quantity, q
              FROM read_csv({{Literal(file)}}, header = true, auto_detect = false,
                  columns = {'t': 'INTEGER', 'i': 'INTEGER', 'j': 'INTEGER', 'k': 'INTEGER', 'v': 'DOUBLE', 'q': 'VARCHAR'}));
        SELECT error('repeated flow') FROM flows
        GROUP BY exporter::BIGINT * 1000000000 + importer::BIGINT * 1000000 + product HAVING count(*) > 1 LIMIT 1;
        """;

    private static void Metrics(string file, int runs, int referenceRuns, TradeQueries queries, DatasetInfo dataset, TradeSamples samples)
    {
        void Time(string step, Action action) => samples.Add(step, TradeSamples.Measure(() =>
        {
            action();
            return 0;
        }).Sample);

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
            if (run < referenceRuns)
            {
                Console.WriteLine($"Reference (metrics): {samples.RunReference("trade_reference.py", "metrics", ["baci", file, TradeFiles.BaciCountryCodes])}");
            }
        }

        samples.Row("country network from the stored rows", "network", "pandas groupby (read_csv not timed)", "metrics.network");
        samples.Row("PageRank 0.85 weighted", "pagerank", "networkx", "metrics.nx.pagerank");
        samples.Row("PageRank 0.85 weighted", "pagerank", "igraph", "metrics.ig.pagerank");
        samples.Row("eigenvector in + out", "eigenvector", "networkx", "metrics.nx.eigenvector");
        samples.Row("eigenvector in + out", "eigenvector", "igraph", "metrics.ig.eigenvector");
        samples.Row("HITS hubs + authorities", "hits", "networkx", "metrics.nx.hits");
        samples.Row("HITS hubs + authorities", "hits", "igraph", "metrics.ig.hits");
        samples.Row("betweenness, distance 1/value", "betweenness", "networkx", "metrics.nx.betweenness");
        samples.Row("betweenness, distance 1/value", "betweenness", "igraph", "metrics.ig.betweenness");
        samples.Row("clustering (directed, weighted)", "clustering", "networkx", "metrics.nx.clustering");
        samples.Row("all country-level metrics from the stored rows", "all", "pandas groupby + networkx",
            "metrics.network", "metrics.nx.strength", "metrics.nx.pagerank", "metrics.nx.eigenvector", "metrics.nx.hits", "metrics.nx.betweenness", "metrics.nx.clustering");
    }

    // Complexity at HS 4 digits (export matrix from the store, then every measure) and the dependencies of every
    // importer at HS 6 digits with the EU's extra-bloc criteria, beside numpy and pandas on the same rows.
    private static async Task ComplexityAsync(string file, int runs, int referenceRuns, TradeStore store, DatasetInfo dataset, TradeSamples samples)
    {
        var eu = EuMembers();
        for (var run = 0; run < runs; run++)
        {
            var (matrix, matrixSample) = await TradeSamples.MeasureAsync(() => ComplexityQueries.ExportMatrixAsync(store, dataset, 4));
            var (complexity, complexitySample) = TradeSamples.Measure(() => EconomicComplexity.Compute(matrix));
            samples.Add("matrix", matrixSample);
            samples.Add("complexity", complexitySample);
            samples.Add("complexity all", new Sample(matrixSample.Seconds + complexitySample.Seconds, matrixSample.Cpu + complexitySample.Cpu,
                Math.Max(matrixSample.Peak, complexitySample.Peak), matrixSample.Load));
            if (run < referenceRuns)
            {
                Console.WriteLine($"Reference (complexity): {samples.RunReference("complexity_reference.py", "complexity", ["complexity", "4", TradeFiles.BaciCountryCodes, file])}");
            }

            var (dependencies, dependenciesSample) = await TradeSamples.MeasureAsync(() => new DependencyQueries(store).ReportAsync(dataset, 6, null, "EU", eu));
            samples.Add("dependencies", dependenciesSample);
            if (run < referenceRuns)
            {
                samples.RunReference("complexity_reference.py", "dependencies", ["dependencies", "6", TradeFiles.BaciCountryCodes, string.Join(",", eu), file]);
            }

            if (run == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Complexity HS4: {matrix.Countries.Count} countries × {matrix.Products.Count} products, λ = {string.Join(", ", complexity.Eigenvalues.Select(l => l.ToString("0.0000", CultureInfo.InvariantCulture)))}, ECI {(complexity.Eci is null ? "undefined" : "defined")}; dependencies HS6: {dependencies.Products.Count:N0} importer × product rows, {dependencies.Products.Count(p => p.CriteriaMet):N0} meeting the GeoDep criteria, EU {dependencies.BlocProducts.Count(p => p.Dependent):N0} of {dependencies.BlocProducts.Count:N0} products dependent"));
            }
        }

        samples.Row("complexity HS4: exports by country × product", "matrix", null);
        samples.Row("complexity HS4: RCA … ECI, PCI, φ, ω, COI, COG", "complexity", null);
        samples.Row("complexity HS4 from the stored rows", "complexity all", "numpy+pandas: codes → countries, groupby … COG, one eigh", "complexity.complexity");
        samples.Row("dependencies HS6, every importer, + EU bloc", "dependencies", "pandas: codes → countries, groupby … flags", "dependencies.dependencies", "dependencies.bloc");
    }

    // The connectivity index of the stored year as `lianbo index build` makes it: the trade indicators (IndexBuilder.ReadAsync:
    // the country network, PageRank, DHL breadth, partners, depth with the shipped GDP), then CompositeIndex
    // (log, min-max, weights, arithmetic mean, ranks, trade-weighted world value), beside numpy and pandas; then the whole
    // build of both indices (the promotion index takes the complexity engine's ECI) with their sensitivity draws, stored.
    private static async Task IndicesAsync(string file, int runs, int referenceRuns, TradeStore store, TradeSamples samples)
    {
        var definitions = IndexBuilder.LoadDefinitions();
        var connectivity = definitions.Single(d => d.Id == "connectivity");
        for (var run = 0; run < runs; run++)
        {
            var (indicators, indicatorsSample) = await TradeSamples.MeasureAsync(() => new IndexBuilder(store).ReadAsync([connectivity]));
            var (_, indexSample) = TradeSamples.Measure(() => CompositeIndex.Compute(connectivity, indicators.Table));
            samples.Add("indicators", indicatorsSample);
            samples.Add("composite", indexSample);
            samples.Add("connectivity", new Sample(indicatorsSample.Seconds + indexSample.Seconds, indicatorsSample.Cpu + indexSample.Cpu,
                Math.Max(indicatorsSample.Peak, indexSample.Peak), indicatorsSample.Load));
            if (run < referenceRuns)
            {
                Console.WriteLine($"Reference (connectivity): {samples.RunReference("index_reference.py", "connectivity",
                    ["connectivity", Path.Combine(TradeFiles.Indices, "connectivity.json"), TradeFiles.Gdp, TradeFiles.Countries, TradeFiles.BaciCountryCodes, file])}");
            }

            var (built, buildSample) = await TradeSamples.MeasureAsync(() => new IndexBuilder(store).BuildAsync(definitions));
            samples.Add("build", buildSample);
            if (run == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Indices: {string.Join("; ", built.SelectMany(r => r.Years.Select(y => $"{r.Definition.Id} {y.Year}: world {y.Global:0.000}, {y.Countries.Count(c => c.Score is not null)} countries scored, {IndexBuilder.Settings(r.Definition, null, null).Draws} draws{(y.LackingDimensions.Count > 0 ? ", lacking " + string.Join(", ", y.LackingDimensions) : "")}")))}"));
            }
        }

        samples.Row("connectivity indicators: depth, DHL breadth, PageRank, partners", "indicators", "numpy+pandas: codes → countries, GDP file, groupby … PageRank", "connectivity.indicators");
        samples.Row("connectivity composite: log, min-max, weights, mean, ranks", "composite", "numpy+pandas", "connectivity.composite");
        samples.Row("connectivity index from the stored rows", "connectivity", "numpy+pandas (indicators + composite)", "connectivity.indicators", "connectivity.composite");
        samples.Row("index build: both indices, sensitivity draws, stored", "build", null);
    }

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

    // One statement on a new DuckDB connection (":memory:" or a file), timed with its connection's opening and closing;
    // the database file is deleted afterwards.
    private static async Task<Sample> DuckDbAsync(string database, string sql)
    {
        var (_, sample) = await TradeSamples.MeasureAsync(async () =>
        {
            await using var connection = new DuckDBConnection($"Data Source={database}");
            connection.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteNonQueryAsync();
        });
        if (database != ":memory:")
        {
            File.Delete(database);
            File.Delete(database + ".wal");
        }

        return sample;
    }

    private static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}
