using Lianbo.Trade.Indices;

namespace Lianbo.Trade.Tests.Indices;

public sealed class CompositeIndexTests
{
    // Two dimensions of one indicator each: "x" (more is better) and "y" (less is better).
    private static IndexDefinition Definition(
        Normalisation normalisation = Normalisation.MinMax, Aggregation aggregation = Aggregation.Arithmetic, double weightX = 3, double weightY = 1,
        Imputation? imputation = null, ReferencePeriod? period = null, int minDimensions = 1, int directionY = -1) =>
        new("test", "Test", "测试", "", "",
            [
                new DimensionSpec("dx", "X", "X", weightX, [new IndicatorSpec("x")]),
                new DimensionSpec("dy", "Y", "Y", weightY, [new IndicatorSpec("y", directionY)]),
            ],
            normalisation, period, aggregation, imputation, minDimensions);

    private static IndicatorTable Table(params (string Indicator, string Country, int Year, double Value)[] values) =>
        new(values.Select(v => new IndicatorValue(v.Indicator, v.Country, v.Year, v.Value, "test")));

    private static CountryScore Score(IndexResult result, int year, string country) =>
        result.Years.Single(y => y.Year == year).Countries.Single(c => c.Country == country);

    [Fact]
    public void Min_max_with_a_reversed_indicator_and_weights_3_to_1_gives_the_hand_computed_scores_ranks_and_mean()
    {
        var table = Table(("x", "AAA", 2020, 0), ("x", "BBB", 2020, 5), ("x", "CCC", 2020, 10), ("y", "AAA", 2020, 2), ("y", "BBB", 2020, 4), ("y", "CCC", 2020, 6));

        var result = CompositeIndex.Compute(Definition(), table);

        // A: x → 0, y (less is better) → 1; (3·0 + 1·1) / 4 = 0.25. B: 0.5. C: x → 1, y → 0: 0.75.
        var year = Assert.Single(result.Years);
        Assert.Equal([("CCC", 0.75, 1), ("BBB", 0.5, 2), ("AAA", 0.25, 3)], year.Countries.Select(c => (c.Country, c.Score!.Value, c.Rank!.Value)));
        Assert.Equal(1.0, Score(result, 2020, "AAA").Dimensions["dy"]);
        Assert.Equal(0.5, year.Global!.Value, 12);
        Assert.Empty(year.LackingDimensions);
    }

    [Fact]
    public void Z_scores_use_the_sample_standard_deviation_and_flip_sign_for_less_is_better()
    {
        var table = Table(("x", "AAA", 2020, 1), ("x", "BBB", 2020, 2), ("x", "CCC", 2020, 3), ("y", "AAA", 2020, 10), ("y", "BBB", 2020, 20), ("y", "CCC", 2020, 30));

        var result = CompositeIndex.Compute(Definition(Normalisation.ZScore, weightX: 1, weightY: 1, directionY: 1), table);

        // x: mean 2, sd 1 → −1, 0, 1; y the same; equal weights.
        Assert.Equal(-1, Score(result, 2020, "AAA").Score!.Value, 12);
        Assert.Equal(0, Score(result, 2020, "BBB").Score!.Value, 12);
        Assert.Equal(1, Score(result, 2020, "CCC").Score!.Value, 12);

        var reversed = CompositeIndex.Compute(Definition(Normalisation.ZScore, weightX: 1, weightY: 1), table);
        Assert.Equal(1, reversed.Years[0].Countries.Single(c => c.Country == "AAA").Dimensions["dy"]!.Value, 12);
    }

    [Fact]
    public void Geometric_aggregation_is_the_weighted_geometric_mean_with_zero_floored()
    {
        var table = Table(("x", "AAA", 2020, 10), ("x", "BBB", 2020, 0), ("x", "CCC", 2020, 5), ("y", "AAA", 2020, 1), ("y", "BBB", 2020, 0), ("y", "CCC", 2020, 4));

        var result = CompositeIndex.Compute(Definition(aggregation: Aggregation.Geometric, weightX: 1, weightY: 1, directionY: 1), table);

        Assert.Equal(Math.Sqrt(1 * 0.25), Score(result, 2020, "AAA").Score!.Value, 12);
        Assert.Equal(Math.Sqrt(0.5 * 1), Score(result, 2020, "CCC").Score!.Value, 12);
        Assert.Equal(CompositeIndex.GeometricFloor, Score(result, 2020, "BBB").Score!.Value, 12);
    }

