using Lianbo.Trade.InputOutput;

namespace Lianbo.Trade.Tests.InputOutput;

public sealed class IoAnalysisTests
{
    private static readonly IoStageLink[] Map =
    [
        new("c14", "digital-technology", "chips", ""),
        new("c14", "digital-technology", "computers", ""),
        new("c30", "digital-technology", "software", ""),
        new("c15", "smart-vehicles", "vehicles", ""),
        new("c14", "smart-vehicles", "chips-and-sensors", ""),
    ];

    private static readonly Lazy<IoAnalysis> Analysis = new(() => new IoAnalysis(IoFixture.Model, Map));

    [Fact]
    public void A_supply_shock_to_chinas_electronics_is_the_ghosh_cascade_summed_by_country_industry_and_chain()
    {
        var t = IoFixture.Model.Table;
        var cascade = Analysis.Value.Cascade(new IoShock("CHN", ["c14"], 0.5, IoShockModel.Supply));

        var row = t.Index("CHN", "c14");
        var dv = new double[t.N];
        dv[row] = 0.5 * t.ValueAdded[row];
        var expected = IoFixture.Model.SupplyDriven(dv);
        Assert.Equal(expected, cascade.Loss);
        Assert.Equal(expected.Sum(), cascade.Total, 6);
        Assert.Equal(expected[row], cascade.DirectLoss);
        Assert.True(cascade.Total > cascade.DirectLoss && cascade.DirectLoss > 0);

        // By chain: a sector counts once per chain, however many stages it feeds.
        double Sector(string s) => Enumerable.Range(0, t.Countries.Length).Sum(c => expected[t.Index(t.Countries[c], s)]);
        var digital = cascade.ByChain.Single(x => x is { Chain: "digital-technology", Stage: null });
        Assert.Equal(Sector("c14") + Sector("c30"), digital.Loss, 6);
        Assert.Equal(["c14", "c30"], digital.Sectors);
        Assert.Equal(Sector("c14"), cascade.ByChain.Single(x => x.Stage == "chips").Loss, 6);
        Assert.Equal(Sector("c14") + Sector("c15"), cascade.ByChain.Single(x => x is { Chain: "smart-vehicles", Stage: null }).Loss, 6);
        Assert.Equal(cascade.Total, cascade.ByCountry.Sum(x => x.Value), 6);
        Assert.Equal(cascade.Total, cascade.BySector.Sum(), 6);
        Assert.Equal("CHN", cascade.ByCountry[0].Country);
    }

    [Fact]
    public void The_other_models_are_the_engines_cascades()
    {
        var t = IoFixture.Model.Table;
        var row = t.Index("DEU", "c15");
        var f = t.FinalDemandTotal();
        var df = new double[t.N];
        df[row] = 0.2 * f[row];
        Assert.Equal(IoFixture.Model.DemandDriven(df), Analysis.Value.Cascade(new IoShock("DEU", ["c15"], 0.2, IoShockModel.Demand)).Loss);
        Assert.Equal(IoFixture.Model.Extract(row).Loss, Analysis.Value.Cascade(new IoShock("DEU", ["c15"], 1, IoShockModel.Extraction)).Loss);
        var iim = IoFixture.Model.Inoperability(row, 0.3, 60);
        var cascade = Analysis.Value.Cascade(new IoShock("DEU", ["c15"], 0.3, IoShockModel.Inoperability, 60));
        Assert.Equal(iim.PeriodLoss, cascade.Total, 6);

        // Every industry of a country at once is the sum of the single-industry shocks (the models are linear).
        var all = Analysis.Value.Cascade(new IoShock("LUX", [], 0.1, IoShockModel.Supply)).Total;
        var sum = t.Sectors.Sum(s => Analysis.Value.Cascade(new IoShock("LUX", [s], 0.1, IoShockModel.Supply)).Total);
        Assert.Equal(sum, all, 6);
    }

