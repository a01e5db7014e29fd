using Lianbo.Trade.Indices;
using Lianbo.Web.Reports.Svg;

namespace Lianbo.Web.Reports;

public sealed partial class ReportAssembler
{
    /// <summary>What the key findings take from the indices: per index, the world values of the year shown and the one before, the movers and the main driver.</summary>
    private sealed record IndexFacts(string Id, string Name, int Year, double? Global, int? PreviousYear, double? PreviousGlobal,
        IReadOnlyList<(string Country, int From, int To)> Movers, string? Driver, double? DriverContribution, bool Generated);

    private sealed record IndicesChapter(ReportChapter Chapter, IReadOnlyList<IndexFacts> Facts);

    /// <summary>How many countries the ranking tables show.</summary>
    private const int RankingRows = 20;

    private async Task<IndicesChapter> IndicesAsync(int year, Numbering chapter, CancellationToken ct)
    {
        var store = new IndexStore(trade);
        var blocks = new List<ReportBlock> { new Paragraph(T("Report.Indices.Intro")) };
        var facts = new List<IndexFacts>();
        var summaries = (await store.ListAsync(ct)).OrderBy(s => s.Definition.Id, StringComparer.Ordinal).ToList();
        if (summaries.Count == 0)
        {
            blocks.Add(new MissingNote("missing-indices", Missing(T("Report.Indices.What")), "lianbo data load open"));
        }

        foreach (var summary in summaries)
        {
            var definition = summary.Definition;
            var name = Zh ? definition.NameZh : definition.NameEn;
            var id = $"ch2-{definition.Id}";
            blocks.Add(Section(chapter, id, name));
            blocks.Add(new Paragraph(Zh ? definition.DescriptionZh : definition.DescriptionEn));
            var built = summary.Years.Where(y => y.Countries > 0 && y.Global is not null).OrderBy(y => y.Year).ToList();
            var shown = built.LastOrDefault(y => y.Year <= year);
            if (shown is null || await store.RankingAsync(definition.Id, shown.Year, ct) is not { } ranking)
            {
                blocks.Add(new MissingNote($"{id}-missing", Missing(T("Report.Indices.YearWhat", name, year)), "lianbo index build"));
                continue;
            }

            var generated = built.Any(y => y.Generated);
            var sources = await IndexSources.ForAsync(trade, definition, ct);
            var source = new SourceLine(T("Report.Indices.Source", List(sources.Select(s => s.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
                summary.Draws, summary.Seed), generated);
            var previous = built.LastOrDefault(y => y.Year < shown.Year);
            var before = previous is null ? null : await store.RankingAsync(definition.Id, previous.Year, ct);

            // The world trend.
            blocks.Add(new KeyFigures([new KeyFigure($"{id}-world-value", Score(shown.Global), T("Report.Indices.WorldValue", name, shown.Year),
                previous is null ? null : T("Report.Indices.Change", Signed(shown.Global!.Value - previous.Global!.Value), previous.Year))]));
            var line = new LineSeries(name, [.. built.Select(y => new LinePoint(y.Year, y.Global!.Value))]);
            blocks.Add(Figure(chapter, $"{id}-trend", T("Report.Indices.TrendCaption", name, built[0].Year, built[^1].Year),
                LineChart.Render([line], T("Report.Indices.TrendCaption", name, built[0].Year, built[^1].Year), "0.000", Culture), source));

            // What moved it, dimension by dimension.
            var explanation = before is null ? null : TrendDrivers.Explain(definition, before, ranking);
            string? driver = null;
            double? driverContribution = null;
            if (explanation is { Dimensions.Count: > 0 })
            {
                var rows = explanation.Dimensions.Select(d => (IReadOnlyList<string>)[DimensionName(definition, d.Dimension), Score(d.MeanFrom), Score(d.MeanTo), Signed(d.Contribution)]).ToList();
                blocks.Add(Table(chapter, $"{id}-drivers", T("Report.Indices.DriversCaption", name, explanation.From, explanation.To, explanation.Countries),
                    [new(T("Report.Indices.Dimension")), new(explanation.From.ToString(Culture), true), new(explanation.To.ToString(Culture), true), new(T("Report.Indices.Contribution"), true)],
                    rows, source));
                driver = DimensionName(definition, explanation.Dimensions[0].Dimension);
                driverContribution = explanation.Dimensions[0].Contribution;
            }

            // The ranking, with the bands of the sensitivity analysis and the change of rank.
            var oldRanks = before?.Countries.Where(c => c.Rank is not null).ToDictionary(c => c.Country, c => c.Rank!.Value, StringComparer.Ordinal) ?? [];
            var ranked = ranking.Countries.Where(c => c.Rank is not null).OrderBy(c => c.Rank).ThenBy(c => c.Country, StringComparer.Ordinal).ToList();
            var rankRows = ranked.Take(RankingRows).Select(c => (IReadOnlyList<string>)[
                c.Rank!.Value.ToString(Culture), CountryName(c.Country), Score(c.Score),
                c.Band is { } b ? T("Report.Indices.Band", Number(b.P5), Number(b.P95)) : "–",
                oldRanks.TryGetValue(c.Country, out var old) ? RankChange(old - c.Rank.Value) : "–"]).ToList();
            blocks.Add(Table(chapter, $"{id}-ranking", T("Report.Indices.RankingCaption", name, shown.Year, Math.Min(RankingRows, ranked.Count), ranked.Count),
                [new(T("Report.Indices.Rank"), true), new(T("Report.Country")), new(T("Report.Indices.Score"), true), new(T("Report.Indices.RankBand"), true),
                 new(previous is null ? T("Report.Indices.RankChange") : T("Report.Indices.RankChangeSince", previous.Year), true)],
                rankRows, source));
            blocks.Add(Figure(chapter, $"{id}-map", T("Report.Indices.MapCaption", name, shown.Year),
                WorldMap.Render(ByNumeric(ranked.Select(c => (c.Country, c.Score!.Value))), MapScale.Sequential, T("Report.Indices.MapCaption", name, shown.Year),
                    T("Report.Indices.Score"), T("Report.NoData"), "0.00", Culture), source));

            // Coverage: what each indicator holds in the year shown.
            var coverage = (await store.CoverageAsync(definition.Id, ct)).Where(c => c.Year == shown.Year).ToDictionary(c => c.Indicator, StringComparer.Ordinal);
            var sourceRows = sources.OrderBy(s => s.Indicator, StringComparer.Ordinal).Select(s => (IReadOnlyList<string>)[
                Zh ? s.NameZh : s.NameEn, s.Source, s.Licence ?? "–",
                coverage.TryGetValue(s.Indicator, out var c) ? Number(c.Observed) : "–",
                coverage.TryGetValue(s.Indicator, out var i) ? Number(i.Imputed) : "–"]).ToList();
            blocks.Add(Table(chapter, $"{id}-sources", T("Report.Indices.SourcesCaption", name, shown.Year),
                [new(T("Report.Indices.Indicator")), new(T("Report.Source")), new(T("Report.Licence")), new(T("Report.Indices.Observed"), true), new(T("Report.Indices.Imputed"), true)],
                sourceRows, source));

            facts.Add(new IndexFacts(definition.Id, name, shown.Year, shown.Global, previous?.Year, previous?.Global,
                Movers(ranking, before), driver, driverContribution, generated));
        }

        return new IndicesChapter(new ReportChapter("ch2", 2, T("Report.Chapter.Indices"), blocks), facts);
    }

    /// <summary>
    /// The countries whose rank moved most between the two years, counting only those whose 5–95% rank bands of the two
    /// years do not overlap (a move the sensitivity analysis cannot explain away); up and down, largest first.
    /// </summary>
    private static List<(string Country, int From, int To)> Movers(IndexRanking to, IndexRanking? from)
    {
        if (from is null)
        {
            return [];
        }

        var before = from.Countries.Where(c => c.Rank is not null).ToDictionary(c => c.Country, StringComparer.Ordinal);
        return [.. to.Countries
            .Where(c => c.Rank is not null && before.ContainsKey(c.Country))
            .Select(c => (Now: c, Then: before[c.Country]))
            .Where(p => p.Now.Band is null || p.Then.Band is null || p.Now.Band.P95 < p.Then.Band.P5 || p.Now.Band.P5 > p.Then.Band.P95)
            .Select(p => (p.Now.Country, From: p.Then.Rank!.Value, To: p.Now.Rank!.Value))
            .Where(m => m.From != m.To)
            .OrderByDescending(m => Math.Abs(m.From - m.To)).ThenBy(m => m.Country, StringComparer.Ordinal)
            .Take(6)];
    }

    private string DimensionName(IndexDefinition definition, string id) =>
        definition.Dimensions.FirstOrDefault(d => d.Id == id) is { } d ? (Zh ? d.NameZh : d.NameEn) : id;

    private static string Score(double? value) => value?.ToString("0.000", Culture) ?? "–";

    private static string Signed(double value) => value.ToString("+0.000;−0.000;0.000", Culture);

    private static string RankChange(int up) => up switch { > 0 => "▲" + up.ToString(Culture), < 0 => "▼" + (-up).ToString(Culture), _ => "=" };
}
