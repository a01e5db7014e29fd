using Lianbo.Trade.Import;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Tests.Import;

public sealed class CsvImporterTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly CsvColumnMapping Mapping = CsvColumnMapping.Parse("year=Year,exporter=Reporter,importer=Partner,product=HS,value=Value");

    [Fact]
    public async Task A_file_with_two_years_becomes_two_stored_years_with_the_codes_as_given()
    {
        var path = Write("Year,Reporter,Partner,HS,Value,Note", "2020,chn,USA,010632,10.5,x", "2020,USA,CHN,10632,2,", "2021,CHN,DEU,854231,7,\"a, b\"");

        var imported = await CsvImporter.ImportAsync(_test.Store, path, new CsvImportOptions(Mapping, Source: "mine"), ct: Ct);

        Assert.Equal([(2021, 1L, 7.0), (2020, 2L, 12.5)], imported.Select(d => (d.Year, d.Rows, d.TotalValue)));
        var codes = await _test.Store.CountryCodesAsync(new DatasetKey("mine", "none", 2020), Ct);
        Assert.Equal(["CHN", "USA"], codes.Select(c => c.Country));
    }

    [Theory]
    [InlineData("2020,CHN,USA,010632,ten", "Value", "\"ten\" is not a number")]
    [InlineData("2020,CHN,,010632,1", "Partner", "the exporter or importer code is missing")]
    [InlineData("20x0,CHN,USA,010632,1", "Year", "the year \"20x0\" is not a year between 1900 and 2100")]
    [InlineData("2020,CHN,CHN,010632,1", "Partner", "exporter and importer are the same (1 = CHN)")]
    public async Task A_bad_row_is_reported_with_its_line_and_column_and_nothing_is_stored(string row, string field, string problem)
    {
        var path = Write("Year,Reporter,Partner,HS,Value", "2020,CHN,USA,010632,1", "2020,USA,CHN,010632,1", row);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => CsvImporter.ImportAsync(_test.Store, path, new CsvImportOptions(Mapping), ct: Ct));

        Assert.Equal((4L, field, problem), (error.Line, error.Field, error.Problem));
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    [Fact]
    public async Task A_mapped_column_that_is_not_in_the_header_is_named()
    {
        var path = Write("Year,Exporter,Partner,HS,Value", "2020,CHN,USA,010632,1");

        var error = await Assert.ThrowsAsync<TradeDataException>(() => CsvImporter.ImportAsync(_test.Store, path, new CsvImportOptions(Mapping), ct: Ct));

        Assert.Equal(1, error.Line);
        Assert.StartsWith("there is no column \"Reporter\"", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exporter=a,importer=b", "value")]
    [InlineData("exporter=a,importer=b,value=c,colour=d", "colour=d")]
    public void A_mapping_that_misses_a_column_or_names_an_unknown_field_is_refused(string text, string named)
    {
        var error = Assert.Throws<FormatException>(() => CsvColumnMapping.Parse(text));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private string Write(params string[] lines)
    {
        var path = _test.File("flows.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    public void Dispose() => _test.Dispose();
}
