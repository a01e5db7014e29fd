using Lianbo.Trade.Indices;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Complexity;

/// <summary>
/// The complexity engine as an index input: <c>complexity.eci</c>, each stored year's Economic Complexity Index at
/// HS headings (the data set <see cref="TradeQueries.FindAsync"/> picks for the year). A year whose ECI is undefined
/// (a repeated second eigenvalue, see <see cref="EconomicComplexity"/>) or whose data set has no products gives no
/// values: the index then lists the dimension as lacking data instead of inventing it. Years in
/// <paramref name="skipYears"/> (those with an imported ECI) are not computed.
/// </summary>
public sealed class ComplexityIndicatorSource(TradeStore store, int digits = 4, IReadOnlySet<int>? skipYears = null) : IIndicatorSource
{
    public const string Eci = "complexity.eci";

    public async Task<IReadOnlyList<IndicatorValue>> ReadAsync(IReadOnlySet<string> indicators, CancellationToken ct = default)
    {
        if (!indicators.Contains(Eci))
        {
            return [];
        }

        var values = new List<IndicatorValue>();
        var iso = TradeIndicatorSource.IsoCountries();
        var queries = new TradeQueries(store);
        foreach (var dataset in await queries.EveryYearAsync(ct))
        {
            if (!dataset.HasProducts || skipYears?.Contains(dataset.Year) == true)
            {
                continue;
            }

            var result = EconomicComplexity.Compute(await ComplexityQueries.ExportMatrixAsync(store, dataset, digits, ct));
            if (result.Eci is not { } eci)
            {
                continue;
            }

            var source = $"Lianbo complexity engine, HS{digits}, {dataset.Source} {dataset.Revision} {dataset.Year}{(dataset.Generated ? " (generated)" : "")}";
            // Every exporter counts in the eigenvector; only ISO countries are ranked, as for the trade indicators.
            values.AddRange(result.Countries.Select((country, i) => new IndicatorValue(Eci, country, dataset.Year, eci[i], source)).Where(v => iso.Contains(v.Country)));
        }

        return values;
    }
}
