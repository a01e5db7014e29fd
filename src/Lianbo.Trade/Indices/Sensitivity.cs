namespace Lianbo.Trade.Indices;

/// <summary>
/// Uncertainty of the ranks (Handbook, step 6: uncertainty and sensitivity analysis). Each draw resamples the
/// dimension weights and, within each dimension, the indicator weights (uniform ±spread, or Dirichlet around the
/// definition's weights), and picks one of the allowed normalisations; the index is scored again and every country
/// ranked. A country's band is the 5th and 95th percentile of its ranks over the draws, with the median. The same
/// seed gives the same bands on every machine (System.Random with a seed is a fixed sequence).
/// </summary>
public static class Sensitivity
{
    /// <summary>The index with each scored country's rank band filled in.</summary>
    public static IndexResult Run(IndexDefinition definition, IndicatorTable table, SensitivitySettings? settings = null)
    {
        settings ??= definition.SensitivityOrDefault;
        var prepared = CompositeIndex.Prepared.From(definition, table);
        var baseline = CompositeIndex.Compute(prepared, definition.Normalisation, null, null);
        var ranks = Draw(prepared, settings);
        var years = baseline.Years.Select((year, y) => year with
        {
            Countries = [.. year.Countries.Select(country =>
            {
                var c = Array.IndexOf(prepared.Countries, country.Country);
                if (ranks[y][c] is not { Count: > 0 } list)
                {
                    return country;
                }

                list.Sort();
                return country with { Band = new RankBand(CompositeIndex.Quantile(list, 0.5), CompositeIndex.Quantile(list, 0.05), CompositeIndex.Quantile(list, 0.95)) };
            })],
        }).ToList();
        return baseline with { Years = years };
    }

    // Ranks per [year][country] over the draws.
    private static List<double>[][] Draw(CompositeIndex.Prepared prepared, SensitivitySettings settings)
    {
        var random = new Random(settings.Seed);
        var normalisations = settings.Normalisations is { Count: > 0 } n ? n : [prepared.Definition.Normalisation];
        var ranks = prepared.Years.Select(_ => prepared.Countries.Select(_ => new List<double>(settings.Draws)).ToArray()).ToArray();
        var groups = Enumerable.Range(0, prepared.Definition.Dimensions.Count)
            .Select(d => Enumerable.Range(0, prepared.Specs.Length).Where(k => prepared.DimensionOf[k] == d).ToArray()).ToArray();
        for (var draw = 0; draw < settings.Draws; draw++)
        {
            var normalisation = normalisations[random.Next(normalisations.Count)];
            var dimensionWeights = Resample(random, prepared.DimensionWeights, settings);
            var indicatorWeights = new double[prepared.Specs.Length];
            foreach (var group in groups)
            {
                var resampled = Resample(random, [.. group.Select(k => prepared.IndicatorWeights[k])], settings);
                for (var i = 0; i < group.Length; i++)
                {
                    indicatorWeights[group[i]] = resampled[i];
                }
            }

            var (index, _) = prepared.Score(normalisation, indicatorWeights, dimensionWeights, keepDimensions: false);
            for (var y = 0; y < prepared.Years.Length; y++)
            {
                var yearRanks = CompositeIndex.Ranks(index, y, prepared.Countries);
                for (var c = 0; c < yearRanks.Length; c++)
                {
                    if (yearRanks[c] is { } rank)
                    {
                        ranks[y][c].Add(rank);
                    }
                }
            }
        }

        return ranks;
    }

    /// <summary>New weights summing to 1 around <paramref name="weights"/>.</summary>
    internal static double[] Resample(Random random, double[] weights, SensitivitySettings settings)
    {
        var total = weights.Sum();
        var drawn = settings.Weights switch
        {
            WeightResampling.Uniform => weights.Select(w => w * (1 + (settings.Spread * ((2 * random.NextDouble()) - 1)))).ToArray(),
            _ => weights.Select(w => Gamma(random, settings.Concentration * w / total)).ToArray(),
        };
        var sum = drawn.Sum();
        return sum > 0 ? [.. drawn.Select(w => w / sum)] : [.. weights.Select(w => w / total)];
    }

    // Marsaglia and Tsang's method (2000); for a shape below 1, Gamma(a) = Gamma(a + 1) · U^(1/a).
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
