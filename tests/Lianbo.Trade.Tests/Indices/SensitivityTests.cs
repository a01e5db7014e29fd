using Lianbo.Trade.Indices;

namespace Lianbo.Trade.Tests.Indices;

public sealed class SensitivityTests
{
    // Three indicators in two dimensions over eight countries: the ranks depend on the weights.
    private static readonly IndexDefinition Definition = new("test", "Test", "测试", "", "",
        [
            new DimensionSpec("a", "A", "A", 1, [new IndicatorSpec("x"), new IndicatorSpec("y")]),
            new DimensionSpec("b", "B", "B", 1, [new IndicatorSpec("z", -1)]),
        ]);

    private static IndicatorTable Table()
    {
        var table = new IndicatorTable();
        string[] countries = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH"];
        for (var i = 0; i < countries.Length; i++)
        {
            table.Add("x", countries[i], 2021, i);
            table.Add("y", countries[i], 2021, (i * 5) % 8);
            table.Add("z", countries[i], 2021, (i * 3) % 8);
            // The best country on every indicator.
            table.Add("x", "TOP", 2021, 100);
            table.Add("y", "TOP", 2021, 100);
            table.Add("z", "TOP", 2021, -100);
        }

        return table;
    }

    [Theory]
    [InlineData(WeightResampling.Uniform)]
    [InlineData(WeightResampling.Dirichlet)]
    public void The_same_seed_gives_the_same_bands_and_a_dominant_country_stays_first(WeightResampling weights)
    {
        var settings = new SensitivitySettings(weights, Normalisations: [Normalisation.MinMax, Normalisation.ZScore], Draws: 300, Seed: 42);

        var first = Sensitivity.Run(Definition, Table(), settings);
        var second = Sensitivity.Run(Definition, Table(), settings);

        var bands = first.Years[0].Countries.Select(c => (c.Country, c.Band)).ToList();
        Assert.Equal(bands, second.Years[0].Countries.Select(c => (c.Country, c.Band)));
        Assert.Equal(new RankBand(1, 1, 1), first.Years[0].Countries.Single(c => c.Country == "TOP").Band);
        Assert.All(first.Years[0].Countries, c => Assert.True(c.Band!.P5 <= c.Band.Median && c.Band.Median <= c.Band.P95 && c.Band.P95 <= 9));
        // The weights matter here, so some band is wider than one rank.
        Assert.Contains(first.Years[0].Countries, c => c.Band!.P95 - c.Band.P5 >= 1);
    }

    [Fact]
    public void Another_seed_draws_other_weights()
    {
        var one = Sensitivity.Run(Definition, Table(), new SensitivitySettings(Draws: 50, Seed: 1));
        var two = Sensitivity.Run(Definition, Table(), new SensitivitySettings(Draws: 50, Seed: 2));

        Assert.NotEqual(one.Years[0].Countries.Select(c => c.Band), two.Years[0].Countries.Select(c => c.Band));
    }

    [Theory]
    [InlineData(WeightResampling.Uniform)]
    [InlineData(WeightResampling.Dirichlet)]
    public void Resampled_weights_sum_to_one_and_stay_near_the_definitions_weights(WeightResampling kind)
    {
        var random = new Random(7);
        var settings = new SensitivitySettings(kind, Spread: 0.5, Concentration: 20);
        double[] weights = [1, 2, 5];
        var mean = new double[3];
        const int draws = 20_000;
        for (var i = 0; i < draws; i++)
        {
            var drawn = Sensitivity.Resample(random, weights, settings);
            Assert.Equal(1, drawn.Sum(), 12);
            Assert.All(drawn, w => Assert.True(w > 0));
            for (var k = 0; k < 3; k++)
            {
                mean[k] += drawn[k] / draws;
            }
        }

        // Dirichlet's mean is the weights exactly; rescaling uniform factors leans a little towards the small weights.
        Assert.InRange(mean[0], 0.115, 0.135);
        Assert.InRange(mean[1], 0.24, 0.26);
        Assert.InRange(mean[2], 0.61, 0.635);
    }
}
