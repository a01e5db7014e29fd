using Lianbo.Trade.Gravity;
using static Lianbo.Trade.Tests.Gravity.GravityFixture;

namespace Lianbo.Trade.Tests.Gravity;

public sealed class CostShockTests
{
    private static readonly GeOptions Exact = new(Mode: GeMode.Exact);

    [Fact]
    public void No_shock_changes_nothing()
    {
        var cs = App1.CrossSection;
        var same = CostShocks.Between(cs, App1.LnTBaseline, ["USA"], ["CHN"], 0.0);
        var changes = GeneralEquilibrium.Solve(cs, App1.LnTBaseline, same, Exact).Changes(ChangeConvention.CounterfactualVsBaseline);
        foreach (var (index, values) in changes)
        {
            Near(new double[values.Length], values, 1e-9, index, cs.Names);
        }
    }

    [Fact]
    public void Decoupling_two_economies_costs_both_and_shifts_their_trade_to_others()
    {
        var cs = App1.CrossSection;
        var shocked = CostShocks.Between(cs, App1.LnTBaseline, ["USA"], ["CHN"], 0.5);
        var moved = App1.LnTBaseline.Zip(shocked, (a, b) => a != b).Count(x => x);
        Assert.Equal(2, moved);
        var result = GeneralEquilibrium.Solve(cs, App1.LnTBaseline, shocked, Exact);
        Assert.True(result.Residual < 1e-12);
        var changes = result.Changes(ChangeConvention.CounterfactualVsBaseline);
        int At(string c) => Array.IndexOf(cs.Names, c);
        Assert.True(changes["real_gdp"][At("USA")] < 0 && changes["real_gdp"][At("CHN")] < 0);
        Assert.True(changes["exports_full"][At("USA")] < 0 && changes["exports_full"][At("CHN")] < 0);
        // a third economy competing with both gains market access: Japan's conditional exports rise
        Assert.True(changes["exports_cdl"][At("JPN")] > 0);
        Assert.Equal(0, changes["imr"][At("DEU")], 12);
    }

    [Fact]
    public void Sigma_is_a_parameter_of_the_solution()
    {
        var cs = App1.CrossSection;
        var seven = GeneralEquilibrium.Solve(cs, App1.LnTBaseline, App1.LnTCounterfactual, Exact).Changes(App1.Convention);
        var five = GeneralEquilibrium.Solve(cs, App1.LnTBaseline, App1.LnTCounterfactual, Exact with { Sigma = 5 });
        Assert.True(five.Residual < 1e-12);
        Assert.Contains("σ = 5", five.Method, StringComparison.Ordinal);
        var usa = Array.IndexOf(cs.Names, "USA");
        // the same change in t^(1−σ) is a larger change in t when σ is smaller: prices move more
        Assert.True(Math.Abs(five.Changes(App1.Convention)["price"][usa]) > Math.Abs(seven["price"][usa]));
    }

    [Fact]
    public void Unknown_countries_and_impossible_shocks_are_refused()
    {
        var cs = App1.CrossSection;
        Assert.Contains("XXX", Assert.Throws<ArgumentException>(() => CostShocks.Between(cs, App1.LnTBaseline, ["XXX"], ["CHN"], 0.1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => CostShocks.Between(cs, App1.LnTBaseline, ["USA"], ["CHN"], -1.0));
    }
}
