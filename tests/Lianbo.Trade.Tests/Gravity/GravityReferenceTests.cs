using System.Text.Json;
using Lianbo.Trade.Gravity;
using static Lianbo.Trade.Tests.Gravity.GravityFixture;

namespace Lianbo.Trade.Tests.Gravity;

// The engine against the independent numpy/scipy reference (Gravity/reference/gravity_reference.py), run by the tests
// on the shipped panel: estimates, fixed effects, the book's procedure round by round and the exact solutions, to 1e-8.
public sealed class GravityReferenceTests
{
    private const double Tol = 1e-8;

    [Fact]
    public void Trade_without_borders_estimates_and_fixed_effects_equal_the_reference()
    {
        var r = App1Reference;
        Assert.Equal(r.GetProperty("countries").EnumerateArray().Select(c => c.GetString()!), App1.CrossSection.Names);
        Near(r.GetProperty("beta").Doubles(), [.. App1.Estimates.Select(e => e.Estimate)], Tol, "coefficients");
        Near(r.GetProperty("se").Doubles(), [.. App1.Estimates.Select(e => e.RobustSe)], Tol, "robust SE");
        var book = App1.Solve(new GeOptions(Mode: GeMode.BookProcedure));
        Near(r.GetProperty("a0").Doubles(), book.BaselinePi, Tol, "baseline exporter FE", book.Countries);
        Near(r.GetProperty("b0").Doubles(), book.BaselineChi, Tol, "baseline importer FE", book.Countries);
        Near(r.GetProperty("a1").Doubles(), book.ConditionalPi, Tol, "counterfactual exporter FE", book.Countries);
    }

    [Theory]
    [InlineData("app1")]
    [InlineData("nafta")]
    public void The_books_procedure_equals_the_reference_round_by_round(string application)
    {
        var (scenario, r) = Pick(application);
        var result = scenario.Solve(new GeOptions(Mode: GeMode.BookProcedure));
        Assert.Equal(r.GetProperty("rounds").GetInt32(), result.Rounds);
        var log = r.GetProperty("log").EnumerateArray().ToArray();
        for (var k = 0; k < log.Length; k++)
        {
            double[] expected = [log[k].GetProperty("mean").GetDouble(), log[k].GetProperty("sd").GetDouble(), log[k].GetProperty("min").GetDouble(), log[k].GetProperty("max").GetDouble()];
            var got = result.Log[k];
            Near(expected, [got.Mean, got.Sd, got.Min, got.Max], Tol, $"round {k + 1} (mean, sd, min, max)");
        }

        AssertChanges(r.GetProperty("book"), result, scenario.Convention);
    }

    [Theory]
    [InlineData("app1", DeficitRule.Ratio)]
    [InlineData("app1", DeficitRule.Level)]
    [InlineData("nafta", DeficitRule.Ratio)]
    [InlineData("nafta", DeficitRule.Level)]
    public void The_exact_solution_equals_the_reference(string application, DeficitRule rule)
    {
        var (scenario, r) = Pick(application);
        var result = scenario.Solve(new GeOptions(Mode: GeMode.Exact, Deficits: rule));
        var key = rule == DeficitRule.Ratio ? "exact-ratio" : "exact-level";
        Assert.True(result.Residual < 1e-12, $"market clearing residual {result.Residual:g3}");
        Assert.True(r.GetProperty(key + "-resid").GetDouble() < 1e-12);
        AssertChanges(r.GetProperty(key), result, scenario.Convention);
    }

    [Fact]
    public void The_book_loop_with_the_R_manuals_threshold_equals_the_reference()
    {
        var r = App1Reference;
        var result = App1.Solve(new GeOptions(Mode: GeMode.BookProcedure, BookStop: 1e-5));
        Assert.Equal(r.GetProperty("rounds_1e5").GetInt32(), result.Rounds);
        AssertChanges(r.GetProperty("book_1e5"), result, App1.Convention);
    }

    [Fact]
    public void Nafta_panel_ppml_pair_effects_and_trade_costs_equal_the_reference()
    {
        var r = NaftaReference;
        var rta = Nafta.Estimates[0];
        Assert.Equal(r.GetProperty("n").GetInt32(), Nafta.Observations);
        Near([r.GetProperty("beta").GetDouble(), r.GetProperty("se_robust").GetDouble(), r.GetProperty("se_cluster").GetDouble()],
            [rta.Estimate, rta.RobustSe, rta.ClusteredSe!.Value], Tol, "RTA, robust and clustered SE");
        Assert.True(Nafta.ScoreViolation < 1e-10, $"score violation {Nafta.ScoreViolation:g3}");
        foreach (var pair in r.GetProperty("pair_fe").EnumerateObject())
        {
            Near([pair.Value.GetDouble()], [Nafta.PairFixedEffects[int.Parse(pair.Name, System.Globalization.CultureInfo.InvariantCulture)]], Tol, $"pair FE {pair.Name}");
        }

        Near(r.GetProperty("stage2").Doubles(), [.. Nafta.Estimates.Skip(1).Select(e => e.Estimate)], Tol, "stage-2 coefficients");
        Near(r.GetProperty("stage2_se").Doubles(), [.. Nafta.Estimates.Skip(1).Select(e => e.ClusteredSe!.Value)], Tol, "stage-2 clustered SE");
        Near(r.GetProperty("ln_t_bln").Doubles(), Nafta.LnTBaseline, Tol, "baseline ln t^(1-σ)");
        Near(r.GetProperty("ln_t_cfl").Doubles(), Nafta.LnTCounterfactual, Tol, "counterfactual ln t^(1-σ)");
    }

    private static (GravityScenario Scenario, JsonElement Reference) Pick(string application) =>
        application == "app1" ? (App1, App1Reference) : (Nafta, NaftaReference);

    private static void AssertChanges(JsonElement expected, GeResult result, ChangeConvention convention)
    {
        var changes = result.Changes(convention);
        foreach (var index in expected.EnumerateObject())
        {
            Near(index.Value.Doubles(), changes[index.Name], Tol, $"{result.Method}: {index.Name}", result.Countries);
        }
    }
}
