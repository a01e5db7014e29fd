using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Lianbo.Trade.Complexity;
using Lianbo.Trade.Dependencies;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo trade dependencies --year Y --importer ISO [--bloc GROUP]</c> and
/// <c>lianbo trade substitutes --year Y --importer ISO --product HS [--supplier ISO]</c>.
/// </summary>
internal static class TradeDependencyCommands
{
    public static Command Dependencies(GlobalOptions global)
    {
        var year = TradeCommands.RequiredYear();
        var importer = new Option<string>("--importer") { Description = CliText.Format("TradeImporterOption"), Required = true, HelpName = "ISO3" };
        var level = LevelOption(6);
        var bloc = new Option<string>("--bloc") { Description = CliText.Format("TradeBlocOption"), HelpName = "GROUP" };
        var all = new Option<bool>("--all") { Description = CliText.Format("TradeAllProductsOption") };
        var (source, revision) = TradeCommands.DatasetOptions();
        var format = FormatOption();
        var command = new Command("dependencies", CliText.Format("TradeDependenciesDescription")) { year, importer, level, bloc, all, source, revision, format };
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            var error = result.InvocationConfiguration.Error;
            if (Iso3.TryParse(result.GetValue(importer)) is not { } country)
            {
                await error.WriteLineAsync(CliText.Format("TradeBadCountry", "--importer", result.GetValue(importer)));
                return CliApp.UserError;
            }

            List<string>? members = null;
            if (result.GetValue(bloc) is { } group)
            {
                await using var db = DatabaseProvider.CreateContext(global.Resolve(result));
                await DatabaseProvider.MigrateAsync(db, ct);
                if ((members = await new ReferenceQueries(db).GroupMembersAsync(group, ct)) is null)
                {
                    await error.WriteLineAsync(CliText.Format("TradeUnknownBloc", group));
                    return CliApp.UserError;
                }
            }

            if (await new TradeQueries(store).FindAsync(result.GetValue(year), result.GetValue(source), result.GetValue(revision), needsProducts: true, ct) is not { } dataset)
            {
                await error.WriteLineAsync(CliText.Format("TradeNoData", result.GetValue(year)));
                return CliApp.UserError;
            }

            var report = await new DependencyQueries(store).ReportAsync(dataset, result.GetValue(level), country, result.GetValue(bloc)?.ToUpperInvariant(), members, ct);
            var output = result.InvocationConfiguration.Output;
            var rows = result.GetValue(all) ? report.Products : [.. report.Products.Where(p => p.GeoDep || p.CriteriaMet)];
            switch (result.GetValue(format))
            {
                case "json":
                    await output.WriteLineAsync(JsonSerializer.Serialize(report with { Products = rows }, TradeCommands.Json));
                    break;
                case "csv":
                    WriteCsv(output, report, rows);
                    break;
                default:
                    WriteTable(output, report, rows);
                    break;
            }

            return 0;
        }));
        return command;
    }

    public static Command Substitutes(GlobalOptions global)
    {
        var year = TradeCommands.RequiredYear();
        var importer = new Option<string>("--importer") { Description = CliText.Format("TradeImporterOption"), Required = true, HelpName = "ISO3" };
        var product = new Option<string>("--product") { Description = CliText.Format("TradeSubstituteProductOption"), Required = true, HelpName = "HS" };
        var supplier = new Option<string>("--supplier") { Description = CliText.Format("TradeSupplierOption"), HelpName = "ISO3" };
        var limit = new Option<int>("--limit") { Description = CliText.Format("TradeLimitOption"), DefaultValueFactory = _ => 20 };
        var (source, revision) = TradeCommands.DatasetOptions();
        var format = FormatOption();
        var command = new Command("substitutes", CliText.Format("TradeSubstitutesDescription")) { year, importer, product, supplier, limit, source, revision, format };
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            var error = result.InvocationConfiguration.Error;
            if (Iso3.TryParse(result.GetValue(importer)) is not { } country)
            {
                await error.WriteLineAsync(CliText.Format("TradeBadCountry", "--importer", result.GetValue(importer)));
                return CliApp.UserError;
            }

            string? from = null;
            if (result.GetValue(supplier) is { } text && (from = Iso3.TryParse(text)) is null)
            {
                await error.WriteLineAsync(CliText.Format("TradeBadCountry", "--supplier", text));
                return CliApp.UserError;
            }

            if (HsFilter.TryParse(result.GetValue(product)) is not { } hs)
            {
                await error.WriteLineAsync(CliText.Format("TradeBadProduct", result.GetValue(product)));
                return CliApp.UserError;
            }

            if (result.GetValue(limit) is < 1 or > 250)
            {
                await error.WriteLineAsync(CliText.Format("TradeBadLimit", result.GetValue(limit)));
                return CliApp.UserError;
            }

            if (await new TradeQueries(store).FindAsync(result.GetValue(year), result.GetValue(source), result.GetValue(revision), needsProducts: true, ct) is not { } dataset)
            {
                await error.WriteLineAsync(CliText.Format("TradeNoData", result.GetValue(year)));
                return CliApp.UserError;
            }

            var report = await new SubstituteFinder(store).FindAsync(dataset, hs.Code.Length, country, hs, from, result.GetValue(limit), ct);
            if (report is null)
            {
                await error.WriteLineAsync(CliText.Format("TradeNoImports", country, hs.Code, from ?? "-", dataset.Year));
                return CliApp.UserError;
            }

            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(report, TradeCommands.Json));
                return 0;
            }

            if (result.GetValue(format) == "csv")
            {
                output.WriteLine("source,revision,year,generated,importer,product,supplier,country,score,exports,world_share,rca,density,share_now,hhi_drop");
                foreach (var c in report.Candidates)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{Prefix(report.Dataset)},{report.Importer},{report.Product},{report.Supplier},{c.Country},{c.Score:R},{c.Exports:R},{c.WorldShare:R},{c.Rca:R},{c.Density:R},{c.ShareNow:R},{c.HhiDrop:R}"));
                }

                return 0;
            }

            output.WriteLine(CliText.Format("TradeSubstitutesTitle", report.Importer, report.Product, report.Supplier, report.SupplierShare, report.ImportHhi,
                report.Dataset.Source, report.Dataset.Revision, report.Dataset.Year) + TradeCommands.Generated(report.Dataset));
            var rank = 0;
            foreach (var c in report.Candidates)
            {
                output.WriteLine(string.Create(CultureInfo.CurrentCulture, $"{++rank,3}. {c.Country,-5} {c.Score,6:F3}"));
                foreach (var reason in c.Reasons)
                {
                    output.WriteLine("       " + reason);
                }
            }

            return 0;
        }));
        return command;
    }

    private static void WriteTable(TextWriter output, DependencyReport report, IReadOnlyList<ImportDependency> rows)
    {
        var d = report.Dataset;
        output.WriteLine(CliText.Format("TradeDependenciesTitle", report.Importer, d.Source, d.Revision, d.Year, report.Digits,
            string.Join(", ", report.Years), rows.Count, report.Products.Count) + TradeCommands.Generated(d));
        var culture = CultureInfo.CurrentCulture;
        output.WriteLine(CliText.Format("TradeDependenciesHeader"));
        foreach (var r in rows)
        {
            output.WriteLine(string.Create(culture,
                $"{r.Product,-8}{r.Imports,16:N0}{r.ImportHhi,8:F3} {r.TopSupplier,-5}{r.TopSupplierShare,8:P1}{r.Exports,16:N0}{(r.ImportExportRatio is { } x ? x.ToString("N2", culture) : "∞"),10}{r.WorldExportHhi,8:F3}  {Mark(r.CriteriaMet)}  {r.YearsMet}/{r.YearsStored}  {Mark(r.GeoDep)}"));
        }

        if (report.Bloc is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(CliText.Format("TradeBlocTitle", report.Bloc, report.BlocMembers.Count, report.BlocProducts.Count(p => p.Dependent), report.BlocProducts.Count));
        output.WriteLine(CliText.Format("TradeBlocHeader"));
        foreach (var r in report.BlocProducts.Where(p => p.Dependent))
        {
            output.WriteLine(string.Create(culture,
                $"{r.Product,-8}{r.ExtraImports,16:N0}{r.ExtraHhi,8:F3} {r.TopSupplier,-5}{r.TopSupplierShare,8:P1}{r.ExtraShare,8:P1}{(r.ImportExportRatio is { } x ? x.ToString("N2", culture) : "∞"),10}"));
        }
    }

    private static void WriteCsv(TextWriter output, DependencyReport report, IReadOnlyList<ImportDependency> rows)
    {
        output.WriteLine("source,revision,year,generated,digits,importer,product,imports,import_hhi,top_supplier,top_supplier_share,exports,imports_exports_ratio,world_export_hhi,criteria_met,years_met,years_stored,geodep");
        foreach (var r in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Prefix(report.Dataset)},{report.Digits},{r.Importer},{r.Product},{r.Imports:R},{r.ImportHhi:R},{r.TopSupplier},{r.TopSupplierShare:R},{r.Exports:R},{r.ImportExportRatio:R},{r.WorldExportHhi:R},{Flag(r.CriteriaMet)},{r.YearsMet},{r.YearsStored},{Flag(r.GeoDep)}"));
        }
    }

    private static string Prefix(DatasetInfo d) => string.Create(CultureInfo.InvariantCulture, $"{d.Source},{d.Revision},{d.Year},{Flag(d.Generated)}");

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Mark(bool value) => value ? "●" : "·";

    private static Option<int> LevelOption(int value)
    {
        var option = new Option<int>("--level") { Description = CliText.Format("TradeLevelOption"), HelpName = "2|4|6", DefaultValueFactory = _ => value };
        option.AcceptOnlyFromAmong([.. ComplexityQueries.Levels.Select(l => l.ToString(CultureInfo.InvariantCulture))]);
        return option;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = CliText.Format("TradeFormatOption"), HelpName = "table|csv|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        return format;
    }
}
