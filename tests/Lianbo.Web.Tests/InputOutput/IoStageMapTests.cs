using Lianbo.Core.Chains;
using Lianbo.Trade;
using Lianbo.Trade.InputOutput;

namespace Lianbo.Web.Tests.InputOutput;

/// <summary>The shipped industry → stage maps name only industries of their table family and stages of the shipped chains, and reach every chain.</summary>
public sealed class IoStageMapTests
{
    [Theory]
    [InlineData("wiod2013", "c14")]
    [InlineData("wiod2016", "C26")]
    [InlineData("icio", "C26")]
    public void Each_shipped_map_is_valid_and_reaches_every_chain(string family, string electronics)
    {
        var chains = ChainFiles.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "chains"));
        var stages = chains.SelectMany(c => c.Stages.Select(s => (c.Id, s.Id))).ToHashSet();
        var sectors = IoSectors.ReadNames(IoSectors.NamesFile(family)).Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var map = IoSectors.ReadStageMap(Path.Combine(AppContext.BaseDirectory, "chains", "io", family + ".csv"), sectors, (c, s) => stages.Contains((c, s)));

        Assert.Equal(chains.Select(c => c.Id).Order(StringComparer.Ordinal), map.Select(l => l.Chain).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(map, l => l is { Chain: "digital-technology", Stage: "chips-and-semiconductor-devices" } && l.Sector == electronics);
    }

    [Fact]
    public void A_map_line_naming_a_stage_the_chains_lack_is_refused_with_its_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lianbo-stage-map-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, "sector,chain,stage,note\nc14,digital-technology,chips-and-semiconductor-devices,\nc14,digital-technology,quantum-foam,\n");
        try
        {
            var e = Assert.Throws<TradeDataException>(() => IoSectors.ReadStageMap(file, new HashSet<string> { "c14" }, (c, s) => s != "quantum-foam"));
            Assert.Equal(3, e.Line);
            Assert.Equal("stage", e.Field);
            e = Assert.Throws<TradeDataException>(() => IoSectors.ReadStageMap(file, new HashSet<string> { "c15" }));
            Assert.Equal(2, e.Line);
            Assert.Equal("sector", e.Field);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
