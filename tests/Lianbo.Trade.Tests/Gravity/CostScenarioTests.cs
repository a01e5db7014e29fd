using Lianbo.Trade.Gravity;
using static Lianbo.Trade.Tests.Gravity.GravityFixture;

namespace Lianbo.Trade.Tests.Gravity;

// CostScenario is what a scenario's decoupling and tariff shocks run on: the book's first application's costs on a chosen
// year, shifted between two groups.
public sealed class CostScenarioTests
{
    private static readonly GeOptions Exact = new(Mode: GeMode.Exact);

    [Fact]
    public void On_2006_the_baseline_is_the_books_first_application()
    {
        var scenario = CostScenario.Build(Panel, 2006, [], 7.0);
        Near(App1.LnTBaseline, scenario.LnTBaseline, 1e-10, "ln t baseline", scenario.CrossSection.Names);
        Near(scenario.LnTBaseline, scenario.LnTCounterfactual, 0, "no change");
        Assert.Equal(App1.Estimates.Select(e => e.Estimate), scenario.Estimates.Select(e => e.Estimate));
    }

    [Fact]
    public void A_change_moves_exactly_the_flows_between_the_groups_both_ways()
    {
        var scenario = CostScenario.Build(Panel, 2000, [new CostChange(["USA", "CAN"], ["CHN", "ROU"], 0.25)], 7.0);
        var cs = scenario.CrossSection;
        var groupA = new HashSet<string> { "USA", "CAN" };
        var groupB = new HashSet<string> { "CHN", "ROM" };
        var expected = (1 - 7.0) * Math.Log(1.25);
        for (var r = 0; r < cs.X.Length; r++)
        {
            var (i, j) = (cs.Names[cs.I[r]], cs.Names[cs.J[r]]);
            var between = (groupA.Contains(i) && groupB.Contains(j)) || (groupB.Contains(i) && groupA.Contains(j));
            Assert.Equal(between ? expected : 0, scenario.LnTCounterfactual[r] - scenario.LnTBaseline[r], 12);
        }

        // Romania is ROM in the panel and ROU everywhere else; Russia is not in the panel at all.
        Assert.Equal(["RUS"], CostScenario.Missing(scenario, ["USA", "ROU", "RUS"]));
    }

    [Fact]
    public void Decoupling_two_blocs_lowers_both_blocs_real_gdp_and_liberalising_raises_it()
    {
        string[] west = ["USA", "JPN", "DEU", "FRA", "GBR", "KOR"], east = ["CHN", "HKG", "MAC"];
        var apart = CostScenario.Build(Panel, 2006, [new CostChange(west, east, 1.0)], 7.0);
        var closer = CostScenario.Build(Panel, 2006, [new CostChange(west, east, -0.2)], 7.0);
        var hurt = apart.Solve(Exact).Changes(ChangeConvention.CounterfactualVsBaseline)["real_gdp"];
        var helped = closer.Solve(Exact).Changes(ChangeConvention.CounterfactualVsBaseline)["real_gdp"];
        foreach (var country in west.Concat(east))
        {
            var k = Array.IndexOf(apart.CrossSection.Names, country);
            Assert.True(hurt[k] < 0, $"{country}: {hurt[k]}");
            Assert.True(helped[k] > 0, $"{country}: {helped[k]}");
        }
    }

    [Fact]
    public void Monte_Carlo_bands_hold_the_point_estimate_between_low_and_high()
    {
        var scenario = CostScenario.Build(Panel, 2006, [new CostChange(["USA"], ["CHN"], 0.5)], 7.0);
        var point = scenario.Solve(Exact).Changes(ChangeConvention.CounterfactualVsBaseline)["real_gdp"];
        var bands = MonteCarlo.Bands(scenario, Exact, draws: 40, seed: 3).Changes["real_gdp"];
        var usa = Array.IndexOf(scenario.CrossSection.Names, "USA");
        Assert.True(bands[usa].Low < point[usa] && point[usa] < bands[usa].High, $"{bands[usa]} vs {point[usa]}");
        Assert.True(bands.All(b => b.Low <= b.Median && b.Median <= b.High));
    }

    [Fact]
    public void A_year_the_panel_lacks_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => CostScenario.Build(Panel, 2010, [], 7.0));
        Assert.Contains("2010", e.Message, StringComparison.Ordinal);
    }
}
