using Lianbo.Core.Expo;
using Lianbo.Web.Reports.Svg;

namespace Lianbo.Web.Reports;

public sealed partial class ReportAssembler
{
    private sealed record ExpoChapter(ReportChapter Chapter, EditionComparisonDto? Comparison, bool Demo);

    private async Task<ExpoChapter> ExpoAsync(Edition? edition, Numbering chapter, CancellationToken ct)
    {
        var blocks = new List<ReportBlock>();
        var title = T("Report.Chapter.Expo");
        if (edition is null || await statistics.CompareAsync(edition.Id, ct) is not { } comparison)
        {
            blocks.Add(new MissingNote("ch5-no-edition", T("Report.Expo.NoEdition"), "lianbo demo load"));
            return new ExpoChapter(new ReportChapter("ch5", chapter.Number, title, blocks), null, false);
        }

        var (now, before) = (comparison.Current, comparison.Previous);
        var source = new SourceLine(T(edition.IsDemo ? "Report.Expo.SourceDemo" : "Report.Expo.Source"), edition.IsDemo);
        blocks.Add(new Paragraph(T("Report.Expo.Intro", edition.Number, Zh ? edition.NameZh : edition.NameEn, Zh ? edition.CityZh : edition.CityEn,
            Display.Date(edition.StartsOn), Display.Date(edition.EndsOn))));
        if (edition.IsDemo)
        {
            blocks.Add(new Paragraph(T("Report.Expo.DemoNote"), "ch5-demo"));
        }

        blocks.Add(new KeyFigures([
            new("ch5-exhibitors", Number(now.Exhibitors), T("Report.Expo.Exhibitors"), Growth(comparison.ExhibitorGrowth)),
            new("ch5-countries", Number(now.CountriesRegionsAndInternationalOrganisations), T("Report.Expo.Countries")),
            new("ch5-foreign", Percent(now.ForeignShare), T("Report.Expo.ForeignShare")),
            new("ch5-agreements", Number(now.Agreements), T("Report.Expo.Agreements")),
            new("ch5-agreement-value", Display.Yuan(now.AgreementValueCny), T("Report.Expo.AgreementValue")),
        ]));

        // The edition beside the one before it.
        var rows = new List<IReadOnlyList<string>>();
        void Row(string key, double current, double? previous, Func<double, string> format)
        {
            rows.Add([T(key), format(current), previous is { } p ? format(p) : "–", previous is { } q && q != 0 ? Growth((current - q) / q)! : "–"]);
        }

        Row("Report.Expo.Exhibitors", now.Exhibitors, before?.Exhibitors, v => Number(v));
        Row("Report.Expo.Countries", now.CountriesRegionsAndInternationalOrganisations, before?.CountriesRegionsAndInternationalOrganisations, v => Number(v));
        Row("Report.Expo.Foreign", now.ForeignExhibitors, before?.ForeignExhibitors, v => Number(v));
        Row("Report.Expo.Leaders", now.FortuneGlobal500OrLeaders, before?.FortuneGlobal500OrLeaders, v => Number(v));
        Row("Report.Expo.BeltAndRoad", now.BeltAndRoadCountries, before?.BeltAndRoadCountries, v => Number(v));
        Row("Report.Expo.Partners", now.PartnersBrought, before?.PartnersBrought, v => Number(v));
        Row("Report.Expo.Launches", now.Launches, before?.Launches, v => Number(v));
        Row("Report.Expo.Events", now.EventsByKind.Sum(k => k.Count), before?.EventsByKind.Sum(k => k.Count), v => Number(v));
        Row("Report.Expo.Roadshows", now.Roadshows, before?.Roadshows, v => Number(v));
        Row("Report.Expo.Intentions", now.Intentions, before?.Intentions, v => Number(v));
        Row("Report.Expo.Agreements", now.Agreements, before?.Agreements, v => Number(v));
        Row("Report.Expo.AgreementValue", (double)now.AgreementValueCny, before is null ? null : (double)before.AgreementValueCny, v => Display.Yuan((decimal)v));
        Row("Report.Expo.FloorArea", now.FloorAreaM2, before?.FloorAreaM2, v => T("Report.Expo.SquareMetres", Number(v)));
        blocks.Add(Section(chapter, "ch5-figures", T("Report.Expo.FiguresSection")));
        blocks.Add(Table(chapter, "ch5-comparison", before is null ? T("Report.Expo.ComparisonFirst", now.Number) : T("Report.Expo.ComparisonCaption", now.Number, before.Number),
            [new(T("Report.Expo.Measure")), new(T("Report.Expo.EditionN", now.Number), true), new(before is null ? "–" : T("Report.Expo.EditionN", before.Number), true),
             new(T("Report.Expo.Growth"), true)], rows, source));

        blocks.Add(Figure(chapter, "ch5-map", T("Report.Expo.MapCaption", now.Number),
            WorldMap.Render(ByNumeric(now.ExhibitorsPerCountry.Select(c => (c.Iso3, (double)c.Exhibitors))), MapScale.Sequential,
                T("Report.Expo.MapCaption", now.Number), T("Report.Expo.Exhibitors"), T("Report.NoData"), "N0", Culture), source));
        var zones = now.ExhibitorsPerZone.OrderByDescending(z => z.Exhibitors).ThenBy(z => z.Code, StringComparer.Ordinal)
            .Select(z => new BarItem(Zh ? z.NameZh : z.NameEn, z.Exhibitors, Number(z.Exhibitors))).ToList();
        if (zones.Count > 0)
        {
            blocks.Add(Figure(chapter, "ch5-zones", T("Report.Expo.ZonesCaption", now.Number), BarChart.Horizontal(zones, T("Report.Expo.ZonesCaption", now.Number)), source));
        }

        var regions = now.ForeignByRegion.OrderByDescending(r => r.Exhibitors).ThenBy(r => r.Code)
            .Select(r => (IReadOnlyList<string>)[Zh ? r.NameZh : r.NameEn, Number(r.Exhibitors), Percent(r.Share)]).ToList();
        if (regions.Count > 0)
        {
            blocks.Add(Table(chapter, "ch5-regions", T("Report.Expo.RegionsCaption", now.Number),
                [new(T("Report.Expo.Region")), new(T("Report.Expo.Foreign"), true), new(T("Report.Share"), true)], regions, source));
        }

        await ExpoActivitiesAsync(edition, chapter, blocks, source, ct);
        return new ExpoChapter(new ReportChapter("ch5", chapter.Number, title, blocks), comparison, edition.IsDemo);
    }

    private string? Growth(double? growth) => growth is { } g ? g.ToString("+0.0%;−0.0%;0.0%", Culture) : null;
}
