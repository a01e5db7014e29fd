namespace Lianbo.Trade.Indices;

/// <summary>A country's 5th–95th percentile band of ranks over the sensitivity draws, with the median.</summary>
public sealed record RankBand(double Median, double P5, double P95);

/// <summary>
/// One country in one year. <paramref name="Score"/> is null when fewer dimensions than the definition asks for have
/// data; <paramref name="Dimensions"/> holds every dimension, null where the country has no indicator of it.
/// </summary>
/// <param name="Imputed">How many of the indicator values used were imputed rather than observed.</param>
public sealed record CountryScore(
    string Country, double? Score, int? Rank, IReadOnlyDictionary<string, double?> Dimensions, IReadOnlyList<string> MissingDimensions, int Imputed,
    RankBand? Band = null);

/// <summary>One year of an index: the world value, the dimensions no country has data for, and every country with any data.</summary>
public sealed record IndexYear(int Year, double? Global, IReadOnlyList<string> LackingDimensions, IReadOnlyList<CountryScore> Countries);

/// <summary>
/// How many countries an indicator of an index has in a year: observed, and filled by the indicator's imputation rule.
/// </summary>
public sealed record IndicatorCoverage(string Indicator, int Year, int Observed, int Imputed);

/// <summary>An index computed over every year its indicators cover, with notes on what was left out and why, and the coverage of each indicator.</summary>
public sealed record IndexResult(IndexDefinition Definition, IReadOnlyList<IndexYear> Years, IReadOnlyList<string> Notes)
{
    public IReadOnlyList<IndicatorCoverage> Coverage { get; init; } = [];
}

/// <summary>
/// The composite-index engine, following the OECD/JRC Handbook on Constructing Composite Indicators (2008):
/// raw indicators → transform → imputation → normalisation over a reference period → weights → aggregation into
/// dimension scores → aggregation into the index → the world value and ranks per year. Missing data is never
/// invented beyond the definition's imputation rule: a dimension without any indicator value is reported as
/// missing, and the index is taken over the dimensions that have data (weights rescaled over them), provided there
/// are at least <see cref="IndexDefinition.MinDimensions"/>.
/// </summary>
public static class CompositeIndex
{
    /// <summary>The smallest normalised value a geometric mean takes (a zero would wipe out every other dimension).</summary>
    public const double GeometricFloor = 0.001;

    public const string TradeTotal = "trade.total";

    public static IndexResult Compute(IndexDefinition definition, IndicatorTable table) =>
        Compute(Prepared.From(definition, table), definition.Normalisation, null, null);

    internal static IndexResult Compute(Prepared prepared, Normalisation normalisation, double[]? indicatorWeights, double[]? dimensionWeights)
    {
        var definition = prepared.Definition;
        var scores = prepared.Score(normalisation, indicatorWeights ?? prepared.IndicatorWeights, dimensionWeights ?? prepared.DimensionWeights, keepDimensions: true);
        var notes = new List<string>(prepared.Notes);
        var borrowed = new SortedDictionary<int, List<int>>();
        var years = new List<IndexYear>();
        for (var y = 0; y < prepared.Years.Length; y++)
        {
            var year = prepared.Years[y];
            var ranks = Ranks(scores.Index, y, prepared.Countries);
            var countries = new List<CountryScore>();
            for (var c = 0; c < prepared.Countries.Length; c++)
            {
                if (!prepared.HasAny(c, y))
                {
                    continue;
                }

                var dimensions = new Dictionary<string, double?>(StringComparer.Ordinal);
                var missing = new List<string>();
                for (var d = 0; d < definition.Dimensions.Count; d++)
                {
                    var value = scores.Dimensions![d][y, c];
                    dimensions[definition.Dimensions[d].Id] = double.IsNaN(value) ? null : value;
                    if (double.IsNaN(value))
                    {
                        missing.Add(definition.Dimensions[d].Id);
                    }
                }

                var score = scores.Index[y, c];
                countries.Add(new CountryScore(prepared.Countries[c], double.IsNaN(score) ? null : score, ranks[c], dimensions, missing, prepared.ImputedCount(c, y)));
            }

            var lacking = definition.Dimensions.Where((_, d) => countries.All(c => c.Dimensions[definition.Dimensions[d].Id] is null)).Select(d => d.Id).ToList();
            years.Add(new IndexYear(year, Global(definition, prepared.Table, year, countries, notes, borrowed), lacking,
                [.. countries.OrderBy(c => c.Rank ?? int.MaxValue).ThenBy(c => c.Country, StringComparer.Ordinal)]));
        }

        notes.AddRange(borrowed.Select(b => TradeText.Format("IndexTradeWeightsFrom", string.Join(", ", b.Value), b.Key)));
        return new IndexResult(definition, years, notes) { Coverage = prepared.Coverage() };
    }

