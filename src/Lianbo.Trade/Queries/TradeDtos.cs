using Lianbo.Trade.Metrics;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Queries;

/// <summary>A value and its share of the whole it belongs to (a partner's share of a country's exports, …).</summary>
public sealed record ValueShare(string Code, double Value, double Share);

/// <summary>A year's network measures, for every country or for one product's network.</summary>
/// <param name="Product">The HS code (2, 4 or 6 digits) the network is restricted to, or null for all goods.</param>
public sealed record YearMetrics(DatasetInfo Dataset, string? Product, double TotalValue, IReadOnlyList<CountryMetrics> Countries);

/// <summary>One country in one year: totals, main partners both ways, main products both ways.</summary>
public sealed record CountryTrade(
    DatasetInfo Dataset, string Country, double Exports, double Imports,
    IReadOnlyList<ValueShare> ExportPartners, IReadOnlyList<ValueShare> ImportPartners,
    IReadOnlyList<ValueShare> ExportProducts, IReadOnlyList<ValueShare> ImportProducts);

/// <summary>
/// One product (HS chapter, heading or subheading) in one year: world trade, exporters and importers with their
/// shares, the Herfindahl–Hirschman index of exporters (sum of squared shares, 0 to 1) and China's export share.
/// </summary>
public sealed record ProductTrade(
    DatasetInfo Dataset, string Product, double WorldValue, IReadOnlyList<ValueShare> Exporters, IReadOnlyList<ValueShare> Importers,
    double ExporterHhi, double ChinaShare, double TopFiveShare);

/// <summary>An importing country (ISO alpha-3, as the store maps it) and products taken together.</summary>
public sealed record ImportQuestion(string Importer, IReadOnlyList<HsFilter> Products);

/// <summary>
/// How many countries a dataset holds on each side of its flows. It is partial on one side when that side has fewer
/// than half the countries of the other: a sample of two exporters' rows holds some 220 importers, while a whole
/// release or the world panel holds about as many exporters as importers.
/// </summary>
public sealed record DatasetCoverage(int Exporters, int Importers)
{
    public bool PartialExporters => Exporters * 2 < Importers;

    public bool PartialImporters => Importers * 2 < Exporters;

    public bool Partial => PartialExporters || PartialImporters;
}
