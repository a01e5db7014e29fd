using Lianbo.Core.Chains;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Web.Chains;

/// <summary>A goods stage's world trade in one BACI year: its HS 1992 codes taken together.</summary>
public sealed record StageTradeDto(string StageId, double WorldExports, IReadOnlyList<ValueShare> TopExporters, double ExporterHhi, double ChinaShare);

/// <summary>
/// A chain's panorama: its stages and edges, who stands on each stage, the cooperation between stages, the joint
/// exhibits as paths, and world trade per goods stage for a year (null when no BACI data with products is loaded).
/// </summary>
public sealed record PanoramaDto(
    ChainDefinition Chain, ChainParticipantsDto Participants,
    int? TradeYear, bool TradeGenerated, IReadOnlyList<int> TradeYears, string TradeUnit, IReadOnlyList<StageTradeDto> Trade);

/// <summary>Puts a panorama together from the platform store (chains, participants) and the trade store; used by the page and the API.</summary>
public sealed class ChainPanoramaData(ChainStore chains, ChainParticipants participants, TradeStore trade)
{
    private const string Revision = "HS92";

    public async Task<PanoramaDto?> BuildAsync(string chainId, int? year, CancellationToken ct = default)
    {
        if (await chains.GetAsync(chainId, ct) is not { } chain || await participants.ForChainAsync(chainId, ct) is not { } people)
        {
            return null;
        }

        var queries = new TradeQueries(trade);
        var datasets = (await queries.YearsAsync(ct)).Where(d => d.HasProducts && string.Equals(d.Revision, Revision, StringComparison.OrdinalIgnoreCase)).ToList();
        var years = datasets.Select(d => d.Year).Distinct().OrderDescending().ToList();
        var chosen = year is { } y && years.Contains(y) ? y : TradeQueries.LatestYear(datasets);
        var stages = new List<StageTradeDto>();
        if (chosen is { } tradeYear)
        {
            foreach (var stage in chain.Stages.Where(s => s.Products is { Count: > 0 }))
            {
                // A stage's HS 1992 codes taken together, so that a code standing for several HS 2022 codes counts once.
                var filters = stage.Products!.SelectMany(p => p.Hs1992).Distinct(StringComparer.Ordinal).Select(HsFilter.TryParse).OfType<HsFilter>().ToList();
                if (await queries.ProductsAsync(tradeYear, filters, stage.Id, top: 5, revision: Revision, ct: ct) is { } t)
                {
                    stages.Add(new StageTradeDto(stage.Id, t.WorldValue, t.Exporters, t.ExporterHhi, t.ChinaShare));
                }
            }
        }

        var generated = chosen is { } c && datasets.Where(d => d.Year == c).All(d => d.Generated) && datasets.Any(d => d.Year == c);
        return new PanoramaDto(chain, people, chosen, generated, years, "thousand USD", stages);
    }
}
