namespace Lianbo.Trade.Indices;

/// <summary>How much one dimension moved the mean score between two years, with its mean score in each.</summary>
public sealed record DimensionContribution(string Dimension, double MeanFrom, double MeanTo, double Contribution);

/// <summary>
/// What moved an index between two years: the world values, and over the countries scored in both years on the same
/// dimensions, the mean score's change split exactly into one contribution per dimension.
/// </summary>
public sealed record TrendExplanation(int From, int To, double? GlobalFrom, double? GlobalTo, int Countries, double MeanFrom, double MeanTo, IReadOnlyList<DimensionContribution> Dimensions);

/// <summary>
/// "What drives the trend", from the stored dimension scores. With arithmetic aggregation a country's score is
/// Σ_d w_d s_d / Σ_{d with data} w_d, so for a country with the same dimensions in both years its change is
/// Σ_d (w_d / Σ w) Δs_d; averaged over such countries, the mean score's change is the sum of the dimensions'
/// contributions, exactly. The world value also moves with the countries scored and their trade weights, which this
/// split does not cover (the page says so). A geometric index has no such split: null.
/// </summary>
public static class TrendDrivers
{
    public static TrendExplanation? Explain(IndexDefinition definition, IndexRanking from, IndexRanking to)
    {
        if (definition.Aggregation != Aggregation.Arithmetic)
        {
            return null;
        }

        static HashSet<string> Available(CountryScore c) => [.. c.Dimensions.Where(d => d.Value is not null).Select(d => d.Key)];
        var before = from.Countries.Where(c => c.Score is not null).ToDictionary(c => c.Country, StringComparer.Ordinal);
        var pairs = to.Countries.Where(c => c.Score is not null && before.TryGetValue(c.Country, out var b) && Available(b).SetEquals(Available(c)))
            .Select(c => (From: before[c.Country], To: c)).ToList();
        if (pairs.Count == 0)
        {
            return null;
        }

        var weights = definition.Dimensions.ToDictionary(d => d.Id, d => d.Weight, StringComparer.Ordinal);
        var dimensions = new List<DimensionContribution>();
        foreach (var d in definition.Dimensions)
        {
            var having = pairs.Where(p => p.To.Dimensions[d.Id] is not null).ToList();
            if (having.Count == 0)
            {
                continue;
            }

            var contribution = having.Sum(p => d.Weight / Available(p.To).Sum(x => weights[x]) * (p.To.Dimensions[d.Id]!.Value - p.From.Dimensions[d.Id]!.Value)) / pairs.Count;
            dimensions.Add(new DimensionContribution(d.Id, having.Average(p => p.From.Dimensions[d.Id]!.Value), having.Average(p => p.To.Dimensions[d.Id]!.Value), contribution));
        }

        return new TrendExplanation(from.Year.Year, to.Year.Year, from.Year.Global, to.Year.Global, pairs.Count,
            pairs.Average(p => p.From.Score!.Value), pairs.Average(p => p.To.Score!.Value),
            [.. dimensions.OrderByDescending(c => Math.Abs(c.Contribution))]);
    }
}