    [Fact]
    public void A_shock_naming_what_the_table_lacks_is_refused()
    {
        Assert.Throws<KeyNotFoundException>(() => Analysis.Value.Cascade(new IoShock("XXX", ["c14"], 0.5, IoShockModel.Supply)));
        Assert.Throws<KeyNotFoundException>(() => Analysis.Value.Cascade(new IoShock("CHN", ["c99"], 0.5, IoShockModel.Supply)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Analysis.Value.Cascade(new IoShock("CHN", ["c14"], 1.5, IoShockModel.Supply)));
        Assert.Throws<ArgumentException>(() => Analysis.Value.Cascade(new IoShock("CHN", [], 1, IoShockModel.Extraction)));
    }

    [Fact]
    public void An_industrys_world_view_lists_every_country_by_output()
    {
        var rows = Analysis.Value.Industry("c14");
        var t = IoFixture.Model.Table;
        Assert.Equal(t.Countries.Length, rows.Count);
        Assert.Equal(1, rows.Sum(r => r.WorldShare), 9);
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.GrossOutput >= p.Second.GrossOutput));
        var chn = rows.Single(r => r.Country == "CHN");
        Assert.Equal(t.GrossOutput[t.Index("CHN", "c14")], chn.GrossOutput);
        Assert.Equal(Analysis.Value.Upstreamness[t.Index("CHN", "c14")], chn.Upstreamness);
    }

    [Fact]
    public void Without_inventories_upstreamness_is_the_row_sums_of_the_ghosh_inverse()
    {
        var table = IoFixture.Year2011.Table with { Inventories = null };
        var fromGhosh = new IoAnalysis(new IoModel(table)).Upstreamness;
        var solved = Upstreamness.Compute(table.Countries.Length, table.Sectors.Length, table.Z, table.GrossOutput);
        Assert.Equal(solved.Length, fromGhosh.Length);
        for (var i = 0; i < solved.Length; i++)
        {
            Assert.Equal(double.IsNaN(solved[i]), double.IsNaN(fromGhosh[i]));
            if (!double.IsNaN(solved[i]))
            {
                Assert.Equal(solved[i], fromGhosh[i], 1e-9 * solved[i]);
            }
        }

        // With WIOD's inventories the adjustment changes it: the shipped table does not take this path.
        Assert.NotEqual(fromGhosh[table.Index("CHN", "c14")], Analysis.Value.Upstreamness[table.Index("CHN", "c14")]);
    }

    [Fact]
    public void A_country_industrys_linkages_are_the_largest_entries_of_its_columns_of_a_and_l_and_rows_of_b_and_g()
    {
        var m = IoFixture.Model;
        var t = m.Table;
        var j = t.Index("DEU", "c15");
        var n = t.N;
        var linkages = Analysis.Value.Linkages("DEU", "c15", top: 10);

        void Check(IReadOnlyList<IoCoefficient> rows, double[] matrix, bool column)
        {
            var expected = Enumerable.Range(0, n).Select(k => column ? matrix[k * n + j] : matrix[j * n + k]).Where(v => v != 0).OrderDescending().Take(10).ToArray();
            Assert.Equal(expected, rows.Select(r => r.Value));
            Assert.All(rows, r => Assert.Equal(column ? matrix[t.Index(r.Country, r.Sector) * n + j] : matrix[j * n + t.Index(r.Country, r.Sector)], r.Value));
        }

        Check(linkages.DirectInputs, m.A, column: true);
        Check(linkages.TotalRequirements, m.L, column: true);
        Check(linkages.DirectSales, m.B, column: false);
        Check(linkages.TotalAllocation, m.G, column: false);
        // German cars buy most from German car parts: the largest direct input is its own industry at home.
        Assert.Equal(("DEU", "c15"), (linkages.DirectInputs[0].Country, linkages.DirectInputs[0].Sector));
        Assert.Equal(m.OutputMultipliers()[j], linkages.OutputMultiplier, 12);
        Assert.Equal(m.ValueAddedMultipliers()[j], linkages.ValueAddedMultiplier, 12);
        var column = Enumerable.Range(0, n).Select(i => m.A[i * n + j]).ToArray();
        Assert.Equal(Enumerable.Range(0, 35).Sum(s => column[t.Index("DEU", t.Sectors[s])]) / column.Sum(), linkages.DomesticInputs, 12);
        Assert.Throws<KeyNotFoundException>(() => Analysis.Value.Linkages("DEU", "c99"));
    }
}
