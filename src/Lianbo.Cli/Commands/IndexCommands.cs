using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lianbo.Trade;
using Lianbo.Trade.Indices;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo index build|show|sensitivity|import|indicators|fragmentation</c>: the composite indices over the trade store
/// (definitions in <c>data/indices</c>), their external indicators and the fragmentation monitor.
/// </summary>
internal static class IndexCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static Command Create(GlobalOptions global) =>
        new("index", CliText.Format("IndexDescription"))
        {
            Build(global), Show(global), SensitivityCommand(global), Import(global), Indicators(global), FragmentationCommand(global),
        };

    private static Option<string> DefinitionsOption() =>
        new("--definitions") { Description = CliText.Format("IndexDefinitionsOption"), HelpName = "DIR" };

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = CliText.Format("TradeFormatOption"), HelpName = "table|csv|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        return format;
    }

    private static Command Build(GlobalOptions global)
    {
        var index = new Option<string>("--index") { Description = CliText.Format("IndexIdOption"), HelpName = "ID" };
        var draws = new Option<int?>("--draws") { Description = CliText.Format("IndexDrawsOption"), HelpName = "N" };
        var seed = new Option<int?>("--seed") { Description = CliText.Format("IndexSeedOption"), HelpName = "N" };
        var definitions = DefinitionsOption();
        var command = new Command("build", CliText.Format("IndexBuildDescription")) { index, draws, seed, definitions };
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            var chosen = await DefinitionsAsync(result, result.GetValue(definitions), result.GetValue(index));
            if (chosen is null)
            {
                return CliApp.UserError;
            }

            if (result.GetValue(draws) is < 1 or > 100_000)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("IndexBadDraws"));
                return CliApp.UserError;
            }

            var output = result.InvocationConfiguration.Output;
            var built = await StatusDisplay.RunAsync(output, CliText.Format("IndexBuilding", string.Join(", ", chosen.Select(d => d.Id))),
                _ => new IndexBuilder(store).BuildAsync(chosen, result.GetValue(draws), result.GetValue(seed), ct));
            foreach (var one in built)
            {
                var settings = IndexBuilder.Settings(one.Definition, result.GetValue(draws), result.GetValue(seed));
                await output.WriteLineAsync(CliText.Format("IndexBuilt", one.Definition.Id, one.Years.Count, settings.Draws, settings.Seed));
                foreach (var year in one.Years)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.CurrentCulture,
                        $"  {year.Year}  {CliText.Format("IndexGlobal")} {Number(year.Global)}  {CliText.Format("IndexScored", year.Countries.Count(c => c.Score is not null))}")
                        + (year.LackingDimensions.Count > 0 ? "  " + CliText.Format("IndexLacking", string.Join(", ", year.LackingDimensions)) : ""));
                }

                foreach (var note in one.Notes.Distinct())
                {
                    await output.WriteLineAsync("  " + note);
                }
            }

            if (built.All(r => r.Years.Count == 0))
            {
                await output.WriteLineAsync(CliText.Format("IndexNothingToBuild"));
            }

            return 0;
        }));
        return command;
    }

    private static Command Show(GlobalOptions global)
    {
        var id = new Argument<string>("index") { Description = CliText.Format("IndexIdArgument") };
        var year = new Option<int?>("--year") { Description = CliText.Format("TradeYearOption"), HelpName = "YEAR" };
        var country = new Option<string>("--country") { Description = CliText.Format("IndexCountryOption"), HelpName = "ISO3" };
        var top = new Option<int>("--top") { Description = CliText.Format("IndexTopOption"), DefaultValueFactory = _ => 30 };
        var format = FormatOption();
        var command = new Command("show", CliText.Format("IndexShowDescription")) { id, year, country, top, format };
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var indices = new IndexStore(store);
            if (await indices.FindAsync(result.GetValue(id)!, ct) is not { } summary)
            {
                await error.WriteLineAsync(CliText.Format("IndexNotBuilt", result.GetValue(id)));
                return CliApp.UserError;
            }

            if (result.GetValue(country) is { } iso)
            {
                var history = (await indices.HistoryAsync(summary.Definition.Id, iso, ct))!;
                if (history.Years.Count == 0)
                {
                    await error.WriteLineAsync(CliText.Format("IndexNoCountry", iso.ToUpperInvariant(), summary.Definition.Id));
                    return CliApp.UserError;
                }

                Write(output, result.GetValue(format)!, history, history.Dimensions, history.Years.Select(y => (y.Year, y.Score)));
                return 0;
            }

            var chosenYear = result.GetValue(year) ?? summary.Years.Select(y => (int?)y.Year).LastOrDefault();
            if (chosenYear is null || await indices.RankingAsync(summary.Definition.Id, chosenYear.Value, ct) is not { } ranking)
            {
                await error.WriteLineAsync(CliText.Format("IndexNoYear", summary.Definition.Id, chosenYear, string.Join(", ", summary.Years.Select(y => y.Year))));
                return CliApp.UserError;
            }

            if (result.GetValue(format) == "table")
            {
                await output.WriteLineAsync(CliText.Format("IndexYearTitle", summary.Definition.Id, ranking.Year.Year, Number(ranking.Year.Global), ranking.Year.Countries,
                    ranking.Year.Dataset ?? "-") + (ranking.Year.Generated ? CliText.Format("TradeGeneratedMark") : ""));
                if (ranking.Year.LackingDimensions.Count > 0)
                {
                    await output.WriteLineAsync(CliText.Format("IndexLacking", string.Join(", ", ranking.Year.LackingDimensions)));
                }
            }

            Write(output, result.GetValue(format)!, ranking, ranking.Dimensions,
                ranking.Countries.Take(result.GetValue(format) == "table" ? Math.Max(1, result.GetValue(top)) : int.MaxValue).Select(c => (ranking.Year.Year, c)));
            if (result.GetValue(format) == "table")
            {
                // The figures above come from these files: each named with its licence, as on the pages.
                await output.WriteLineAsync(CliText.Format("IndexSourcesTitle"));
                foreach (var source in (await IndexSources.ForAsync(store, summary.Definition, ct)).Where(s => s.Source.Length > 0))
                {
                    await output.WriteLineAsync($"  {source.Indicator}: {source.Source}" + (source.Licence is { } licence ? $" ({licence})" : ""));
                }
            }

            return 0;
        }));
        return command;
    }

    private static Command SensitivityCommand(GlobalOptions global)
    {
        var id = new Argument<string>("index") { Description = CliText.Format("IndexIdArgument") };
        var year = new Option<int?>("--year") { Description = CliText.Format("TradeYearOption"), HelpName = "YEAR" };
        var draws = new Option<int?>("--draws") { Description = CliText.Format("IndexDrawsOption"), HelpName = "N" };
        var seed = new Option<int?>("--seed") { Description = CliText.Format("IndexSeedOption"), HelpName = "N" };
        var weights = new Option<string>("--weights") { Description = CliText.Format("IndexWeightsOption"), HelpName = "uniform|dirichlet" };
        weights.AcceptOnlyFromAmong("uniform", "dirichlet");
        var normalisations = new Option<string>("--normalisations") { Description = CliText.Format("IndexNormalisationsOption"), HelpName = "min-max,z-score" };
        var top = new Option<int>("--top") { Description = CliText.Format("IndexTopOption"), DefaultValueFactory = _ => 30 };
        var definitions = DefinitionsOption();
        var format = FormatOption();
        var command = new Command("sensitivity", CliText.Format("IndexSensitivityDescription")) { id, year, draws, seed, weights, normalisations, top, definitions, format };
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            var error = result.InvocationConfiguration.Error;
            if (await DefinitionsAsync(result, result.GetValue(definitions), result.GetValue(id)) is not [var definition])
            {
                return CliApp.UserError;
            }

            var settings = IndexBuilder.Settings(definition, result.GetValue(draws), result.GetValue(seed));
            if (result.GetValue(weights) is { } w)
            {
                settings = settings with { Weights = w == "dirichlet" ? WeightResampling.Dirichlet : WeightResampling.Uniform };
            }

            if (result.GetValue(normalisations) is { } text)
            {
                var list = new List<Normalisation>();
                foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (name is not ("min-max" or "z-score"))
                    {
                        await error.WriteLineAsync(CliText.Format("IndexBadNormalisation", name));
                        return CliApp.UserError;
                    }

                    list.Add(name == "min-max" ? Normalisation.MinMax : Normalisation.ZScore);
                }

                settings = settings with { Normalisations = list };
            }

            // The draws, spread and normalisations asked for are checked as a definition's would be (no geometric mean of z-scores).
            if ((definition with { Sensitivity = settings }).Problems().FirstOrDefault() is { } problem)
            {
                await error.WriteLineAsync(problem);
                return CliApp.UserError;
            }

            var builder = new IndexBuilder(store);
            var (table, _) = await builder.ReadAsync([definition], ct);
            var computed = Sensitivity.Run(definition, table, settings);
            var chosenYear = result.GetValue(year) ?? computed.Years.Select(y => (int?)y.Year).LastOrDefault();
            if (computed.Years.FirstOrDefault(y => y.Year == chosenYear) is not { } indexYear)
            {
                await error.WriteLineAsync(CliText.Format("IndexNoYear", definition.Id, chosenYear, string.Join(", ", computed.Years.Select(y => y.Year))));
                return CliApp.UserError;
            }

            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(format) == "table")
            {
                await output.WriteLineAsync(CliText.Format("IndexSensitivityTitle", definition.Id, indexYear.Year, settings.Draws, settings.Seed,
                    settings.Weights.ToString().ToLowerInvariant(), string.Join(", ", (settings.Normalisations ?? [definition.Normalisation]).Select(n => n == Normalisation.MinMax ? "min-max" : "z-score"))));
            }

            var dimensions = definition.Dimensions.Select(d => new IndexDimensionInfo(d.Id, d.NameEn, d.NameZh, d.Weight, [.. d.Indicators.Select(i => i.Id)])).ToList();
            Write(output, result.GetValue(format)!, indexYear, dimensions,
                indexYear.Countries.Where(c => c.Score is not null).Take(result.GetValue(format) == "table" ? Math.Max(1, result.GetValue(top)) : int.MaxValue).Select(c => (indexYear.Year, c)));
            return 0;
        }));
        return command;
    }

    private static Command Import(GlobalOptions global)
    {
        var path = new Argument<string>("path") { Description = CliText.Format("IndexImportPathArgument") };
        var command = new Command("import", CliText.Format("IndexImportDescription")) { path };
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            foreach (var s in await new ExternalIndicators(store).ImportAsync(result.GetValue(path)!, ct))
            {
                await result.InvocationConfiguration.Output.WriteLineAsync(CliText.Format("IndexIndicatorLine", s.Indicator, s.Values, s.Countries, s.FirstYear, s.LastYear, s.Sources));
            }

            return 0;
        }));
        return command;
    }

    private static Command Indicators(GlobalOptions global)
    {
        var command = new Command("indicators", CliText.Format("IndexIndicatorsDescription"));
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            var list = await new ExternalIndicators(store).ListAsync(ct);
            var output = result.InvocationConfiguration.Output;
            if (list.Count == 0)
            {
                await output.WriteLineAsync(CliText.Format("IndexNoIndicators"));
            }

            foreach (var s in list)
            {
                await output.WriteLineAsync(CliText.Format("IndexIndicatorLine", s.Indicator, s.Values, s.Countries, s.FirstYear, s.LastYear, s.Sources));
            }

            return 0;
        }));
        return command;
    }

    private static Command FragmentationCommand(GlobalOptions global)
    {
        var blocs = new Option<string>("--blocs") { Description = CliText.Format("IndexBlocsOption"), HelpName = "FILE" };
        var format = FormatOption();
        var command = new Command("fragmentation", CliText.Format("IndexFragmentationDescription")) { blocs, format };
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            var set = BlocSet.Load(result.GetValue(blocs) ?? Path.Combine(TradeFiles.Indices, "blocs-example.json"));
            var years = await Fragmentation.ComputeAsync(store, set, ct);
            var output = result.InvocationConfiguration.Output;
            switch (result.GetValue(format))
            {
                case "json":
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { blocs = set, years }, Json));
                    break;
                case "csv":
                    await output.WriteLineAsync("year,previous_year,from,to,value,previous_value,growth,comparable");
                    foreach (var y in years)
                    {
                        foreach (var p in y.Pairs)
                        {
                            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{y.Year},{y.PreviousYear},{p.From},{p.To},{p.Value:R},{p.Before:R},{p.Growth:R},{(y.Comparable ? "true" : "false")}"));
                        }
                    }

                    break;
                default:
                    await output.WriteLineAsync(CliText.Format("IndexFragmentationTitle", set.NameEn, set.Source));
                    if (years.Count == 0)
                    {
                        await output.WriteLineAsync(CliText.Format("IndexFragmentationNoYears"));
                    }

                    foreach (var y in years)
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.CurrentCulture,
                            $"{y.PreviousYear}→{y.Year}  {CliText.Format("IndexWithin")} {y.WithinGrowth,8:P1}  {CliText.Format("IndexBetween")} {y.BetweenGrowth,8:P1}  {CliText.Format("IndexGap")} {y.Gap * 100,7:F1} pp  {y.Dataset}")
                            + (y.Comparable ? "" : "  " + CliText.Format("IndexNotComparable")));
                    }

                    break;
            }

            return 0;
        }));
        return command;
    }

    // The definitions asked for (one id, or all), from the folder given or the shipped one; a bad file or an unknown id is reported.
    private static async Task<IReadOnlyList<IndexDefinition>?> DefinitionsAsync(ParseResult result, string? directory, string? id)
    {
        var all = IndexBuilder.LoadDefinitions(directory);
        if (id is null)
        {
            return all;
        }

        if (all.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase)) is { } one)
        {
            return [one];
        }

        await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("IndexUnknown", id, string.Join(", ", all.Select(d => d.Id))));
        return null;
    }

    private static string Number(double? value) => value is { } v ? v.ToString("F4", CultureInfo.CurrentCulture) : "-";

    // One row per (year, country): score, rank, band and every dimension, as a table, CSV or JSON.
    private static void Write(TextWriter output, string format, object whole, IReadOnlyList<IndexDimensionInfo> dimensions, IEnumerable<(int Year, CountryScore Score)> rows)
    {
        switch (format)
        {
            case "json":
                output.WriteLine(JsonSerializer.Serialize(whole, Json));
                return;
            case "csv":
                output.WriteLine("year,country,score,rank,median_rank,rank_p5,rank_p95,imputed," + string.Join(",", dimensions.Select(d => d.Id)));
                foreach (var (year, c) in rows)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{year},{c.Country},{c.Score:R},{c.Rank},{c.Band?.Median:R},{c.Band?.P5:R},{c.Band?.P95:R},{c.Imputed},") + string.Join(",", dimensions.Select(d => c.Dimensions.GetValueOrDefault(d.Id)?.ToString("R", CultureInfo.InvariantCulture))));
                }

                return;
        }

        var culture = CultureInfo.CurrentCulture;
        output.WriteLine(string.Create(culture, $"{"year",-6}{"country",-8}{"score",9}{"rank",6}{"median",8}{"5–95%",12}") + string.Concat(dimensions.Select(d => $" {d.Id,14}")));
        foreach (var (year, c) in rows)
        {
            var band = c.Band is { } b ? string.Create(culture, $"{b.P5:0.#}–{b.P95:0.#}") : "-";
            output.WriteLine(string.Create(culture, $"{year,-6}{c.Country,-8}{Number(c.Score),9}{c.Rank?.ToString(culture) ?? "-",6}{(c.Band is { } m ? m.Median.ToString("0.#", culture) : "-"),8}{band,12}")
                + string.Concat(dimensions.Select(d => $" {Number(c.Dimensions.GetValueOrDefault(d.Id)),14}")));
        }
    }
}
