using Lianbo.Web.Reports.Svg;
using Lianbo.Web.Scenarios;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Web.Reports;

public sealed partial class ReportAssembler
{
    /// <summary>How many rows each scenario table shows.</summary>
    private const int ScenarioRows = 10;

    /// <summary>
    /// Chapter 4: the runs marked for the year's report, in the order marked, each with its main results as the run page
    /// shows them: engine 1's importers, engine 2's real GDP changes (map and table), engine 3's losses by chain and country.
    /// A run is stored immutable with its definition, so the chapter shows what ran, whatever the scenario became since;
    /// only runs everyone may see are shown (<see cref="Core.Reports.ReportStore.MarksAsync(Core.Accounts.Viewer?, int, CancellationToken)"/>).
    /// </summary>
    private async Task<ReportChapter> ScenariosAsync(int year, Numbering chapter, CancellationToken ct)
    {
        var blocks = new List<ReportBlock> { new Paragraph(T("Report.Scenarios.Intro")) };
        // Read as an anonymous reader: a run whose scenario is no longer published stays out of a public report.
        var marks = await reports.MarksAsync(null, year, ct);
        var ids = marks.Select(m => m.RunId).ToList();
        var results = await db.ScenarioRuns.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Result, ct);
        var marked = marks.Where(m => results.ContainsKey(m.RunId)).Select(m => new { Id = m.RunId, Result = results[m.RunId] }).ToList();
        if (marked.Count == 0)
        {
            blocks.Add(new MissingNote("ch4-no-marks", T("Report.Scenarios.None", year), $"lianbo report mark RUN --year {year}"));
        }