    [Fact]
    public void Min_max_over_a_reference_period_lets_later_years_exceed_one_so_that_years_compare()
    {
        var table = Table(("x", "AAA", 2020, 0), ("x", "BBB", 2020, 10), ("x", "AAA", 2021, 5), ("x", "BBB", 2021, 20));
        var definition = Definition(period: new ReferencePeriod(2020, 2020));

        var result = CompositeIndex.Compute(definition, table);

        Assert.Equal(0.5, Score(result, 2021, "AAA").Score!.Value, 12);
        Assert.Equal(2.0, Score(result, 2021, "BBB").Score!.Value, 12);
        Assert.Equal(0.5, result.Years[0].Global!.Value, 12);
        Assert.Equal(1.25, result.Years[1].Global!.Value, 12);
        // No country has y: that dimension is reported as lacking data in every year, never filled in.
        Assert.All(result.Years, y => Assert.Equal(["dy"], y.LackingDimensions));
        Assert.Contains(result.Notes, n => n.Contains("y", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ImputationRule.None, 1, null)]
    [InlineData(ImputationRule.CarryForward, 0, null)]
    [InlineData(ImputationRule.CarryForward, 1, 2.0)]
    [InlineData(ImputationRule.CarryForward, 2, 2.0)]
    [InlineData(ImputationRule.Linear, 1, 5.0)]
    public void Imputation_fills_a_one_year_gap_only_as_the_rule_allows(ImputationRule rule, int maxYears, double? expected)
    {
        // AAA has x in 2020 (2) and 2022 (8), not in 2021; BBB fixes the scale: 0 … 10 every year.
        var table = Table(("x", "AAA", 2020, 2), ("x", "AAA", 2022, 8), ("x", "BBB", 2020, 0), ("x", "BBB", 2021, 10), ("x", "BBB", 2022, 0), ("x", "CCC", 2021, 0));
        var definition = Definition(imputation: new Imputation(rule, maxYears));

        var result = CompositeIndex.Compute(definition, table);

        var aaa = result.Years.Single(y => y.Year == 2021).Countries.SingleOrDefault(c => c.Country == "AAA");
        Assert.Equal(expected, aaa?.Score is { } score ? Math.Round(score * 10, 9) : null);
        Assert.Equal(expected is null ? 0 : 1, aaa?.Imputed ?? 0);
    }

    [Fact]
    public void A_country_with_fewer_dimensions_than_required_has_no_score_and_names_what_it_misses()
    {
        var table = Table(("x", "AAA", 2020, 0), ("x", "BBB", 2020, 10), ("y", "BBB", 2020, 1), ("y", "CCC", 2020, 3));

        var result = CompositeIndex.Compute(Definition(minDimensions: 2), table);

        var aaa = Score(result, 2020, "AAA");
        Assert.Null(aaa.Score);
        Assert.Null(aaa.Rank);
        Assert.Equal(["dy"], aaa.MissingDimensions);
        Assert.Equal(1, Score(result, 2020, "BBB").Rank);
    }

    [Fact]
    public void Trade_weighted_world_value_weights_by_trade_total()
    {
        var table = Table(("x", "AAA", 2020, 0), ("x", "BBB", 2020, 10), ("trade.total", "AAA", 2020, 1), ("trade.total", "BBB", 2020, 3));
        var definition = Definition() with { Global = GlobalValue.TradeWeighted };

        var result = CompositeIndex.Compute(definition, table);

        Assert.Equal(0.75, result.Years[0].Global!.Value, 12);
    }

    [Fact]
    public void A_year_without_trade_takes_the_weights_of_the_latest_earlier_trade_year_and_says_so()
    {
        var table = Table(("x", "AAA", 2020, 0), ("x", "BBB", 2020, 10), ("x", "AAA", 2023, 10), ("x", "BBB", 2023, 0),
            ("trade.total", "AAA", 2020, 1), ("trade.total", "BBB", 2020, 3));
        var definition = Definition() with { Global = GlobalValue.TradeWeighted };

        var result = CompositeIndex.Compute(definition, table);

        Assert.Equal(0.75, result.Years.Single(y => y.Year == 2020).Global!.Value, 12);
        Assert.Equal(0.25, result.Years.Single(y => y.Year == 2023).Global!.Value, 12);
        Assert.Contains("world values of 2023: trade weights of 2020, the latest earlier trade year", result.Notes);
    }

    [Fact]
    public void An_indicators_own_imputation_rule_replaces_the_indexs_and_the_coverage_counts_what_it_filled()
    {
        var table = Table(("x", "AAA", 2010, 0), ("x", "AAA", 2014, 4), ("x", "AAA", 2018, 8), ("y", "AAA", 2010, 1), ("y", "AAA", 2011, 1), ("y", "AAA", 2012, 1),
            ("y", "AAA", 2013, 1), ("y", "AAA", 2014, 1), ("y", "AAA", 2015, 1), ("y", "AAA", 2016, 1), ("y", "AAA", 2017, 1), ("y", "AAA", 2018, 1), ("y", "AAA", 2020, 1),
            ("x", "BBB", 2010, 8), ("y", "BBB", 2010, 2));
        var definition = Definition(imputation: new Imputation(ImputationRule.CarryForward, 1)) with
        {
            Dimensions =
            [
                new DimensionSpec("dx", "X", "X", 1, [new IndicatorSpec("x", Imputation: new Imputation(ImputationRule.Linear, 3))]),
                new DimensionSpec("dy", "Y", "Y", 1, [new IndicatorSpec("y")]),
            ],
        };

        var result = CompositeIndex.Compute(definition, table);

        // x (its own rule, linear up to 3 years): AAA's 2011 is a quarter of the way from 0 to 4, its 2020 carried from 2018;
        // BBB's 2010 is carried to 2013, not to 2014. y (the index's rule, carried 1 year): BBB's 2010 to 2011 only.
        Assert.Equal(1.0 / 8, Score(result, 2011, "AAA").Dimensions["dx"]!.Value, 12);
        Assert.Equal(1.0, Score(result, 2020, "AAA").Dimensions["dx"]!.Value, 12);
        Assert.Equal(1, Score(result, 2011, "AAA").Imputed);
        var coverage = result.Coverage.ToDictionary(c => (c.Indicator, c.Year), c => (c.Observed, c.Imputed));
        Assert.Equal((2, 0), coverage[("x", 2010)]);
        Assert.Equal((0, 2), coverage[("x", 2011)]);
        Assert.Equal((0, 2), coverage[("x", 2013)]);
        Assert.Equal((1, 0), coverage[("x", 2014)]);
        Assert.Equal((0, 1), coverage[("x", 2020)]);
        Assert.Equal((1, 1), coverage[("y", 2011)]);
        Assert.Equal((1, 0), coverage[("y", 2012)]);
    }

    [Fact]
    public void A_geometric_index_of_z_scores_is_refused()
    {
        var problems = Definition(Normalisation.ZScore, Aggregation.Geometric).Problems().ToList();

        Assert.Contains(problems, p => p.Contains("z-scores", StringComparison.Ordinal));
    }

    [Fact]
    public void Quantiles_interpolate_as_numpy_does()
    {
        double[] sorted = [1, 2, 3, 4, 10];

        Assert.Equal(3, CompositeIndex.Quantile(sorted, 0.5));
        Assert.Equal(1.2, CompositeIndex.Quantile(sorted, 0.05), 12);
        Assert.Equal(8.8, CompositeIndex.Quantile(sorted, 0.95), 12);
    }
}
