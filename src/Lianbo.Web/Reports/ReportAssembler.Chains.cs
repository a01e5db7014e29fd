using Lianbo.Core.Chains;
using Lianbo.Web.Chains;
using Lianbo.Web.Reports.Svg;

namespace Lianbo.Web.Reports;

public sealed partial class ReportAssembler
{
    /// <summary>A goods stage's world trade, for the key findings.</summary>
    private sealed record StageFacts(string Chain, string Stage, double WorldExportsUsd, string? TopExporter, double TopShare, double ChinaShare, double Hhi);

    private sealed record ChainsChapter(ReportChapter Chapter, IReadOnlyList<StageFacts> Stages, int? TradeYear, int Chokepoints);

    private async Task<ChainsChapter> ChainsAsync(int year, Numbering chapter, CancellationToken ct)
    {
        var blocks = new List<ReportBlock> { new Paragraph(T("Report.Chains.Intro")) };
        var facts = new List<StageFacts>();
        int? tradeYear = null;
        var chokepoints = 0;
        var missingTrade = false;
        foreach (var summary in (await chains.ListAsync(ct)).OrderBy(c => c.Order).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            if (await chains.GetAsync(summary.Id, ct) is not { } chain)
            {
                continue;
            }

            var name = Zh ? chain.NameZh : chain.NameEn;
            var id = $"ch3-{chain.Id}";
            blocks.Add(Section(chapter, id, name));
            blocks.Add(new Paragraph(Zh ? chain.DescriptionZh : chain.DescriptionEn));
            blocks.Add(new Paragraph(StagesSentence(chain), $"{id}-stages"));
            if (chain.Stages.All(s => s.Kind == StageKind.Services))
            {
                blocks.Add(new Paragraph(T("Report.Chains.ServicesOnly"), $"{id}-services"));
                continue;
            }

            // World trade of each goods stage, in the latest year of the most precise series loaded up to the report's year.
            var view = await panorama.BuildAsync(chain.Id, null, ct: ct);
            if (view is { TradeYears.Count: > 0 } && view.TradeYear > year && view.TradeYears.Where(y => y <= year).DefaultIfEmpty().Max() is var earlier and > 0)
            {
                view = await panorama.BuildAsync(chain.Id, earlier, ct: ct);
            }

            // No year up to the report's: the later data are not this report's.
            if (view is null || view.TradeYear is null || view.TradeYear > year || view.Trade.Count == 0)
            {
                missingTrade = true;
                blocks.Add(new MissingNote($"{id}-no-trade", Missing(T("Report.Chains.TradeWhat")), "lianbo trade import baci BACI_HS22_Y2022_V202401.zip"));
            }
            else
            {
                if (tradeYear is null && await new Lianbo.Trade.Queries.TradeQueries(trade).FindAsync(view.TradeYear.Value, view.TradeSource, view.TradeRevision, needsProducts: true, ct) is { } dataset)
                {
                    // Once, before the first table: how much of the world the trade year covers (a sample is not the world).
                    var coverage = await new Lianbo.Trade.Queries.TradeQueries(trade).CoverageAsync(dataset, ct);
                    blocks.Insert(1, new Paragraph(T("Report.Chains.Coverage", dataset.Source, dataset.Revision, dataset.Year, Number(dataset.Rows), Number(coverage.Exporters), Number(coverage.Importers)), "ch3-coverage"));
                }

                tradeYear ??= view.TradeYear;
                var unitScale = view.TradeUnit == ChainPanoramaData.Unit ? 1000.0 : 1.0;
                var source = new SourceLine(T("Report.Chains.TradeSource", view.TradeSource ?? "", view.TradeRevision ?? "", view.TradeYear), view.TradeGenerated);
                var stageNames = chain.Stages.ToDictionary(s => s.Id, s => Zh ? s.NameZh : s.NameEn, StringComparer.Ordinal);
                var rows = new List<IReadOnlyList<string>>();
                var bars = new List<BarItem>();
                foreach (var stage in view.Trade)
                {
                    var usd = stage.WorldExports * unitScale;
                    var top = stage.TopExporters.Take(3).Select(e => $"{CountryName(e.Code)} {Percent(e.Share)}");
                    rows.Add([stageNames.GetValueOrDefault(stage.StageId, stage.StageId) + (stage.Proxy ? T("Report.Chains.ProxyMark") : ""),
                        Display.Usd(usd), List(top), stage.ExporterHhi.ToString("0.000", Culture), Percent(stage.ChinaShare)]);
                    bars.Add(new BarItem(stageNames.GetValueOrDefault(stage.StageId, stage.StageId), usd, Display.Usd(usd)));
                    var first = stage.TopExporters.FirstOrDefault();
                    facts.Add(new StageFacts(name, stageNames.GetValueOrDefault(stage.StageId, stage.StageId), usd, first?.Code, first?.Share ?? 0, stage.ChinaShare, stage.ExporterHhi));
                }

                blocks.Add(Table(chapter, $"{id}-trade", T("Report.Chains.TradeCaption", name, view.TradeYear),
                    [new(T("Report.Chains.Stage")), new(T("Report.Chains.WorldExports"), true), new(T("Report.Chains.TopExporters")),
                     new(T("Report.Chains.Hhi"), true), new(T("Report.Chains.ChinaShare"), true)], rows, source));
                blocks.Add(Figure(chapter, $"{id}-trade-chart", T("Report.Chains.TradeChartCaption", name, view.TradeYear),
                    BarChart.Horizontal(bars, T("Report.Chains.TradeChartCaption", name, view.TradeYear)), source));
                if (view.Trade.Any(s => s.Proxy))
                {
                    blocks.Add(new Paragraph(T("Report.Chains.ProxyNote")));
                }

                chokepoints += await DependenciesAsync(chain, view, chapter, blocks, source, ct);
            }

            await InputOutputAsync(chain, chapter, blocks, ct);
            JointExhibits(view?.Participants.JointExhibits ?? [], chain, chapter, blocks);
        }

        if (missingTrade)
        {
            blocks.Insert(1, new Paragraph(T("Report.Chains.TradeMissingIntro")));
        }

        return new ChainsChapter(new ReportChapter("ch3", 3, T("Report.Chapter.Chains"), blocks), facts, tradeYear, chokepoints);
    }

