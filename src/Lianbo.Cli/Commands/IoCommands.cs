using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lianbo.Core.Chains;
using Lianbo.Trade;
using Lianbo.Trade.InputOutput;
using Lianbo.Web.InputOutput;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo io</c>: world input–output tables. <c>import</c> stores a year (the shipped WIOD 2013 release by default);
/// <c>list</c> shows the stored tables; <c>country</c>, <c>industry</c> and <c>cascade</c> print what the pages show
/// (<c>--json</c>: what the API answers).
/// </summary>
internal static class IoCommands
{
    private static JsonSerializerOptions Json => MatchCommands.Json;

    public static Command Create(GlobalOptions global)
    {
        var table = new Option<string>("--table") { Description = CliText.Format("IoTableOption"), HelpName = "SOURCE/RELEASE/YEAR" };
        var json = new Option<bool>("--json") { Description = CliText.Format("IoJsonOption") };
        return new Command("io", CliText.Format("IoDescription"))
        {
            Import(global), List(global), Country(global, table, json), Industry(global, table, json), Linkages(global, table, json), Cascade(global, table, json),
        };
    }

    private static Command Import(GlobalOptions global)
    {
        var format = new Option<IoFormat>("--format") { Description = CliText.Format("IoFormatOption"), DefaultValueFactory = _ => IoFormat.Wiod2013 };
        var path = new Option<string>("--path") { Description = CliText.Format("IoPathOption"), HelpName = "PATH" };
        var years = new Option<int[]>("--year") { Description = CliText.Format("IoYearOption"), AllowMultipleArgumentsPerToken = true };
        var command = new Command("import", CliText.Format("IoImportDescription")) { format, path, years };
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            var output = result.InvocationConfiguration.Output;
            var source = result.GetValue(path) is { Length: > 0 } given ? Path.GetFullPath(given) : WiodReader.ShippedDirectory;
            var io = new IoStore(store);
            var asked = result.GetValue(years) ?? [];
            if (asked.Length == 0 && result.GetValue(format) == IoFormat.Wiod2013)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("IoYearNeeded", WiodReader.FirstYear, WiodReader.LastYear));
                return CliApp.UserError;
            }

            // A one-year file (WIOD 2016, ICIO) names its year when none is given.
            foreach (var year in asked.Length == 0 ? [null] : asked.Select(y => (int?)y))
            {
                var (info, violations) = await io.ImportAsync(result.GetValue(format), source, year, ct);
                await output.WriteLineAsync(CliText.Format("IoImported", info.Key, info.Countries, info.Sectors, info.Cells, info.GrossOutput.ToString("N0", CultureInfo.CurrentCulture), violations.Count));
                foreach (var v in violations.OrderByDescending(v => Math.Abs(v.Difference)).Take(10))
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.CurrentCulture, $"  {v.Country} {v.Sector}: {v.Intermediate:N0} + {v.Final:N0} − {v.GrossOutput:N0} = {v.Difference:N1} (±{v.Tolerance:N1})"));
                }
            }

            return 0;
        }));
        return command;
    }

    private static Command List(GlobalOptions global)
    {
        var command = new Command("list", CliText.Format("IoListDescription"));
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            var output = result.InvocationConfiguration.Output;
            var tables = await new IoStore(store).ListAsync(ct);
            if (tables.Count == 0)
            {
                await output.WriteLineAsync(CliText.Format("IoNoTables"));
            }

            foreach (var t in tables)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.CurrentCulture,
                    $"{t.Key.Source}/{t.Key.Release}/{t.Key.Year}  {t.Countries} × {t.Sectors}  {t.GrossOutput:N0}  {t.Violations}  {t.FileName}"));
            }

            return 0;
        }));
        return command;
    }

    private static Command Country(GlobalOptions global, Option<string> table, Option<bool> json)
    {
        var code = new Argument<string>("country") { Description = CliText.Format("IoCountryArgument") };
        var command = new Command("country", CliText.Format("IoCountryDescription")) { code, table, json };
        command.SetAction((result, ct) => WithAnalysisAsync(global, result, table, async analysis =>
        {
            var output = result.InvocationConfiguration.Output;
            var iso = result.GetValue(code)!.ToUpperInvariant();
            if (Array.IndexOf(analysis.Table.Countries, iso) < 0)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(Lianbo.Core.Messages.Format("IoUnknownCountry", iso, string.Join(", ", analysis.Table.Countries)));
                return CliApp.UserError;
            }

            var p = analysis.Profile(iso);
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(p, Json));
                return 0;
            }

            var names = Names(analysis.Table);
            await output.WriteLineAsync(CliText.Format("IoCountryTitle", iso, IoKey.Of(analysis.Table)));
            await output.WriteLineAsync(CliText.Format("IoCountryShares", p.GrossExports.ToString("N0", CultureInfo.CurrentCulture),
                Pct(p.DomesticValueAdded), Pct(p.ForeignValueAdded), Pct(p.DoubleCounted), Pct(p.Backward), Pct(p.Forward)));
            await output.WriteLineAsync(CliText.Format("IoCountryOrigins", string.Join(", ", p.ExportOrigins.OrderByDescending(o => o.Value).Take(6).Select(o => $"{o.Country} {Pct(o.Share)}"))));
            await output.WriteLineAsync(CliText.Format("IoCountryDestinations", string.Join(", ", p.ValueAddedDestinations.OrderByDescending(o => o.Value).Take(6).Select(o => $"{o.Country} {Pct(o.Share)}"))));
            await output.WriteLineAsync(string.Create(CultureInfo.CurrentCulture, $"{"industry",-8}{"output",14}{"exports",14}{"upstream.",11}{"multiplier",11}  name"));
            foreach (var r in p.Industries.OrderByDescending(r => r.Upstreamness ?? 0))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.CurrentCulture,
                    $"{r.Sector,-8}{r.GrossOutput,14:N0}{r.Exports,14:N0}{(r.Upstreamness is { } u ? u.ToString("F3", CultureInfo.CurrentCulture) : "-"),11}{r.OutputMultiplier,11:F3}  {names[r.Sector]}"));
            }

            return 0;
        }));
        return command;
    }

    private static Command Industry(GlobalOptions global, Option<string> table, Option<bool> json)
    {
        var code = new Argument<string>("sector") { Description = CliText.Format("IoSectorArgument") };
        var command = new Command("industry", CliText.Format("IoIndustryDescription")) { code, table, json };
        command.SetAction((result, ct) => WithAnalysisAsync(global, result, table, async analysis =>
        {
            var output = result.InvocationConfiguration.Output;
            var sector = result.GetValue(code)!;
            if (Array.IndexOf(analysis.Table.Sectors, sector) < 0)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(Lianbo.Core.Messages.Format("IoUnknownSector", sector, string.Join(", ", analysis.Table.Sectors)));
                return CliApp.UserError;
            }

            var rows = analysis.Industry(sector);
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(rows, Json));
                return 0;
            }

            await output.WriteLineAsync($"{sector} {Names(analysis.Table)[sector]} · {IoKey.Of(analysis.Table)}");
            await output.WriteLineAsync(string.Create(CultureInfo.CurrentCulture, $"{"country",-8}{"output",14}{"share",9}{"exports",14}{"upstream.",11}{"multiplier",11}"));
            foreach (var r in rows)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.CurrentCulture,
                    $"{r.Country,-8}{r.GrossOutput,14:N0}{Pct(r.WorldShare),9}{r.Exports,14:N0}{(r.Upstreamness is { } u ? u.ToString("F3", CultureInfo.CurrentCulture) : "-"),11}{r.OutputMultiplier,11:F3}"));
            }

            return 0;
        }));
        return command;
    }

    private static Command Linkages(GlobalOptions global, Option<string> table, Option<bool> json)
    {
        var country = new Argument<string>("country") { Description = CliText.Format("IoCountryArgument") };
        var sector = new Argument<string>("sector") { Description = CliText.Format("IoSectorArgument") };
        var top = new Option<int>("--top") { Description = CliText.Format("IoTopOption"), DefaultValueFactory = _ => 15 };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100)
            {
                r.AddError(Lianbo.Core.Messages.Format("IoBadTop", r.GetValueOrDefault<int>()));
            }
        });
        var command = new Command("linkages", CliText.Format("IoLinkagesDescription")) { country, sector, top, table, json };
        command.SetAction((result, ct) => WithAnalysisAsync(global, result, table, async analysis =>
        {
            var output = result.InvocationConfiguration.Output;
            var (iso, code) = (result.GetValue(country)!.ToUpperInvariant(), result.GetValue(sector)!);
            var errors = IoApi.LinkagesErrors(analysis.Table, iso, code);
            if (errors.Count > 0)
            {
                foreach (var (field, messages) in errors)
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
                }

                return CliApp.UserError;
            }

            var l = analysis.Linkages(iso, code, result.GetValue(top));
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(l, Json));
                return 0;
            }

            var culture = CultureInfo.CurrentCulture;
            var names = Names(analysis.Table);
            await output.WriteLineAsync(CliText.Format("IoLinkagesFacts", l.Country, l.Sector, names[l.Sector], l.GrossOutput.ToString("N0", culture),
                l.OutputMultiplier.ToString("F3", culture), l.ValueAddedMultiplier.ToString("F3", culture), l.Upstreamness?.ToString("F3", culture) ?? "-", Pct(l.DomesticInputs)));
            foreach (var (title, rows) in new[]
            {
                ("IoLinkagesDirectInputs", l.DirectInputs), ("IoLinkagesTotalRequirements", l.TotalRequirements),
                ("IoLinkagesDirectSales", l.DirectSales), ("IoLinkagesTotalAllocation", l.TotalAllocation),
            })
            {
                await output.WriteLineAsync(CliText.Format(title));
                foreach (var r in rows)
                {
                    await output.WriteLineAsync(string.Create(culture, $"  {r.Country,-5}{r.Sector,-6}{r.Value,10:F4}  {names[r.Sector]}"));
                }
            }

            return 0;
        }));
        return command;
    }

    private static Command Cascade(GlobalOptions global, Option<string> table, Option<bool> json)
    {
        var country = new Option<string>("--country") { Description = CliText.Format("IoShockCountryOption"), Required = true, HelpName = "ISO3" };
        var sector = new Option<string>("--sector") { Description = CliText.Format("IoShockSectorOption"), HelpName = "SECTOR[,SECTOR…]" };
        var share = new Option<string>("--share") { Description = CliText.Format("IoShockShareOption"), HelpName = "0–1" };
        var model = new Option<string>("--model") { Description = CliText.Format("IoShockModelOption"), HelpName = "supply|demand|extraction|inoperability" };
        var days = new Option<string>("--days") { Description = CliText.Format("IoShockDaysOption"), HelpName = "DAYS" };
        var command = new Command("cascade", CliText.Format("IoCascadeDescription")) { country, sector, share, model, days, table, json };
        command.SetAction((result, ct) => WithAnalysisAsync(global, result, table, async analysis =>
        {
            var output = result.InvocationConfiguration.Output;
            var (shock, errors) = IoApi.ParseShock(analysis.Table, result.GetValue(country), result.GetValue(sector), result.GetValue(share), result.GetValue(model), result.GetValue(days));
            if (shock is null)
            {
                foreach (var (field, messages) in errors)
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync($"--{field}: {string.Join(" ", messages)}");
                }

                return CliApp.UserError;
            }

            var cascade = IoApi.Describe(analysis, analysis.Cascade(shock));
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(cascade, Json));
                return 0;
            }

            await output.WriteLineAsync(CliText.Format("IoCascadeTotals", IoKey.Of(analysis.Table), shock.Model, shock.Country,
                shock.Sectors.Count == 0 ? "*" : string.Join(",", shock.Sectors), Pct(shock.Share), shock.Days,
                cascade.Total.ToString("N0", CultureInfo.CurrentCulture), cascade.DirectLoss.ToString("N0", CultureInfo.CurrentCulture)));
            foreach (var c in cascade.ByChain.Where(c => c.Stage is null))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.CurrentCulture, $"  {c.Chain,-28}{c.Loss,14:N0}  ({string.Join(",", c.Sectors)})"));
            }

            await output.WriteLineAsync(CliText.Format("IoCascadeCountries", string.Join(", ", cascade.ByCountry.Take(10).Select(c => string.Create(CultureInfo.CurrentCulture, $"{c.Country} {c.Value:N0}")))));
            return 0;
        }));
        return command;
    }

    // The analysis of --table (SOURCE/RELEASE/YEAR; by default the newest stored year), with the stage map of the
    // configured chains directory checked against its chain files.
    private static Task<int> WithAnalysisAsync(GlobalOptions global, ParseResult result, Option<string> table, Func<IoAnalysis, Task<int>> work) =>
        TradeCommands.RunAsync(global, result, async store =>
        {
            var io = new IoStore(store);
            var tables = await io.ListAsync();
            IoKey? key;
            if (result.GetValue(table) is { Length: > 0 } named)
            {
                var parts = named.Split('/');
                key = parts.Length == 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? new IoKey(parts[0], parts[1], year) : null;
                if (key is null)
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("IoBadTable", named));
                    return CliApp.UserError;
                }
            }
            else
            {
                key = tables.OrderByDescending(t => t.Key.Year).FirstOrDefault()?.Key;
            }

            if (key is null || await io.LoadAsync(key) is not { } loaded)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(Lianbo.Core.Messages.Format("IoNoTable", key?.Source, key?.Release, key?.Year,
                    tables.Count == 0 ? Lianbo.Core.Messages.Format("IoNoTables") : string.Join(", ", tables.Select(t => t.Key))));
                return CliApp.UserError;
            }

            var chains = global.Resolve(result).ResolvedChainsDirectory;
            var mapFile = Path.Combine(chains, "io", IoSectors.Family(key.Source, key.Release) + ".csv");
            IReadOnlyList<IoStageLink> map = [];
            if (File.Exists(mapFile))
            {
                var stages = ChainFiles.ReadDirectory(chains).SelectMany(c => c.Stages.Select(s => (c.Id, s.Id))).ToHashSet();
                map = IoSectors.ReadStageMap(mapFile, new HashSet<string>(loaded.Sectors, StringComparer.Ordinal), (c, s) => stages.Contains((c, s)));
            }

            return await work(new IoAnalysis(new IoModel(loaded), map));
        });

    private static Dictionary<string, string> Names(IoTable table) =>
        IoSectors.NamesFor(table).ToDictionary(s => s.Code, s => s.Label(CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase)), StringComparer.Ordinal);

    private static string Pct(double share) => share.ToString("P1", CultureInfo.CurrentCulture);
}