    /// <summary>Ranks 1 (highest score) to n per year; equal scores are ranked by country code so that ranks are always a permutation.</summary>
    internal static int?[] Ranks(double[,] scores, int y, string[] countries)
    {
        var ranks = new int?[countries.Length];
        var order = Enumerable.Range(0, countries.Length).Where(c => !double.IsNaN(scores[y, c]))
            .OrderByDescending(c => scores[y, c]).ThenBy(c => countries[c], StringComparer.Ordinal).ToList();
        for (var r = 0; r < order.Count; r++)
        {
            ranks[order[r]] = r + 1;
        }

        return ranks;
    }

    // Trade-weighted: each country's score weighted by its exports + imports of the year. A year without trade data
    // (the 4-yearly panel, or years after its last) takes the weights of the latest earlier year that has them, and says so.
    private static double? Global(IndexDefinition definition, IndicatorTable table, int year, List<CountryScore> countries, List<string> notes, SortedDictionary<int, List<int>> borrowed)
    {
        var scored = countries.Where(c => c.Score is not null).ToList();
        if (scored.Count == 0)
        {
            return null;
        }

        if (definition.Global == GlobalValue.Mean)
        {
            return scored.Average(c => c.Score!.Value);
        }

        List<(double Score, double Weight)> Weighted(int from) =>
            [.. scored.Select(c => (Score: c.Score!.Value, Weight: table.Get(TradeTotal, c.Country, from) ?? 0)).Where(p => p.Weight > 0)];

        var weighted = Weighted(year);
        if (weighted.Count == 0 && table.Years(TradeTotal).Where(y => y < year).Select(y => (int?)y).LastOrDefault() is { } earlier)
        {
            weighted = Weighted(earlier);
            if (weighted.Count > 0)
            {
                if (!borrowed.TryGetValue(earlier, out var list))
                {
                    borrowed[earlier] = list = [];
                }

                list.Add(year);
            }
        }

        if (weighted.Count == 0)
        {
            notes.Add(TradeText.Format("IndexNoTradeWeights", year));
            return null;
        }

        return weighted.Sum(p => p.Score * p.Weight) / weighted.Sum(p => p.Weight);
    }

    /// <summary>The linear-interpolation quantile (numpy's default) of sorted values.</summary>
    internal static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>
    /// The steps up to normalisation, done once: the countries and years, each indicator's values after transform and
    /// imputation, and the normalised values under each normalisation. Scoring with other weights reuses them.
    /// </summary>
    internal sealed class Prepared
    {
        private Prepared(IndexDefinition definition, IndicatorTable table) => (Definition, Table) = (definition, table);

        public IndexDefinition Definition { get; }
        public IndicatorTable Table { get; }
        public string[] Countries { get; private set; } = [];
        public int[] Years { get; private set; } = [];
        public List<string> Notes { get; } = [];

        // Flattened indicators in dimension order: their dimension, spec, values [year, country] (NaN = missing) and imputed flags.
        public int[] DimensionOf { get; private set; } = [];
        public IndicatorSpec[] Specs { get; private set; } = [];
        public double[] IndicatorWeights { get; private set; } = [];
        public double[] DimensionWeights { get; private set; } = [];
        private double[][,] _values = [];
        private bool[][,] _imputed = [];
        private readonly Dictionary<Normalisation, double[][,]> _normalised = [];

        public static Prepared From(IndexDefinition definition, IndicatorTable table)
        {
            var prepared = new Prepared(definition, table);
            prepared.Load();
            return prepared;
        }

        public bool HasAny(int c, int y) => _values.Any(v => !double.IsNaN(v[y, c]));

        public int ImputedCount(int c, int y) => _imputed.Count(v => v[y, c]);