    private string StagesSentence(ChainDefinition chain)
    {
        string Position(StagePosition p) => T("Report.Chains.Position." + p);
        var groups = chain.Stages.GroupBy(s => s.Position).OrderBy(g => g.Key)
            .Select(g => Position(g.Key) + (Zh ? "：" : ": ") + List(g.Select(s => Zh ? s.NameZh : s.NameEn)));
        return T("Report.Chains.Stages", chain.Stages.Count) + " " + string.Join(Zh ? "；" : "; ", groups) + (Zh ? "。" : ".");
    }

    private void JointExhibits(IReadOnlyList<Core.Expo.JointExhibitDto> exhibits, ChainDefinition chain, Numbering chapter, List<ReportBlock> blocks)
    {
        // The joint exhibits that draw the most stages: at most two per chain in this chapter (the expo chapter counts them all).
        foreach (var exhibit in exhibits.OrderByDescending(e => e.Path.Select(p => p.StageId).Distinct().Count()).ThenBy(e => e.Id).Take(2))
        {
            var steps = exhibit.Path.OrderBy(p => p.Position)
                .Select(p => new StripStep(Zh ? p.StageZh : p.StageEn, (Zh ? p.NameZh : p.NameEn) + (p.CountryIso3 is { } c ? $" ({CountryName(c)})" : "")))
                .ToList();
            var caption = T("Report.Chains.JointCaption", Zh ? exhibit.NameZh : exhibit.NameEn, Zh ? chain.NameZh : chain.NameEn);
            blocks.Add(Figure(chapter, $"ch3-{chain.Id}-joint-{exhibit.Id:N}", caption, ChainStrip.Render(steps, caption),
                new SourceLine(T("Report.Expo.Source"), Generated: false)));
        }
    }
}
