using Lianbo.Trade.InputOutput;

namespace Lianbo.Trade.Tests.InputOutput;

/// <summary>
/// The chain summary on the shipped WIOD 2011 table with the shipped stage map (data/chains/io/wiod2013.csv), checked
/// against sums of <see cref="IoAnalysis.Industry"/>'s rows taken here.
/// </summary>
public sealed class IoChainViewTests
{
    private static readonly Lazy<IReadOnlyList<IoStageLink>> Map = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "data", "chains", "io", "wiod2013.csv")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("data/chains/io not found"), "data", "chains", "io", "wiod2013.csv");
        return IoSectors.ReadStageMap(path, new HashSet<string>(IoFixture.Model.Table.Sectors, StringComparer.Ordinal));
    });

    private static readonly Lazy<IoAnalysis> Analysis = new(() => new IoAnalysis(IoFixture.Model, Map.Value));

    public static TheoryData<string> Chains => new(Map.Value.Select(l => l.Chain).Distinct().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Chains))]
    public void A_chains_figures_are_the_sums_of_its_industries_rows(string chain)
    {
        var analysis = Analysis.Value;
        var sectors = Map.Value.Where(l => l.Chain == chain).Select(l => l.Sector).Distinct().ToList();
        var rows = sectors.SelectMany(analysis.Industry).ToList();
        var output = rows.Sum(r => r.GrossOutput);
        var valueAdded = rows.Sum(r => r.ValueAdded);
        var placed = rows.Where(r => r.Upstreamness is not null && r.GrossOutput > 0).ToList();

        var summary = IoChainView.Of(analysis, chain);

        Assert.NotNull(summary);
        Assert.Equal((chain, "WIOD", "2013", 2011), (summary.Chain, summary.Source, summary.Release, summary.Year));
        Assert.Equal(sectors.Order(StringComparer.Ordinal), summary.Sectors.Order(StringComparer.Ordinal));
        Near(output, summary.GrossOutput);
        Near(valueAdded, summary.ValueAdded);
        Near(rows.Where(r => r.Country == "CHN").Sum(r => r.GrossOutput) / output, summary.ChinaOutputShare!.Value);
        Near(rows.Where(r => r.Country == "CHN").Sum(r => r.ValueAdded) / valueAdded, summary.ChinaValueAddedShare!.Value);
        Near(placed.Sum(r => r.GrossOutput * r.Upstreamness!.Value) / placed.Sum(r => r.GrossOutput), summary.Upstreamness!.Value);

        var byCountry = rows.GroupBy(r => r.Country).Select(g => (Country: g.Key, Value: g.Sum(r => r.ValueAdded)))
            .OrderByDescending(x => x.Value).ThenBy(x => x.Country, StringComparer.Ordinal).Take(5).ToList();
        Assert.Equal(byCountry.Select(x => x.Country), summary.TopCountries.Select(x => x.Country));
        foreach (var (want, got) in byCountry.Zip(summary.TopCountries))
        {
            Near(want.Value, got.Value);
            Near(want.Value / valueAdded, got.Share);
        }

        var stages = Map.Value.Where(l => l.Chain == chain).GroupBy(l => l.Stage)
            .ToDictionary(g => g.Key, g => g.Select(l => l.Sector).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(stages.Keys.Order(StringComparer.Ordinal), summary.Stages.Select(s => s.Stage).Order(StringComparer.Ordinal));
        Assert.All(summary.Stages, s => Assert.Equal(stages[s.Stage], s.Sectors.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Industries_and_stages_come_in_a_fixed_order_and_an_industry_feeding_two_stages_counts_once()
    {
        var summary = IoChainView.Of(Analysis.Value, "digital-technology")!;

        // The table's order (c9 before c13), not the codes' ordinal order.
        Assert.Equal(["c9", "c13", "c14", "c27", "c30"], summary.Sectors);
        // c14 feeds three stages of the chain; its output is in the total once.
        Assert.Equal(3, summary.Stages.Count(s => s.Sectors.Contains("c14")));
        var once = summary.Sectors.SelectMany(Analysis.Value.Industry).Sum(r => r.GrossOutput);
        Near(once, summary.GrossOutput);
        Assert.Equal("semiconductor-materials", summary.Stages[0].Stage);
    }

    [Fact]
    public void A_chain_without_a_linked_industry_or_a_table_without_a_map_has_no_summary()
    {
        Assert.Null(IoChainView.Of(Analysis.Value, "no-such-chain"));
        Assert.Null(IoChainView.Of(new IoAnalysis(IoFixture.Model), "digital-technology"));
        // A link to an industry of another table family is not one of this table's.
        Assert.Null(IoChainView.Of(new IoAnalysis(IoFixture.Model, [new IoStageLink("C26", "digital-technology", "chips", "")]), "digital-technology"));
    }

    private static void Near(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