        /// <summary>Per indicator (once, though two dimensions may use it) and year: countries observed and countries imputed.</summary>
        public List<IndicatorCoverage> Coverage()
        {
            var coverage = new List<IndicatorCoverage>();
            var done = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < Specs.Length; k++)
            {
                if (!done.Add(Specs[k].Id))
                {
                    continue;
                }

                for (var y = 0; y < Years.Length; y++)
                {
                    int observed = 0, imputed = 0;
                    for (var c = 0; c < Countries.Length; c++)
                    {
                        if (_imputed[k][y, c])
                        {
                            imputed++;
                        }
                        else if (!double.IsNaN(_values[k][y, c]))
                        {
                            observed++;
                        }
                    }

                    coverage.Add(new IndicatorCoverage(Specs[k].Id, Years[y], observed, imputed));
                }
            }

            return coverage;
        }

        private void Load()
        {
            var specs = Definition.Dimensions.SelectMany((d, i) => d.Indicators.Select(s => (Dimension: i, Spec: s))).ToArray();
            DimensionOf = [.. specs.Select(s => s.Dimension)];
            Specs = [.. specs.Select(s => s.Spec)];
            IndicatorWeights = [.. Specs.Select(s => s.Weight)];
            DimensionWeights = [.. Definition.Dimensions.Select(d => d.Weight)];
            var ids = Specs.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var used = Table.Values.Where(v => ids.Contains(v.Indicator) && double.IsFinite(v.Value)).ToList();
            Countries = [.. used.Select(v => v.Country).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            Years = [.. used.Select(v => v.Year).Distinct().Order()];
            var countryIndex = Countries.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
            var yearIndex = Years.Select((y, i) => (y, i)).ToDictionary(p => p.y, p => p.i);
            _values = new double[Specs.Length][,];
            _imputed = new bool[Specs.Length][,];
            for (var k = 0; k < Specs.Length; k++)
            {
                var values = new double[Years.Length, Countries.Length];
                Fill(values, double.NaN);
                foreach (var v in used.Where(v => string.Equals(v.Indicator, Specs[k].Id, StringComparison.Ordinal)))
                {
                    values[yearIndex[v.Year], countryIndex[v.Country]] = Specs[k].Transform == Transform.Log ? (v.Value > 0 ? Math.Log(v.Value) : double.NaN) : v.Value;
                }

                _imputed[k] = Impute(values, Specs[k].Imputation ?? Definition.ImputationOrDefault);
                _values[k] = values;
                if (used.All(v => !string.Equals(v.Indicator, Specs[k].Id, StringComparison.Ordinal)))
                {
                    Notes.Add(TradeText.Format("IndexIndicatorAbsent", Specs[k].Id));
                }
            }
        }

        private bool[,] Impute(double[,] values, Imputation imputation)
        {
            var imputed = new bool[Years.Length, Countries.Length];
            if (imputation.Rule == ImputationRule.None || imputation.MaxYears == 0)
            {
                return imputed;
            }

            for (var c = 0; c < Countries.Length; c++)
            {
                var observed = Enumerable.Range(0, Years.Length).Where(y => !double.IsNaN(values[y, c])).ToArray();
                for (var y = 0; y < Years.Length; y++)
                {
                    if (!double.IsNaN(values[y, c]))
                    {
                        continue;
                    }

                    var before = observed.Where(o => o < y).DefaultIfEmpty(-1).Max();
                    var after = observed.Where(o => o > y).DefaultIfEmpty(-1).Min();
                    if (before < 0)
                    {
                        continue;
                    }

                    double value;
                    if (imputation.Rule == ImputationRule.Linear && after >= 0 && Years[after] - Years[before] <= imputation.MaxYears + 1)
                    {
                        var t = (double)(Years[y] - Years[before]) / (Years[after] - Years[before]);
                        value = values[before, c] + (t * (values[after, c] - values[before, c]));
                    }
                    else if (Years[y] - Years[before] <= imputation.MaxYears)
                    {
                        value = values[before, c];
                    }
                    else
                    {
                        continue;
                    }

                    values[y, c] = value;
                    imputed[y, c] = true;
                }
            }

            return imputed;
        }

        public double[][,] Normalised(Normalisation normalisation)
        {
            if (_normalised.TryGetValue(normalisation, out var cached))
            {
                return cached;
            }

            var period = Definition.ReferencePeriodOrAll;
            var result = new double[Specs.Length][,];
            for (var k = 0; k < Specs.Length; k++)
            {
                var values = _values[k];
                var reference = new List<double>();
                for (var y = 0; y < Years.Length; y++)
                {
                    if (period.Contains(Years[y]))
                    {
                        for (var c = 0; c < Countries.Length; c++)
                        {
                            if (!double.IsNaN(values[y, c]))
                            {
                                reference.Add(values[y, c]);
                            }
                        }
                    }
                }

                // Centre and scale: (x − centre) / scale, then the direction.
                double centre, scale;
                if (normalisation == Normalisation.MinMax)
                {
                    (centre, scale) = reference.Count == 0 ? (0, 0) : (reference.Min(), reference.Max() - reference.Min());
                }
                else
                {
                    var mean = reference.Count == 0 ? 0 : reference.Average();
                    (centre, scale) = (mean, reference.Count < 2 ? 0 : Math.Sqrt(reference.Sum(v => (v - mean) * (v - mean)) / (reference.Count - 1)));
                }

                var normalised = new double[Years.Length, Countries.Length];
                Fill(normalised, double.NaN);
                if (scale > 0)
                {
                    for (var y = 0; y < Years.Length; y++)
                    {
                        for (var c = 0; c < Countries.Length; c++)
                        {
                            var z = (values[y, c] - centre) / scale;
                            // Min-max with direction −1 is (max − x) / (max − min); a z-score just changes sign.
                            normalised[y, c] = Specs[k].Direction > 0 ? z : normalisation == Normalisation.MinMax ? 1 - z : -z;
                        }
                    }
                }
                else if (reference.Count > 0 && !Notes.Contains(TradeText.Format("IndexIndicatorConstant", Specs[k].Id)))
                {
                    Notes.Add(TradeText.Format("IndexIndicatorConstant", Specs[k].Id));
                }

                result[k] = normalised;
            }

            _normalised[normalisation] = result;
            return result;
        }

        /// <summary>Index scores [year, country] (NaN = no score) and, when asked, the dimension scores per dimension.</summary>
        public (double[,] Index, double[][,]? Dimensions) Score(Normalisation normalisation, double[] indicatorWeights, double[] dimensionWeights, bool keepDimensions)
        {
            var normalised = Normalised(normalisation);
            var geometric = Definition.Aggregation == Aggregation.Geometric;
            var dimensionCount = Definition.Dimensions.Count;
            var index = new double[Years.Length, Countries.Length];
            var dimensions = keepDimensions ? Enumerable.Range(0, dimensionCount).Select(_ => new double[Years.Length, Countries.Length]).ToArray() : null;
            var dimensionScore = new double[dimensionCount];
            var sum = new double[dimensionCount];
            var weight = new double[dimensionCount];
            for (var y = 0; y < Years.Length; y++)
            {
                for (var c = 0; c < Countries.Length; c++)
                {
                    Array.Clear(sum);
                    Array.Clear(weight);
                    for (var k = 0; k < Specs.Length; k++)
                    {
                        var v = normalised[k][y, c];
                        if (!double.IsNaN(v))
                        {
                            var d = DimensionOf[k];
                            sum[d] += indicatorWeights[k] * (geometric ? Math.Log(Math.Max(v, GeometricFloor)) : v);
                            weight[d] += indicatorWeights[k];
                        }
                    }

                    double total = 0, totalWeight = 0;
                    var available = 0;
                    for (var d = 0; d < dimensionCount; d++)
                    {
                        if (weight[d] > 0)
                        {
                            var mean = sum[d] / weight[d];
                            dimensionScore[d] = geometric ? Math.Exp(mean) : mean;
                            total += dimensionWeights[d] * (geometric ? Math.Log(Math.Max(dimensionScore[d], GeometricFloor)) : dimensionScore[d]);
                            totalWeight += dimensionWeights[d];
                            available++;
                        }
                        else
                        {
                            dimensionScore[d] = double.NaN;
                        }

                        if (dimensions is not null)
                        {
                            dimensions[d][y, c] = dimensionScore[d];
                        }
                    }

                    index[y, c] = available >= Definition.MinDimensions && totalWeight > 0
                        ? (geometric ? Math.Exp(total / totalWeight) : total / totalWeight)
                        : double.NaN;
                }
            }

            return (index, dimensions);
        }

        private static void Fill(double[,] array, double value)
        {
            for (var i = 0; i < array.GetLength(0); i++)
            {
                for (var j = 0; j < array.GetLength(1); j++)
                {
                    array[i, j] = value;
                }
            }
        }
    }
}
