using Lianbo.Trade.Indices;

namespace Lianbo.Trade.Tests.Indices;

public sealed class ExternalIndicatorsTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Write(string name, params string[] lines)
    {
        var path = _test.File(name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task A_good_file_is_stored_and_a_second_import_replaces_the_same_country_year_only()
    {
        var indicators = new ExternalIndicators(_test.Store);
        await indicators.ImportAsync(Write("lpi.csv", "country,year,indicator,value,source", "chn,2018,wb.lpi,3.61,World Bank LPI", "DEU,2018,wb.lpi,4.2,World Bank LPI"), Ct);

        var summary = await indicators.ImportAsync(Write("lpi2.csv", "source,indicator,country,year,value,note", "\"World Bank LPI, 2023\",wb.lpi,CHN,2018,3.7,x", "WB,wb.lpi,CHN,2023,3.7,"), Ct);

        Assert.Equal([("wb.lpi", 3L, 2, 2018, 2023)], summary.Select(s => (s.Indicator, s.Values, s.Countries, s.FirstYear, s.LastYear)));
        var values = await indicators.ReadAsync(new HashSet<string> { "wb.lpi" }, Ct);
        Assert.Equal(3.7, values.Single(v => v is { Country: "CHN", Year: 2018 }).Value);
        Assert.Equal("World Bank LPI, 2023", values.Single(v => v is { Country: "CHN", Year: 2018 }).Source);
        Assert.Equal(4.2, values.Single(v => v.Country == "DEU").Value);
    }

    [Theory]
    [InlineData("XXX,2020,wb.lpi,3,WB", "\"XXX\" is not an ISO 3166-1 alpha-3 country code")]
    [InlineData("CHN,20x0,wb.lpi,3,WB", "the year \"20x0\" is not a year between 1900 and 2100")]
    [InlineData("CHN,2020,WB LPI,3,WB", "\"WB LPI\" is not an indicator id (lower-case letters, digits, dots, hyphens and underscores, at most 64)")]
    [InlineData("CHN,2020,trade.depth,3,WB", "indicator \"trade.depth\" is computed from the trade store and the World Bank GDP file and cannot be imported")]
    [InlineData("CHN,2020,wb.lpi,,WB", "the value \"\" is not a number")]
    [InlineData("CHN,2020,wb.lpi,NaN,WB", "the value \"NaN\" is not a number")]
    [InlineData("CHN,2020,wb.lpi,3,", "the source is missing")]
    [InlineData("CHN,2020,wb.lpi,3", "expected 5 columns, found 4")]
    [InlineData("DEU,2020,wb.lpi,3,WB", "wb.lpi for DEU in 2020 is already given on line 2")]
    public async Task A_file_with_one_bad_line_is_refused_with_its_number_and_nothing_of_it_is_stored(string bad, string problem)
    {
        var indicators = new ExternalIndicators(_test.Store);
        await indicators.ImportAsync(Write("before.csv", "country,year,indicator,value,source", "FRA,2020,wb.lpi,3.9,WB"), Ct);
        var path = Write("bad.csv", "country,year,indicator,value,source", "DEU,2020,wb.lpi,4.1,WB", "CHN,2019,wb.lpi,3.5,WB", bad, "USA,2020,wb.lpi,3.9,WB");

        var error = await Assert.ThrowsAsync<TradeDataException>(() => indicators.ImportAsync(path, Ct));

        Assert.Equal((4L, problem), (error.Line, error.Problem));
        Assert.Equal("bad.csv, line 4: " + problem, error.Message);
        var stored = await indicators.ReadAsync(new HashSet<string> { "wb.lpi" }, Ct);
        Assert.Equal([("FRA", 2020, 3.9)], stored.Select(v => (v.Country, v.Year, v.Value)));
    }

    [Fact]
    public async Task A_file_without_a_required_column_names_it()
    {
        var error = await Assert.ThrowsAsync<TradeDataException>(() =>
            new ExternalIndicators(_test.Store).ImportAsync(Write("x.csv", "country,year,indicator,value", "CHN,2020,wb.lpi,3"), Ct));

        Assert.Equal(1, error.Line);
        Assert.StartsWith("there is no column \"source\"", error.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => _test.Dispose();
}
