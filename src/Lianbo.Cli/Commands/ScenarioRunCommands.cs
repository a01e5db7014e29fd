using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Files;
using Lianbo.Core.Scenarios;
using Lianbo.Trade.Store;
using Lianbo.Web.InputOutput;
using Lianbo.Web.Scenarios;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo scenario run | compare</c>: runs through the web app's run service (<see cref="ScenarioRuns"/>), so a run
/// made here is stored with its permalink as one made on the page or through the API; the command line acts as an organiser.
/// </summary>
internal static class ScenarioRunCommands
{
    /// <summary>How many importers and importer × product rows the table shows.</summary>
    private const int TopRows = 10;

    public static Command Run(GlobalOptions global)
    {
        var id = new Argument<string?>("id") { Description = CliText.Format("ScenarioRunIdArgument"), Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file") { Description = CliText.Format("ScenarioRunFileOption"), HelpName = "FILE" };
        var year = new Option<int?>("--year") { Description = CliText.Format("ScenarioRunYearOption"), HelpName = "N" };
        var format = FormatOption();
        var table = new Option<string?>("--table") { Description = CliText.Format("ScenarioRunTableOption"), HelpName = string.Join("|", ScenarioExport.TableNames) };
        var save = new Option<bool>("--save") { Description = CliText.Format("ScenarioRunSaveOption") };
        var run = new Command("run", CliText.Format("ScenarioRunDescription")) { id, file, year, format, table, save };
        run.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async trade =>
        {
            var (scenarioId, path) = (result.GetValue(id), result.GetValue(file));
            var error = result.InvocationConfiguration.Error;
            if ((scenarioId is null) == (path is null))
            {
                await error.WriteLineAsync(CliText.Format("ScenarioRunIdOrFile"));
                return CliApp.UserError;
            }

            await using var db = await ScenarioCommands.OpenAsync(global, result, ct, result.InvocationConfiguration.Error);
            var (store, runs) = Services(db, trade, global.Resolve(result).ResolvedChainsDirectory);
            ScenarioDefinition? definition = null;
            byte[] utf8 = [];
            if (path is not null)
            {
                utf8 = await File.ReadAllBytesAsync(path, ct);
                if (!ScenarioCommands.Read(result, path, utf8, out definition))
                {
                    return CliApp.UserError;
                }
            }
            else if (result.GetValue(year) is not null)
            {
                definition = (await store.GetAsync(Viewer.CommandLine, scenarioId!, ct))?.Definition;
                if (definition is null)
                {
                    await error.WriteLineAsync(Messages.Format("ScenarioNotFound", scenarioId));
                    return CliApp.UserError;
                }
            }

            if (definition is not null && result.GetValue(year) is { } y)
            {
                definition = definition with { Base = definition.Base with { Year = y } };
            }

            if (result.GetValue(save) && path is not null)
            {
                var created = await store.CreateAsync(Viewer.CommandLine, definition!, ct);
                if (!await ScenarioCommands.ReportAsync(result, path, utf8, created))
                {
                    return CliApp.UserError;
                }

                await error.WriteLineAsync(CliText.Format("ScenarioAdded", definition!.Id, definition.Version));
            }

            var outcome = await StatusDisplay.RunAsync(error, CliText.Format("ScenarioRunning", definition?.Id ?? scenarioId), progress =>
                definition is null || (result.GetValue(save) && path is not null)
                    ? runs.RunStoredAsync(Viewer.CommandLine, definition?.Id ?? scenarioId!, progress, ct)
                    : runs.RunDefinitionAsync(Viewer.CommandLine, definition, progress, ct));
            if (!await ScenarioCommands.ReportAsync(result, path ?? scenarioId!, utf8, outcome))
            {
                return CliApp.UserError;
            }

            return await WriteRunAsync(result, outcome.Value!, result.GetValue(format)!, result.GetValue(table));
        }));
        return run;
    }

    public static Command Compare(GlobalOptions global)
    {
        var a = new Argument<string>("a") { Description = CliText.Format("ScenarioCompareArgument") };
        var b = new Argument<string>("b") { Description = CliText.Format("ScenarioCompareArgument") };
        var format = FormatOption();
        var table = new Option<string>("--table") { Description = CliText.Format("ScenarioCompareTableOption"), HelpName = "headline|gravity", DefaultValueFactory = _ => "headline" };
        table.AcceptOnlyFromAmong("headline", "gravity");
        var compare = new Command("compare", CliText.Format("ScenarioCompareDescription")) { a, b, format, table };
        compare.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async trade =>
        {
            await using var db = await ScenarioCommands.OpenAsync(global, result, ct, result.InvocationConfiguration.Error);
            var (_, runs) = Services(db, trade, global.Resolve(result).ResolvedChainsDirectory);
            var sides = new List<LoadedRun>();
            foreach (var key in new[] { result.GetValue(a)!, result.GetValue(b)! })
            {
                // A run id first; else a scenario id, run now.
                if (await runs.LoadAsync(Viewer.CommandLine, key, ct) is { } loaded)
                {
                    sides.Add(loaded);
                    continue;
                }

                var outcome = await StatusDisplay.RunAsync(result.InvocationConfiguration.Error, CliText.Format("ScenarioRunning", key),
                    progress => runs.RunStoredAsync(Viewer.CommandLine, key, progress, ct));
                if (!outcome.IsValid)
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("ScenarioCompareUnknown", key));
                    return CliApp.UserError;
                }

                await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("ScenarioRunDone", outcome.Value!.Id, Permalink(outcome.Value.Id)));
                sides.Add(outcome.Value);
            }

            await WriteComparisonAsync(result.InvocationConfiguration.Output, sides[0], sides[1], result.GetValue(format)!, result.GetValue(table)!);
            return 0;
        }));
        return compare;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = CliText.Format("ScenarioRunFormatOption"), HelpName = "table|csv|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        return format;
    }

    private static (ScenarioStore Store, ScenarioRuns Runs) Services(LianboDbContext db, TradeStore trade, string chainsDirectory)
    {
        var store = ScenarioCommands.Store(db);
        var chains = new ChainStore(db);
        var io = new IoService(trade, chainsDirectory, ct => IoService.StagesAsync(chains, ct), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        return (store, new ScenarioRuns(store, new ScenarioRunner(chains, trade, io)));
    }

    // As the downloads write it, without the byte-order mark (spreadsheets want it; a terminal or a pipe does not).
    private static string Csv(IEnumerable<IReadOnlyList<string>> rows) => System.Text.Encoding.UTF8.GetString(UploadedCsv.Write(rows)).TrimStart('\uFEFF');

    private static string Permalink(string runId) => $"/scenarios/runs/{runId}";

    // Table: the id and permalink, then what each engine answered; csv: one table as the permalink exports it; json: as the API answers.
    private static async Task<int> WriteRunAsync(ParseResult result, LoadedRun run, string format, string? table)
    {
        var (output, error) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
        if (format == "json")
        {
            await error.WriteLineAsync(CliText.Format("ScenarioRunDone", run.Id, Permalink(run.Id)));
            await output.WriteLineAsync(JsonSerializer.Serialize(ScenarioRunCreated.Of(run), ScenarioRuns.Json));
            return 0;
        }

        if (format == "csv")
        {
            var tables = ScenarioExport.Tables(run.Result);
            if (tables.FirstOrDefault(t => string.Equals(t.Name, table ?? tables[0].Name, StringComparison.OrdinalIgnoreCase)) is not { } sheet)
            {
                await error.WriteLineAsync(Messages.Format("ScenarioUnknownTable", table, string.Join(", ", tables.Select(t => t.Name))));
                return CliApp.UserError;
            }

            await error.WriteLineAsync(CliText.Format("ScenarioRunDone", run.Id, Permalink(run.Id)));
            await output.WriteAsync(Csv(sheet.Rows));
            return 0;
        }

        var r = run.Result;
        var d = r.Definition;
        await output.WriteLineAsync(CliText.Format("ScenarioRunDone", run.Id, Permalink(run.Id)));
        await output.WriteLineAsync($"{d.Id} {d.Version}  {ScenarioPages.Name(d)}{(d.Illustrative ? "  " + CliText.Format("ScenarioIllustrative") : "")}");
        var culture = CultureInfo.CurrentCulture;
        if (r.Exposure is { } e)
        {
            var unit = e.Dataset.Unit;
            await output.WriteLineAsync();
            await output.WriteLineAsync(CliText.Format("ScenarioRunExposureTitle", e.Dataset.Source, e.Dataset.Revision, e.Dataset.Year, e.Headroom) + TradeCommands.Generated(e.Dataset));
            await output.WriteLineAsync(string.Create(culture, $"  {CliText.Format("ScenarioRunLost")}: {e.Lost:N0} {unit}   {CliText.Format("ScenarioRunReplaced")}: {e.Replaced:N0} {unit}   {CliText.Format("ScenarioRunUnmet")}: {e.Unmet:N0} {unit}"));
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(culture, $"{CliText.Format("ScenarioRunImporter"),-10}{"",8}{CliText.Format("ScenarioRunLost"),18}{CliText.Format("ScenarioRunUnmet"),18}{CliText.Format("ScenarioRunUnmetShare"),12}"));
            foreach (var i in ScenarioPages.TopImporters(e).Take(TopRows))
            {
                await output.WriteLineAsync(string.Create(culture, $"{i.Importer,-18}{i.Lost,18:N0}{i.Unmet,18:N0}{i.UnmetShare,12:P1}"));
            }

            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(culture, $"{CliText.Format("ScenarioRunImporter"),-10}{"HS" + e.Digits,8}{CliText.Format("ScenarioRunLost"),18}{CliText.Format("ScenarioRunUnmet"),18}{CliText.Format("ScenarioRunUnmetShare"),12}"));
            foreach (var p in e.Products.OrderByDescending(p => p.Unmet).ThenByDescending(p => p.Lost).ThenBy(p => p.Importer, StringComparer.Ordinal).ThenBy(p => p.Product, StringComparer.Ordinal).Take(TopRows))
            {
                await output.WriteLineAsync(string.Create(culture, $"{p.Importer,-10}{p.Product,8}{p.Lost,18:N0}{p.Unmet,18:N0}{p.UnmetShare,12:P1}"));
            }
        }

        if (r.InputOutput is { } io)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(CliText.Format("ScenarioRunIoTitle", io.Table, io.Total.ToString("N0", culture), io.DirectLoss.ToString("N0", culture)));
            foreach (var c in io.ByChain.Where(c => c.Stage is null))
            {
                await output.WriteLineAsync(string.Create(culture, $"  {c.Chain,-28}{c.Loss,14:N0}"));
            }

            await output.WriteLineAsync(CliText.Format("IoCascadeCountries", string.Join(", ", io.ByCountry.Take(10).Select(c => string.Create(culture, $"{c.Country} {c.Value:N0}")))));
        }

        if (r.Gravity is { } g)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(CliText.Format("ScenarioRunGravityTitle", g.Year, g.Sigma, g.Data));
            await output.WriteLineAsync(string.Create(culture, $"{CliText.Format("ScenarioRunCountry"),-10}{CliText.Format("ScenarioRunRealGdp"),14}{CliText.Format("ScenarioRunExports"),14}{CliText.Format("ScenarioRunPrice"),14}"));
            foreach (var c in g.Countries)
            {
                await output.WriteLineAsync(string.Create(culture, $"{c.Country,-10}{c.RealGdp,14:+0.000;-0.000;0.000}{c.Exports,14:+0.000;-0.000;0.000}{c.Price,14:+0.000;-0.000;0.000}"));
            }
        }

        if (r.Notes.Count > 0)
        {
            await output.WriteLineAsync();
            foreach (var note in r.Notes)
            {
                await output.WriteLineAsync($"* {ScenarioPages.Note(note)}");
            }
        }

        return 0;
    }

    private sealed record Headline(string RunId, string Url, string Scenario, string Version, double? Lost, double? Replaced, double? Unmet, int? ImportersHit, string? Unit);

    private sealed record CountryDifference(string Country, double? A, double? B, double? Difference);

    private static Headline HeadlineOf(LoadedRun run)
    {
        var e = run.Result.Exposure;
        return new(run.Id, Permalink(run.Id), run.Result.Definition.Id, run.Result.Definition.Version, e?.Lost, e?.Replaced, e?.Unmet, e?.Importers.Count(i => i.Lost > 0), e?.Dataset.Unit);
    }

    // Engine 2: every country of either run, with its real GDP change (%) in each and B − A.
    private static List<CountryDifference> Differences(LoadedRun a, LoadedRun b)
    {
        var left = a.Result.Gravity?.Countries.ToDictionary(c => c.Country, c => c.RealGdp, StringComparer.Ordinal) ?? [];
        var right = b.Result.Gravity?.Countries.ToDictionary(c => c.Country, c => c.RealGdp, StringComparer.Ordinal) ?? [];
        return [.. left.Keys.Union(right.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(country =>
        {
            double? x = left.TryGetValue(country, out var l) ? l : null, y = right.TryGetValue(country, out var r) ? r : null;
            return new CountryDifference(country, x, y, y - x);
        })];
    }

    private static async Task WriteComparisonAsync(TextWriter output, LoadedRun a, LoadedRun b, string format, string table)
    {
        var (ha, hb) = (HeadlineOf(a), HeadlineOf(b));
        var countries = Differences(a, b);
        if (format == "json")
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { a = ha, b = hb, countries }, ScenarioRuns.Json));
            return;
        }

        var invariant = CultureInfo.InvariantCulture;
        if (format == "csv")
        {
            static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";
            IEnumerable<IReadOnlyList<string>> rows = table == "gravity"
                ? [["country", "real GDP % A", "real GDP % B", "difference"], .. countries.Select(c => (IReadOnlyList<string>)[c.Country, N(c.A), N(c.B), N(c.Difference)])]
                : [["run", "scenario", "version", "lost", "replaced", "unmet", "importers hit", "unit"],
                    .. new[] { ha, hb }.Select(h => (IReadOnlyList<string>)[h.RunId, h.Scenario, h.Version, N(h.Lost), N(h.Replaced), N(h.Unmet), h.ImportersHit?.ToString(invariant) ?? "", h.Unit ?? ""])];
            await output.WriteAsync(Csv(rows));
            return;
        }

        var culture = CultureInfo.CurrentCulture;
        static string Cell(double? v, string f) => v?.ToString(f, CultureInfo.CurrentCulture) ?? "—";
        await output.WriteLineAsync(string.Create(culture, $"{"",-16}{"A",34}{"B",34}"));
        await output.WriteLineAsync(string.Create(culture, $"{CliText.Format("ScenarioRunScenario"),-16}{ha.Scenario + " " + ha.Version,34}{hb.Scenario + " " + hb.Version,34}"));
        await output.WriteLineAsync(string.Create(culture, $"{CliText.Format("ScenarioRunId"),-16}{ha.RunId,34}{hb.RunId,34}"));
        foreach (var (key, x, y) in new[] { ("ScenarioRunLost", ha.Lost, hb.Lost), ("ScenarioRunReplaced", ha.Replaced, hb.Replaced), ("ScenarioRunUnmet", ha.Unmet, hb.Unmet) })
        {
            await output.WriteLineAsync(string.Create(culture, $"{CliText.Format(key),-16}{Cell(x, "N0"),34}{Cell(y, "N0"),34}"));
        }

        await output.WriteLineAsync(string.Create(culture, $"{CliText.Format("ScenarioRunImportersHit"),-16}{Cell(ha.ImportersHit, "N0"),34}{Cell(hb.ImportersHit, "N0"),34}"));
        if (countries.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(culture, $"{CliText.Format("ScenarioRunCountry"),-10}{CliText.Format("ScenarioRunRealGdp") + " A",16}{CliText.Format("ScenarioRunRealGdp") + " B",16}{"B − A",12}"));
            foreach (var c in countries)
            {
                await output.WriteLineAsync(string.Create(culture, $"{c.Country,-10}{Cell(c.A, "+0.000;-0.000;0.000"),16}{Cell(c.B, "+0.000;-0.000;0.000"),16}{Cell(c.Difference, "+0.000;-0.000;0.000"),12}"));
            }
        }
    }
}
