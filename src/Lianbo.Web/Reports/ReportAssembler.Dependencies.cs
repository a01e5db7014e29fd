using Lianbo.Core.Chains;
using Lianbo.Trade.Dependencies;
using Lianbo.Trade.Import;
using Lianbo.Trade.Queries;
using Lianbo.Web.Chains;

namespace Lianbo.Web.Reports;

public sealed partial class ReportAssembler
{
    /// <summary>How many importers count as the chain's major importers, and how many of their dependencies are listed.</summary>
    private const int MajorImporters = 5;
    private const int DependencyRows = 12;

    /// <summary>
    /// The chain's products in the major importers (the five largest by the chain's imports): those where the three
    /// GeoDep criteria hold this year, largest imports first. Returns how many of the chain's products meet them for any importer.
    /// </summary>
    private async Task<int> DependenciesAsync(ChainDefinition chain, PanoramaDto view, Numbering chapter, List<ReportBlock> blocks, SourceLine source, CancellationToken ct)
    {
        if (await new TradeQueries(trade).FindAsync(view.TradeYear!.Value, view.TradeSource, view.TradeRevision, needsProducts: true, ct) is not { } dataset)
        {
            return 0;
        }

        // The stages' codes at their own level: subheadings (6 digits) and headings (4 digits) each read at theirs.
        var codes = view.Trade.SelectMany(s => s.Codes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var queries = new DependencyQueries(trade);
        var rows = new List<ImportDependency>();
        var years = 0;
        foreach (var level in codes.GroupBy(c => c.Length).Where(g => g.Key is 4 or 6).OrderBy(g => g.Key))
        {
            var report = await queries.ReportAsync(dataset, level.Key, importer: null, products: [.. level], ct: ct);
            rows.AddRange(report.Products);
            years = report.Years.Count;
        }

        var unitScale = dataset.Unit == BaciImporter.Unit ? 1000.0 : 1.0;
        var major = rows.GroupBy(r => r.Importer, StringComparer.Ordinal)
            .Select(g => (Importer: g.Key, Imports: g.Sum(r => r.Imports)))
            .OrderByDescending(g => g.Imports).ThenBy(g => g.Importer, StringComparer.Ordinal).Take(MajorImporters).Select(g => g.Importer).ToHashSet(StringComparer.Ordinal);
        var flagged = rows.Where(r => r.CriteriaMet).ToList();
        var shown = flagged.Where(r => major.Contains(r.Importer))
            .OrderByDescending(r => r.Imports).ThenBy(r => r.Importer, StringComparer.Ordinal).ThenBy(r => r.Product, StringComparer.Ordinal)
            .Take(DependencyRows).ToList();
        var id = $"ch3-{chain.Id}-dependencies";
        blocks.Add(new Paragraph(T("Report.Chains.DependenciesIntro", List(major.Order(StringComparer.Ordinal).Select(CountryName)),
            flagged.Select(r => r.Product).Distinct(StringComparer.Ordinal).Count(), codes.Count, years), id));
        if (shown.Count > 0)
        {
            blocks.Add(Table(chapter, id + "-table", T("Report.Chains.DependenciesCaption", Zh ? chain.NameZh : chain.NameEn, dataset.Year),
                [new(T("Report.Chains.Importer")), new(T("Report.Chains.Product")), new(T("Report.Chains.Imports"), true), new(T("Report.Chains.TopSupplier")),
                 new(T("Report.Chains.ImportHhi"), true), new(T("Report.Chains.GeoDep"))],
                [.. shown.Select(r => (IReadOnlyList<string>)[CountryName(r.Importer), r.Product, Display.Usd(r.Imports * unitScale),
                    $"{CountryName(r.TopSupplier)} {Percent(r.TopSupplierShare)}", r.ImportHhi.ToString("0.000", Culture),
                    r.GeoDep ? T("Report.Yes") : T("Report.Chains.GeoDepYears", r.YearsMet, r.YearsStored)])],
                source));
        }

        return flagged.Select(r => r.Product).Distinct(StringComparer.Ordinal).Count();
    }
}