        foreach (var run in marked)
        {
            var result = ScenarioRuns.Deserialize(run.Result);
            var definition = result.Definition;
            var name = Zh ? definition.NameZh : definition.NameEn;
            var id = $"ch4-{run.Id}";
            blocks.Add(Section(chapter, id, name));
            blocks.Add(new Paragraph(Zh ? definition.DescriptionZh : definition.DescriptionEn));
            blocks.Add(new Paragraph(T(definition.Illustrative ? "Report.Scenarios.RunIllustrative" : "Report.Scenarios.Run",
                Display.Utc(new DateTimeOffset(result.RanAt, TimeSpan.Zero)), run.Id), $"{id}-run"));
            foreach (var note in result.Notes)
            {
                blocks.Add(new Paragraph(Zh ? note.Zh : note.En));
            }

            if (result.Exposure is { } exposure)
            {
                var unit = exposure.Dataset.Unit == Lianbo.Trade.Import.BaciImporter.Unit ? 1000.0 : 1.0;
                var source = new SourceLine(T("Report.Scenarios.ExposureSource", exposure.Dataset.Source, exposure.Dataset.Revision, exposure.Dataset.Year), exposure.Dataset.Generated);
                blocks.Add(new KeyFigures([
                    new($"{id}-lost", Display.Usd(exposure.Lost * unit), T("Report.Scenarios.Lost")),
                    new($"{id}-replaced", Display.Usd(exposure.Replaced * unit), T("Report.Scenarios.Replaced")),
                    new($"{id}-unmet", Display.Usd(exposure.Unmet * unit), T("Report.Scenarios.Unmet")),
                ]));
                var importers = exposure.Importers.Where(i => i.Lost > 0).OrderByDescending(i => i.Lost).ThenBy(i => i.Importer, StringComparer.Ordinal).Take(ScenarioRows);
                blocks.Add(Table(chapter, $"{id}-importers", T("Report.Scenarios.ImportersCaption", name),
                    [new(T("Report.Chains.Importer")), new(T("Report.Chains.Imports"), true), new(T("Report.Scenarios.Lost"), true),
                     new(T("Report.Scenarios.Replaced"), true), new(T("Report.Scenarios.Unmet"), true), new(T("Report.Scenarios.UnmetShare"), true)],
                    [.. importers.Select(i => (IReadOnlyList<string>)[CountryName(i.Importer), Display.Usd(i.Imports * unit), Display.Usd(i.Lost * unit),
                        Display.Usd(i.Replaced * unit), Display.Usd(i.Unmet * unit), Percent(i.UnmetShare)])], source));
            }

            if (result.Gravity is { Countries.Count: > 0 } gravity)
            {
                var source = new SourceLine(T("Report.Scenarios.GravitySource", gravity.Data, gravity.Year), Generated: false);
                blocks.Add(Figure(chapter, $"{id}-gdp-map", T("Report.Scenarios.GdpMapCaption", name),
                    WorldMap.Render(ByNumeric(gravity.Countries.Select(c => (c.Country, c.RealGdp))), MapScale.Diverging, T("Report.Scenarios.GdpMapCaption", name),
                        T("Report.Scenarios.RealGdp"), T("Report.NoData"), "0.00'%'", Culture), source));
                var countries = gravity.Countries.OrderBy(c => c.RealGdp).ThenBy(c => c.Country, StringComparer.Ordinal).Take(ScenarioRows / 2)
                    .Concat(gravity.Countries.OrderByDescending(c => c.RealGdp).ThenBy(c => c.Country, StringComparer.Ordinal).Take(ScenarioRows / 2))
                    .DistinctBy(c => c.Country).OrderBy(c => c.RealGdp).ThenBy(c => c.Country, StringComparer.Ordinal);
                blocks.Add(Table(chapter, $"{id}-gdp", T("Report.Scenarios.GdpCaption", name, gravity.Countries.Count),
                    [new(T("Report.Country")), new(T("Report.Scenarios.RealGdp"), true), new(T("Report.Scenarios.Exports"), true), new(T("Report.Scenarios.Band"), true)],
                    [.. countries.Select(c => (IReadOnlyList<string>)[CountryName(c.Country), ScenarioPages.Percent(c.RealGdp), ScenarioPages.Percent(c.Exports),
                        c.RealGdpBand is { } b ? $"{ScenarioPages.Percent(b.Low)} – {ScenarioPages.Percent(b.High)}" : "–"])], source));
            }

            if (result.InputOutput is { } cascade)
            {
                var source = new SourceLine(T("Report.Io.Source", cascade.Table.Source, cascade.Table.Release, cascade.Table.Year), Generated: false);
                blocks.Add(new KeyFigures([
                    new($"{id}-io-total", Display.Usd(cascade.Total * 1e6), T("Report.Scenarios.CascadeTotal")),
                    new($"{id}-io-direct", Display.Usd(cascade.DirectLoss * 1e6), T("Report.Scenarios.CascadeDirect")),
                ]));
                var chainNames = (await chains.ListAsync(ct)).ToDictionary(c => c.Id, c => Zh ? c.NameZh : c.NameEn, StringComparer.Ordinal);
                var byChain = cascade.ByChain.Where(c => c.Stage is null).OrderByDescending(c => c.Loss).ThenBy(c => c.Chain, StringComparer.Ordinal).Take(ScenarioRows).ToList();
                if (byChain.Count > 0)
                {
                    blocks.Add(Table(chapter, $"{id}-io-chains", T("Report.Scenarios.CascadeChainsCaption", name),
                        [new(T("Report.Expo.Chain")), new(T("Report.Scenarios.OutputLost"), true), new(T("Report.Scenarios.ShareOfOutput"), true)],
                        [.. byChain.Select(c => (IReadOnlyList<string>)[chainNames.GetValueOrDefault(c.Chain, c.Chain), Display.Usd(c.Loss * 1e6),
                            c.Baseline > 0 ? Percent(c.Loss / c.Baseline, 2) : "–"])], source));
                }

                blocks.Add(Table(chapter, $"{id}-io-countries", T("Report.Scenarios.CascadeCountriesCaption", name),
                    [new(T("Report.Country")), new(T("Report.Scenarios.OutputLost"), true), new(T("Report.Scenarios.ShareOfLoss"), true)],
                    [.. cascade.ByCountry.OrderByDescending(c => c.Value).ThenBy(c => c.Country, StringComparer.Ordinal).Take(ScenarioRows)
                        .Select(c => (IReadOnlyList<string>)[CountryName(c.Country), Display.Usd(c.Value * 1e6), Percent(c.Share, 2)])], source));
            }
        }

        return new ReportChapter("ch4", chapter.Number, T("Report.Chapter.Scenarios"), blocks);
    }
}
