using Lianbo.Core.Matchmaking;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Web.Matchmaking;

/// <summary>
/// Where countries import products from, for the recommender's resilience boost, from the trade store: the latest
/// real year with products in HS 1992 (BACI HS92), the revision the matchmaker maps needs to. Generated years are
/// never used: a reason given to a participant must not rest on invented trade.
/// </summary>
public sealed class TradeSourcing(TradeStore store) : ISourcingLookup
{
    public const string Revision = "HS92";

    public async Task<IReadOnlyList<MainSupplier?>> MainSuppliersAsync(IReadOnlyList<SourcingQuestion> questions, CancellationToken ct = default)
    {
        var queries = new TradeQueries(store);
        var real = (await queries.YearsAsync(ct)).Where(d => d.HasProducts && !d.Generated && string.Equals(d.Revision, Revision, StringComparison.OrdinalIgnoreCase));
        if (TradeQueries.LatestYear(real) is not { } year || await queries.FindAsync(year, revision: Revision, needsProducts: true, ct: ct) is not { } dataset)
        {
            return new MainSupplier?[questions.Count];
        }

        var answers = await queries.MainSuppliersAsync(dataset,
            [.. questions.Select(q => new ImportQuestion(q.Importer, [.. q.Hs1992.Select(HsFilter.TryParse).OfType<HsFilter>()]))], ct);
        return [.. answers.Select(a => a is null ? null : new MainSupplier(a.Code, a.Share))];
    }
}
