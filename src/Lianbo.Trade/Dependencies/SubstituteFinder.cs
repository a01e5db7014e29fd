using Lianbo.Trade.Complexity;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Dependencies;

/// <summary>
/// Who could replace supplier X for importer j's imports of product k. Every other country that exports k (j and X
/// aside) is a candidate, ranked by the mean of its percentile ranks (average ranks for ties, over n candidates) on:
/// its exports of k, its RCA in k, its density ω in k (can it make it), and the diversification gain for j — the
/// largest fall of j's import HHI that shifting trade from X to it can bring: with shares s_X and s_c,
/// moving (s_X − s_c)/2 gives (s_X − s_c)²/2 when s_c &lt; s_X, and nothing otherwise.
/// </summary>
public sealed class SubstituteFinder(TradeStore store)
{
    /// <summary>
    /// The candidates, best first; null when <paramref name="importer"/> imports none of the product, or
    /// <paramref name="supplier"/> (by default j's largest supplier) sells it none.
    /// </summary>
    public async Task<SubstituteReport?> FindAsync(
        DatasetInfo dataset, int digits, string importer, HsFilter product, string? supplier = null, int limit = 20, CancellationToken ct = default)
    {
        importer = importer.Trim().ToUpperInvariant();
        var code = product.Code[..Math.Min(digits, product.Code.Length)];
        if (code.Length != digits)
        {
            throw new ArgumentException(TradeText.Format("SubstituteLevel", product.Code, digits), nameof(product));
        }

        var number = product.From / ComplexityQueries.Scale(digits);
        var suppliers = await new DependencyQueries(store).SuppliersAsync(dataset, digits, importer, number, ct);
        var imports = suppliers.Sum(s => s.Value);
        if (imports <= 0)
        {
            return null;
        }

        supplier = supplier?.Trim().ToUpperInvariant() ?? suppliers[0].Supplier;
        var shares = suppliers.ToDictionary(s => s.Supplier, s => s.Value / imports, StringComparer.Ordinal);
        if (!shares.TryGetValue(supplier, out var supplierShare))
        {
            return null;
        }

        var complexity = EconomicComplexity.Compute(await ComplexityQueries.ExportMatrixAsync(store, dataset, digits, ct));
        var hhi = shares.Values.Sum(s => s * s);
        var p = complexity.ProductIndex(code);
        var candidates = new List<(string Country, double Exports, double Rca, double Density, double ShareNow, double Gain)>();
        if (p is { } k)
        {
            for (var c = 0; c < complexity.Countries.Count; c++)
            {
                var country = complexity.Countries[c];
                var exports = complexity.Matrix[c, k];
                if (country == importer || country == supplier || exports <= 0)
                {
                    continue;
                }

                var now = shares.GetValueOrDefault(country);
                var gain = now < supplierShare ? (supplierShare - now) * (supplierShare - now) / 2 : 0;
                candidates.Add((country, exports, complexity.Rca(c, k), complexity.Density(c, k), now, gain));
            }
        }

        var world = p is { } w ? complexity.ProductExports[w] : 0;
        var ranks = new[]
        {
            PercentRanks([.. candidates.Select(x => x.Exports)]), PercentRanks([.. candidates.Select(x => x.Rca)]),
            PercentRanks([.. candidates.Select(x => x.Density)]), PercentRanks([.. candidates.Select(x => x.Gain)]),
        };
        var ranked = candidates.Select((x, i) => new SubstituteCandidate(
                x.Country, x.Exports, x.Exports / world, x.Rca, x.Density, x.ShareNow, x.Gain, ranks.Average(r => r[i]),
                Reasons(importer, supplier, hhi, x.Exports / world, x.Exports, x.Rca, x.Density, x.ShareNow, x.Gain)))
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Exports).ThenBy(x => x.Country, StringComparer.Ordinal)
            .Take(limit).ToList();
        return new SubstituteReport(dataset, digits, importer, code, imports, hhi, supplier, supplierShare, ranked);
    }

    private static List<string> Reasons(string importer, string supplier, double hhi, double worldShare, double exports, double rca, double density, double now, double gain) =>
    [
        TradeText.Format("SubstituteExports", exports, worldShare),
        TradeText.Format(rca >= 1 ? "SubstituteRcaHigh" : "SubstituteRcaLow", rca),
        TradeText.Format("SubstituteDensity", density),
        now > 0 ? TradeText.Format("SubstituteSuppliesNow", now, importer) : TradeText.Format("SubstituteNewSupplier", importer),
        TradeText.Format("SubstituteGain", supplier, importer, gain, hhi),
    ];

    /// <summary>Percentile ranks as pandas' <c>rank(pct=True)</c>: the average rank of ties (1 = smallest) over the count.</summary>
    internal static double[] PercentRanks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var average = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
            {
                ranks[order[i]] = average / values.Length;
            }

            start = end + 1;
        }

        return ranks;
    }
}
