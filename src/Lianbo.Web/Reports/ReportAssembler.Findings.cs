namespace Lianbo.Web.Reports;

public sealed partial class ReportAssembler
{
    /// <summary>
    /// Chapter 1: the headline numbers of the other chapters, and sentences written from them by templates chosen by
    /// the sign and size of each change. A finding whose input is missing is left out (its chapter says what is missing).
    /// </summary>
    private ReportChapter Findings(IndicesChapter indices, ChainsChapter chainChapter, ExpoChapter expo)
    {
        var figures = new List<KeyFigure>();
        var sentences = new List<string>();
        foreach (var index in indices.Facts)
        {
            figures.Add(new KeyFigure($"kf-{index.Id}", Score(index.Global), T("Report.Findings.IndexFigure", index.Name, index.Year),
                index.PreviousGlobal is { } p && index.Global is { } g ? T("Report.Indices.Change", Signed(g - p), index.PreviousYear!) : null));
            if (index.Global is { } now && index.PreviousGlobal is { } then)
            {
                var key = Math.Abs(now - then) < 0.0005 ? "Report.Findings.IndexSteady" : now > then ? "Report.Findings.IndexRose" : "Report.Findings.IndexFell";
                sentences.Add(T(key, index.Name, Score(then), index.PreviousYear!, Score(now), index.Year));
            }
            else if (index.Global is { } only)
            {
                sentences.Add(T("Report.Findings.IndexOnly", index.Name, Score(only), index.Year));
            }

            if (index.Driver is { } driver && index.DriverContribution is { } contribution)
            {
                sentences.Add(T(contribution >= 0 ? "Report.Findings.DriverUp" : "Report.Findings.DriverDown", index.Name, driver, Signed(contribution)));
            }

            var up = index.Movers.Where(m => m.To < m.From).Take(3).ToList();
            var down = index.Movers.Where(m => m.To > m.From).Take(3).ToList();
            if (up.Count > 0)
            {
                sentences.Add(T("Report.Findings.MoversUp", index.Name, List(up.Select(m => T("Report.Findings.Move", CountryName(m.Country), m.From, m.To)))));
            }

            if (down.Count > 0)
            {
                sentences.Add(T("Report.Findings.MoversDown", index.Name, List(down.Select(m => T("Report.Findings.Move", CountryName(m.Country), m.From, m.To)))));
            }
        }

        if (chainChapter.TradeYear is { } tradeYear && chainChapter.Stages.Count > 0)
        {
            var largest = chainChapter.Stages.OrderByDescending(s => s.WorldExportsUsd).ThenBy(s => s.Stage, StringComparer.Ordinal).First();
            figures.Add(new KeyFigure("kf-chokepoints", Number(chainChapter.Chokepoints), T("Report.Findings.ChokepointFigure", tradeYear)));
            sentences.Add(T("Report.Findings.LargestStage", largest.Stage, largest.Chain, Display.Usd(largest.WorldExportsUsd), tradeYear));
            var concentrated = chainChapter.Stages.OrderByDescending(s => s.Hhi).ThenBy(s => s.Stage, StringComparer.Ordinal).First();
            if (concentrated.TopExporter is { } top)
            {
                sentences.Add(T("Report.Findings.Concentrated", concentrated.Stage, concentrated.Chain, CountryName(top), Percent(concentrated.TopShare),
                    concentrated.Hhi.ToString("0.000", Culture)));
            }

            // Only when the data hold China as an exporter (a sample may not).
            var china = chainChapter.Stages.OrderByDescending(s => s.ChinaShare).ThenBy(s => s.Stage, StringComparer.Ordinal).First();
            if (china.ChinaShare > 0)
            {
                sentences.Add(T("Report.Findings.ChinaShare", china.Stage, china.Chain, Percent(china.ChinaShare)));
            }
            sentences.Add(T("Report.Findings.Chokepoints", Number(chainChapter.Chokepoints)));
        }

        if (expo.Comparison is { } c)
        {
            figures.Add(new KeyFigure("kf-exhibitors", Number(c.Current.Exhibitors), T("Report.Findings.ExhibitorsFigure", c.Current.Number), Growth(c.ExhibitorGrowth)));
            figures.Add(new KeyFigure("kf-agreement-value", Display.Yuan(c.Current.AgreementValueCny), T("Report.Findings.AgreementsFigure", c.Current.Agreements)));
            sentences.Add(c.Previous is { } p
                ? T(c.ExhibitorGrowth >= 0 ? "Report.Findings.ExpoGrew" : "Report.Findings.ExpoShrank", c.Current.Number, Number(c.Current.Exhibitors),
                    Number(c.Current.CountriesRegionsAndInternationalOrganisations), Growth(c.ExhibitorGrowth)!, p.Number)
                : T("Report.Findings.ExpoFirst", c.Current.Number, Number(c.Current.Exhibitors), Number(c.Current.CountriesRegionsAndInternationalOrganisations)));
            sentences.Add(T("Report.Findings.ExpoOutcomes", Number(c.Current.Intentions), Number(c.Current.Agreements), Display.Yuan(c.Current.AgreementValueCny)));
        }

        var blocks = new List<ReportBlock> { new Paragraph(T("Report.Findings.Intro")) };
        if (figures.Count > 0)
        {
            blocks.Add(new KeyFigures(figures));
        }

        blocks.Add(sentences.Count > 0 ? new Bullets(sentences, "kf-sentences") : new MissingNote("kf-none", T("Report.Findings.None"), "lianbo data load open"));
        if (expo.Demo)
        {
            blocks.Add(new Paragraph(T("Report.Expo.DemoNote")));
        }

        return new ReportChapter("ch1", 1, T("Report.Chapter.Findings"), blocks);
    }
}
