using Lianbo.Trade.Gravity;
using static Lianbo.Trade.Tests.Gravity.GravityFixture;

namespace Lianbo.Trade.Tests.Gravity;

public sealed class GravityPanelTests
{
    [Fact]
    public void The_shipped_panel_is_the_books()
    {
        Assert.Equal(99_981, Panel.Count);
        Assert.Equal(69, Panel.Exporter.Distinct().Count());
        Assert.Equal([1986, 2006], new[] { Panel.Year.Min(), Panel.Year.Max() });
        var chnUsa2006 = Enumerable.Range(0, Panel.Count).Single(r => Panel.Exporter[r] == "CHN" && Panel.Importer[r] == "USA" && Panel.Year[r] == 2006);
        Assert.Equal(241_537, Panel.Column("trade")[chnUsa2006], 0);
    }

    [Fact]
    public void A_cross_section_without_every_pair_is_refused_with_the_counts()
    {
        var year = Panel.Where(r => Panel.Year[r] == 2006 && !(Panel.Exporter[r] == "ARG" && Panel.Importer[r] == "AUS"));
        var error = Assert.Throws<ArgumentException>(() => new CrossSection(year));
        Assert.Contains("4760 rows for 69 countries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_column_or_reference_country_is_named()
    {
        Assert.Contains("'tariff'", Assert.Throws<ArgumentException>(() => Panel.Column("tariff")).Message, StringComparison.Ordinal);
        var year = Panel.Where(r => Panel.Year[r] == 2006);
        Assert.Contains("CHE", Assert.Throws<ArgumentException>(() => new CrossSection(year.Where(r => year.Exporter[r] != "CHE" && year.Importer[r] != "CHE"), "CHE")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_line_is_refused_with_its_number()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gravity-malformed-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "exporter,importer,pair_id,year,trade\nARG,ARG,1,2006,5\nARG,AUS,2,2006\n");
        try
        {
            var error = Assert.Throws<TradeDataException>(() => GravityPanel.Load(path));
            Assert.Equal(3, error.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
