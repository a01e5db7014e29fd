using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DuckDB.NET.Data;
using Microsoft.Extensions.Configuration;
using Lianbo.Trade;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Metrics;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;
using Lianbo.Web.Trade;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo trade import baci|pajek|csv PATH</c>, <c>trade years</c>, <c>trade metrics --year Y</c>, <c>trade codes</c>,
/// <c>trade export</c>, <c>trade generate</c>: the trade store under the data directory.
/// </summary>
internal static class TradeCommands
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Command Create(GlobalOptions global) =>
        new("trade", CliText.Format("TradeDescription"))
        {
            new Command("import", CliText.Format("TradeImportDescription")) { ImportBaci(global), ImportPajek(global), ImportCsv(global) },
            Years(global), Metrics(global), Codes(global), Export(global), Generate(),
            TradeDependencyCommands.Dependencies(global), TradeDependencyCommands.Substitutes(global),
        };

    private static Command ImportBaci(GlobalOptions global)
    {
        var path = PathArgument();
        var revision = new Option<string>("--revision") { Description = CliText.Format("TradeRevisionOption"), HelpName = "HS92" };
        var codes = new Option<string>("--country-codes") { Description = CliText.Format("TradeCountryCodesOption"), HelpName = "FILE" };
        var year = new Option<int?>("--year") { Description = CliText.Format("TradeBaciYearOption"), HelpName = "YEAR" };
        var command = new Command("baci", CliText.Format("TradeImportBaciDescription")) { path, revision, codes, year };
        command.SetAction((result, ct) => ImportAsync(global, result, result.GetValue(path)!, (store, progress) =>
            BaciImporter.ImportAsync(store, result.GetValue(path)!,
                new BaciImportOptions(result.GetValue(revision), result.GetValue(codes), ArchiveLimits(global, result), result.GetValue(year)), progress, ct)));
        return command;
    }

    // The same caps on what a zip may unpack to as the web app's (Lianbo:Uploads:Archive…).
    private static ArchiveLimits ArchiveLimits(GlobalOptions global, ParseResult result) =>
        (global.Configuration(result).GetSection(Web.Platform.UploadOptions.Section).Get<Web.Platform.UploadOptions>() ?? new()).ToArchiveLimits();

    private static Command ImportPajek(GlobalOptions global)
    {
        var path = PathArgument();
        var year = OptionalYear();
        var source = new Option<string>("--source") { Description = CliText.Format("TradeSourceOption"), DefaultValueFactory = _ => "Pajek" };
        var unit = UnitOption();
        var command = new Command("pajek", CliText.Format("TradeImportPajekDescription")) { path, year, source, unit };
        command.SetAction((result, ct) => ImportAsync(global, result, result.GetValue(path)!, (store, progress) =>
            PajekImporter.ImportAsync(store, result.GetValue(path)!, new PajekImportOptions(result.GetValue(year), result.GetValue(source)!, result.GetValue(unit)!), progress, ct)));
        return command;
    }

    private static Command ImportCsv(GlobalOptions global)
    {
        var path = PathArgument();
        var columns = new Option<string>("--columns")
        {
            Description = CliText.Format("TradeColumnsOption"), HelpName = "year=COL,exporter=COL,importer=COL,product=COL,value=COL",
            DefaultValueFactory = _ => CsvColumnMapping.Default,
        };
        var year = OptionalYear();
        var source = new Option<string>("--source") { Description = CliText.Format("TradeSourceOption"), DefaultValueFactory = _ => "CSV" };
        var revision = new Option<string>("--revision") { Description = CliText.Format("TradeRevisionOption"), DefaultValueFactory = _ => "none" };
        var unit = UnitOption();
        var delimiter = new Option<char>("--delimiter") { Description = CliText.Format("TradeDelimiterOption"), DefaultValueFactory = _ => ',' };
        var command = new Command("csv", CliText.Format("TradeImportCsvDescription")) { path, columns, year, source, revision, unit, delimiter };
        command.SetAction(async (result, ct) =>
        {
            CsvColumnMapping mapping;
            try
            {
                mapping = CsvColumnMapping.Parse(result.GetValue(columns)!);
            }
            catch (FormatException e)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"--columns: {e.Message}");
                return CliApp.UserError;
            }

            var options = new CsvImportOptions(mapping, result.GetValue(year), result.GetValue(source)!, result.GetValue(revision)!, result.GetValue(unit)!, result.GetValue(delimiter));
            return await ImportAsync(global, result, result.GetValue(path)!, (store, progress) => CsvImporter.ImportAsync(store, result.GetValue(path)!, options, progress, ct));
        });
        return command;
    }

    private static Command Years(GlobalOptions global)
    {
        var command = new Command("years", CliText.Format("TradeYearsDescription"));
        command.SetAction((result, ct) => RunAsync(global, result, async store =>
        {
            var output = result.InvocationConfiguration.Output;
            var datasets = await store.ListDatasetsAsync(ct);
            if (datasets.Count == 0)
            {
                await output.WriteLineAsync(CliText.Format("TradeNoYears"));
                return 0;
            }

            foreach (var d in datasets)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.CurrentCulture,
                    $"{d.Year}  {d.Source,-10} {d.Revision,-6} {d.Rows,14:N0} {CliText.Format("TradeRows")}  {d.TotalValue,22:N0} {d.Unit}{Generated(d)}  {d.FileName}"));
            }

            return 0;
        }));
        return command;
    }

    private static Command Metrics(GlobalOptions global)
    {
        var year = RequiredYear();
        var product = new Option<string>("--product") { Description = CliText.Format("TradeProductOption"), HelpName = "HS" };
        var (source, revision) = DatasetOptions();
        var format = new Option<string>("--format") { Description = CliText.Format("TradeFormatOption"), HelpName = "table|csv|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var command = new Command("metrics", CliText.Format("TradeMetricsDescription")) { year, product, source, revision, format };
        command.SetAction((result, ct) => RunAsync(global, result, async store =>
        {
            HsFilter? filter = null;
            if (result.GetValue(product) is { } text && (filter = HsFilter.TryParse(text)) is null)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("TradeBadProduct", text));
                return CliApp.UserError;
            }

            var metrics = await new TradeQueries(store).MetricsAsync(result.GetValue(year), filter, result.GetValue(source), result.GetValue(revision), ct);
            if (metrics is null)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("TradeNoData", result.GetValue(year)));
                return CliApp.UserError;
            }

            var output = result.InvocationConfiguration.Output;
            switch (result.GetValue(format))
            {
                case "json":
                    await output.WriteLineAsync(JsonSerializer.Serialize(metrics, Json));
                    break;
                case "csv":
                    WriteCsv(output, metrics);
                    break;
                default:
                    WriteTable(output, metrics);
                    break;
            }

            return 0;
        }));
        return command;
    }

    private static Command Codes(GlobalOptions global)
    {
        var year = RequiredYear();
        var (source, revision) = DatasetOptions();
        var command = new Command("codes", CliText.Format("TradeCodesDescription")) { year, source, revision };
        command.SetAction((result, ct) => RunAsync(global, result, async store =>
        {
            if (await new TradeQueries(store).FindAsync(result.GetValue(year), result.GetValue(source), result.GetValue(revision), ct: ct) is not { } dataset)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("TradeNoData", result.GetValue(year)));
                return CliApp.UserError;
            }

            var output = result.InvocationConfiguration.Output;
            await output.WriteLineAsync($"{dataset.Source} {dataset.Revision} {dataset.Year}{Generated(dataset)}");
            foreach (var code in await store.CountryCodesAsync(dataset.Key, ct))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{code.Code,6} → {code.Country,-4} {code.Name,-32} {code.Mapping}"));
            }

            return 0;
        }));
        return command;
    }

    private static Command Export(GlobalOptions global)
    {
        var year = RequiredYear();
        var (source, revision) = DatasetOptions();
        var output = new Option<string>("--out") { Description = CliText.Format("TradeExportOutOption"), HelpName = "FILE" };
        var command = new Command("export", CliText.Format("TradeExportDescription")) { year, source, revision, output };
        command.SetAction((result, ct) => RunAsync(global, result, async store =>
        {
            if (await new TradeQueries(store).FindAsync(result.GetValue(year), result.GetValue(source), result.GetValue(revision), ct: ct) is not { } dataset)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("TradeNoData", result.GetValue(year)));
                return CliApp.UserError;
            }

            var file = await store.ExportParquetAsync(dataset.Key, result.GetValue(output), ct);
            await result.InvocationConfiguration.Output.WriteLineAsync(CliText.Format("TradeExported", file, dataset.Rows) + Generated(dataset));
            return 0;
        }));
        return command;
    }

    private static Command Generate()
    {
        var year = RequiredYear();
        var rows = new Option<long>("--rows") { Description = CliText.Format("TradeRowsOption"), Required = true, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = CliText.Format("TradeSeedOption"), DefaultValueFactory = _ => 1 };
        var revision = new Option<string>("--revision") { Description = CliText.Format("TradeRevisionOption"), DefaultValueFactory = _ => "HS92" };
        var output = new Option<string>("--out") { Description = CliText.Format("TradeGenerateOutOption"), HelpName = "FILE" };
        var command = new Command("generate", CliText.Format("TradeGenerateDescription")) { year, rows, seed, revision, output };
        command.SetAction(async (result, ct) =>
        {
            var options = new GenerateOptions(result.GetValue(year), result.GetValue(rows), result.GetValue(seed), result.GetValue(revision)!);
            var path = Path.GetFullPath(result.GetValue(output) ?? options.DefaultFileName);
            var writer = result.InvocationConfiguration.Output;
            try
            {
                var file = await StatusDisplay.RunAsync(writer, CliText.Format("TradeGenerating", options.Rows, options.Year, options.Seed),
                    status => TradeGenerator.WriteAsync(path, options, new Relay<long>(n => status.Report(CliText.Format("TradeGenerateProgress", n))), ct));
                await writer.WriteLineAsync(CliText.Format("TradeGenerated", file.Path, file.Rows, file.Exporters, file.Products));
                return 0;
            }
            catch (ArgumentOutOfRangeException e)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"--rows: {e.Message.Split(" (Parameter", StringSplitOptions.None)[0]}");
                return CliApp.UserError;
            }
        });
        return command;
    }

    // Imports with a progress line (a bar on a terminal) and one line per stored year.
    private static Task<int> ImportAsync(GlobalOptions global, ParseResult result, string path,
        Func<TradeStore, IProgress<ImportProgress>, Task<IReadOnlyList<DatasetInfo>>> import) =>
        RunAsync(global, result, async store =>
        {
            var output = result.InvocationConfiguration.Output;
            var imported = await StatusDisplay.RunAsync(output, CliText.Format("TradeImporting", path),
                status => import(store, new ImportReporter(status)));
            foreach (var d in imported)
            {
                await output.WriteLineAsync(CliText.Format("TradeImported", d.Source, d.Revision, d.Year, d.Rows, d.TotalValue, d.Unit) + Generated(d));
            }

            // What the import left out or changed (self-loops dropped, historical codes kept): the same for every year of the file.
            foreach (var note in imported.FirstOrDefault()?.Notes ?? [])
            {
                await output.WriteLineAsync(note.Line is { } line ? TradeText.Format("FileLineError", Path.GetFileName(path), line, note.Text) : note.Text);
            }

            return 0;
        });

    // The trade store the settings name (Lianbo:Trade, in the configured data directory by default); a refused file or a store
    // that cannot be opened ends with one line and exit 2. A writer's store publishes its snapshot before the command ends.
    internal static async Task<int> RunAsync(GlobalOptions global, ParseResult result, Func<TradeStore, Task<int>> work)
    {
        var configuration = global.Configuration(result);
        await using var store = TradeStoreOptions.Create(configuration, GlobalOptions.Resolve(configuration).DataDirectory);
        var error = result.InvocationConfiguration.Error;
        store.Published += s => error.WriteLine(CliText.Format("TradeSnapshotPublished", s.Generation, s.File, s.Bytes / 1048576.0, s.Elapsed.TotalSeconds));
        store.PublishFailed += e => error.WriteLine(CliText.Format("TradeSnapshotFailed", store.SnapshotDirectory, e.Message.Split('\n')[0]));
        try
        {
            return await work(store);
        }
        catch (TradeDataException e)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync(e.Message);
            return CliApp.UserError;
        }
        catch (InvalidOperationException e) when (store.Role == TradeRole.Reader)
        {
            // An import on a reader node, or a reader before the writer's first snapshot: the message says which.
            await result.InvocationConfiguration.Error.WriteLineAsync(e.Message);
            return CliApp.UserError;
        }
        catch (DuckDBException e)
        {
            // E.g. another process holds the store: DuckDB allows one writer per file.
            await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("TradeStoreError", store.Path, e.Message.Split('\n')[0]));
            return CliApp.UserError;
        }
    }

    private static void WriteTable(TextWriter output, YearMetrics metrics)
    {
        var d = metrics.Dataset;
        output.WriteLine(CliText.Format("TradeMetricsTitle", d.Source, d.Revision, d.Year, metrics.Product ?? CliText.Format("TradeAllGoods"),
            metrics.Countries.Count, metrics.Countries.Sum(c => c.PartnersOut), metrics.TotalValue, d.Unit) + Generated(d));
        var culture = CultureInfo.CurrentCulture;
        output.WriteLine(string.Create(culture,
            $"{"country",-7}{"exports",18}{"imports",18}{"exp.share",10}{"out",5}{"in",5}{"pagerank",11}{"eig.in",11}{"eig.out",11}{"hub",11}{"authority",11}{"between",11}{"cluster",9}"));
        foreach (var c in metrics.Countries.OrderByDescending(c => c.Exports).ThenBy(c => c.Country, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(culture,
                $"{c.Country,-7}{c.Exports,18:N0}{c.Imports,18:N0}{c.ExportShare,10:P2}{c.PartnersOut,5}{c.PartnersIn,5}{c.PageRank,11:F6}{c.EigenvectorIn,11:F6}{c.EigenvectorOut,11:F6}{c.Hub,11:F6}{c.Authority,11:F6}{c.Betweenness,11:F6}{(c.Clustering is { } k ? k.ToString("F4", culture) : "-"),9}"));
        }
    }

    // Round-trip numbers, invariant culture; every row names its dataset and whether it is generated.
    private static void WriteCsv(TextWriter output, YearMetrics metrics)
    {
        var d = metrics.Dataset;
        output.WriteLine("source,revision,year,generated,product,country,exports,imports,export_share,import_share,partners_out,partners_in,strength,pagerank,eigenvector_in,eigenvector_out,hub,authority,betweenness,clustering");
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{d.Source},{d.Revision},{d.Year},{(d.Generated ? "true" : "false")},{metrics.Product}");
        foreach (var c in metrics.Countries)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{prefix},{c.Country},{c.Exports:R},{c.Imports:R},{c.ExportShare:R},{c.ImportShare:R},{c.PartnersOut},{c.PartnersIn},{c.Strength:R},{c.PageRank:R},{c.EigenvectorIn:R},{c.EigenvectorOut:R},{c.Hub:R},{c.Authority:R},{c.Betweenness:R},{c.Clustering:R}"));
        }
    }

    internal static string Generated(DatasetInfo dataset) => dataset.Generated ? CliText.Format("TradeGeneratedMark") : "";

    private static Argument<string> PathArgument() => new("path") { Description = CliText.Format("TradePathArgument") };

    internal static Option<int> RequiredYear() =>
        new("--year") { Description = CliText.Format("TradeYearOption"), Required = true, HelpName = "YEAR" };

    private static Option<int?> OptionalYear() =>
        new("--year") { Description = CliText.Format("TradeYearOption"), HelpName = "YEAR" };

    private static Option<string> UnitOption() =>
        new("--unit") { Description = CliText.Format("TradeUnitOption"), DefaultValueFactory = _ => "as in the file" };

    internal static (Option<string> Source, Option<string> Revision) DatasetOptions() =>
        (new Option<string>("--source") { Description = CliText.Format("TradeDatasetSourceOption") },
         new Option<string>("--revision") { Description = CliText.Format("TradeDatasetRevisionOption") });

    /// <summary>Turns import progress into status lines: a text bar with rows per second, at most one line a second when not on a terminal.</summary>
    private sealed class ImportReporter(IProgress<string> status) : IProgress<ImportProgress>
    {
        private readonly Stopwatch _sinceLast = Stopwatch.StartNew();

        public void Report(ImportProgress value)
        {
            if (!value.Finished && _sinceLast.Elapsed < TimeSpan.FromSeconds(1))
            {
                return;
            }

            _sinceLast.Restart();
            var bar = new StringBuilder();
            if (value.Fraction is { } fraction)
            {
                var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * 20);
                bar.Append('[').Append('#', filled).Append('.', 20 - filled).Append(CultureInfo.CurrentCulture, $"] {fraction,4:P0} ");
            }

            status.Report(bar + CliText.Format("TradeProgress", Path.GetFileName(value.File), value.Rows, value.RowsPerSecond));
        }
    }

    // Reports at once (Progress<T> would post to the thread pool).
    internal sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
