using Lianbo.Core.Chains;
using Lianbo.Core.Reference;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Web.Chains;

/// <summary>
/// A goods stage's world trade in one year of one series: the codes of that series that stand for it, taken together.
/// <paramref name="Proxy"/>: those codes also hold goods the stage does not list (see <see cref="ChainSeries"/>).
/// </summary>
public sealed record StageTradeDto(string StageId, double WorldExports, IReadOnlyList<ValueShare> TopExporters, double ExporterHhi, double ChinaShare,
    IReadOnlyList<string> Codes, bool Proxy);

/// <summary>One loaded trade series with products that a panorama can show: a year of an HS revision (BACI's HS92, HS17, HS22).</summary>
public sealed record TradeSeriesDto(int Year, string Revision, string Source, bool Generated);

/// <summary>The codes that stand for one product in the series shown, and whether their figure is a proxy for it.</summary>
public sealed record ProductSeriesDto(string StageId, string Hs2022, IReadOnlyList<string> Codes, bool Proxy);

/// <summary>
/// A chain's panorama: its stages and edges, who stands on each stage, the cooperation between stages, the joint
/// exhibits as paths, and world trade per goods stage for one year of one series (null when no trade data with
/// products in HS 1992, HS 2017 or HS 2022 is loaded). <paramref name="TradeSeries"/> lists every series that could be shown.
/// </summary>
public sealed record PanoramaDto(
    ChainDefinition Chain, ChainParticipantsDto Participants,
    int? TradeYear, string? TradeRevision, string? TradeSource, bool TradeGenerated, IReadOnlyList<int> TradeYears, IReadOnlyList<TradeSeriesDto> TradeSeries,
    string TradeUnit, IReadOnlyList<StageTradeDto> Trade, IReadOnlyList<ProductSeriesDto> Products);

/// <summary>
/// Puts a panorama together from the platform store (chains, participants) and the trade store; used by the page and the API.
/// A series in HS 2022 is read with the products' own codes, one in HS 2017 with the codes UNSD's conversion gives them,
/// one in HS 1992 with their HS 1992 equivalents (see <see cref="ChainSeries"/>). Without a choice, the latest real year
/// is shown, in the most precise series loaded for it.
/// </summary>
public sealed class ChainPanoramaData(ChainStore chains, ChainParticipants participants, TradeStore trade)
{
    /// <summary>The unit of every panorama's trade figures: the series it reads are BACI's.</summary>
    public const string Unit = "thousand USD";

    public async Task<PanoramaDto?> BuildAsync(string chainId, int? year, string? revision = null, CancellationToken ct = default)
    {
        if (await chains.GetAsync(chainId, ct) is not { } chain || await participants.ForChainAsync(chainId, ct) is not { } people)
        {
            return null;
        }

        var queries = new TradeQueries(trade);
        var datasets = (await queries.YearsAsync(ct)).Where(d => d.HasProducts && HsRevision.OfSeries(d.Revision) is not null).ToList();
        var series = datasets.GroupBy(d => (d.Year, Revision: d.Revision.ToUpperInvariant()))
            .Select(g => new TradeSeriesDto(g.Key.Year, g.Key.Revision, g.OrderBy(d => d.Generated).First().Source, g.All(d => d.Generated)))
            .OrderByDescending(s => s.Year).ThenBy(s => Preference(s.Revision)).ToList();
        var chosen = Choose(series, year, revision);
        var stages = new List<StageTradeDto>();
        var products = new List<ProductSeriesDto>();
        if (chosen is not null)
        {
            var hs = HsRevision.OfSeries(chosen.Revision)!;
            // UNSD's tables are read from the store only for the series that needs them.
            var concordance = hs == HsRevision.Hs2017 ? await chains.ConcordanceAsync(ct) : new HsConcordance([]);
            foreach (var stage in chain.Stages.Where(s => s.Products is { Count: > 0 }))
            {
                foreach (var product in stage.Products!)
                {
                    var own = ChainSeries.Product(product, hs, concordance);
                    products.Add(new ProductSeriesDto(stage.Id, product.Hs2022, own.Codes, own.Proxy));
                }
                // A stage's codes taken together, so that a code standing for several of its products counts once.
                var codes = ChainSeries.Stage(stage, hs, concordance);
                var filters = codes.Codes.Select(HsFilter.TryParse).OfType<HsFilter>().ToList();
                if (filters.Count > 0 && await queries.ProductsAsync(chosen.Year, filters, stage.Id, top: 5, revision: chosen.Revision, ct: ct) is { } t)
                {
                    stages.Add(new StageTradeDto(stage.Id, t.WorldValue, t.Exporters, t.ExporterHhi, t.ChinaShare, codes.Codes, codes.Proxy));
                }
            }
        }

        return new PanoramaDto(chain, people, chosen?.Year, chosen?.Revision, chosen?.Source, chosen?.Generated ?? false,
            [.. series.Select(s => s.Year).Distinct()], series, Unit, stages, products);
    }

    // The series asked for; else, for the year asked (or the latest real year), the most precise series loaded.
    private static TradeSeriesDto? Choose(List<TradeSeriesDto> series, int? year, string? revision)
    {
        if (series.FirstOrDefault(s => s.Year == year && string.Equals(s.Revision, revision, StringComparison.OrdinalIgnoreCase)) is { } exact)
        {
            return exact;
        }

        var at = year is { } y && series.Any(s => s.Year == y) ? y
            : series.OrderBy(s => s.Generated).ThenByDescending(s => s.Year).Select(s => (int?)s.Year).FirstOrDefault();
        return series.Where(s => s.Year == at).OrderBy(s => s.Generated).ThenBy(s => Preference(s.Revision)).FirstOrDefault();
    }

    // HS 2022 first (the chains' own codes), then HS 2017 (one conversion), then HS 1992.
    private static int Preference(string revision) => HsRevision.OfSeries(revision) is { } hs ? ChainSeries.Revisions.ToList().IndexOf(hs) : int.MaxValue;
}
