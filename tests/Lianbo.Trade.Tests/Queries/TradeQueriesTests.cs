using Lianbo.Trade.Import;
using Lianbo.Trade.Queries;

namespace Lianbo.Trade.Tests.Queries;

public sealed class TradeQueriesTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_country_has_its_totals_top_partners_and_top_products_with_shares()
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);

        var zaf = (await new TradeQueries(_test.Store).CountryAsync(2021, "zaf", top: 3, ct: Ct))!;

        // pandas on the sample: d[d.i == 710].v.sum(), then grouped by j and by k.
        Assert.Equal(68_691_799.014, zaf.Exports, 1e-6);
        Assert.Equal(["CHN", "IND", "DEU"], zaf.ExportPartners.Select(p => p.Code));
        Assert.Equal(6_860_444.233, zaf.ExportPartners[0].Value, 1e-6);
        Assert.Equal(6_860_444.233 / 68_691_799.014, zaf.ExportPartners[0].Share, 1e-12);
        Assert.Equal("710812", zaf.ExportProducts[0].Code);
        // Afghanistan's exports to South Africa are the sample's only imports of South Africa.
        Assert.Equal("AFG", Assert.Single(zaf.ImportPartners).Code);
    }

    [Fact]
    public async Task A_product_has_its_exporters_shares_HHI_and_China_share()
    {
        var path = _test.File("chips.csv");
        File.WriteAllLines(path, ["year,exporter,importer,product,value", "2022,CHN,USA,854231,60", "2022,USA,DEU,854231,30", "2022,DEU,CHN,854232,10", "2022,DEU,CHN,100199,500"]);
        await CsvImporter.ImportAsync(_test.Store, path, new CsvImportOptions(CsvColumnMapping.Parse(CsvColumnMapping.Default)), ct: Ct);

        var chips = (await new TradeQueries(_test.Store).ProductAsync(2022, HsFilter.TryParse("8542")!, ct: Ct))!;

        Assert.Equal(100, chips.WorldValue);
        Assert.Equal([("CHN", 0.6), ("USA", 0.3), ("DEU", 0.1)], chips.Exporters.Select(e => (e.Code, Math.Round(e.Share, 12))));
        Assert.Equal(0.36 + 0.09 + 0.01, chips.ExporterHhi, 1e-12);
        Assert.Equal(0.6, chips.ChinaShare, 1e-12);
        Assert.Equal(1, chips.TopFiveShare, 1e-12);
    }

    [Fact]
    public async Task Codes_taken_together_count_each_flow_once_even_when_they_overlap()
    {
        var path = _test.File("mixed.csv");
        File.WriteAllLines(path, ["year,exporter,importer,product,value", "2022,CHN,USA,854231,60", "2022,USA,DEU,854232,30", "2022,DEU,CHN,850760,10", "2022,DEU,CHN,100199,500"]);
        await CsvImporter.ImportAsync(_test.Store, path, new CsvImportOptions(CsvColumnMapping.Parse(CsvColumnMapping.Default), Revision: "HS92"), ct: Ct);
        var queries = new TradeQueries(_test.Store);

        // 8542 and its own subheading 854231 overlap; 850760 adds a third flow.
        var stage = (await queries.ProductsAsync(2022, [HsFilter.TryParse("8542")!, HsFilter.TryParse("854231")!, HsFilter.TryParse("850760")!], "stage", ct: Ct))!;

        Assert.Equal(100, stage.WorldValue);
        Assert.Equal("stage", stage.Product);
        Assert.Equal(0.6, stage.ChinaShare, 1e-12);
        Assert.Equal(2022, await queries.LatestYearWithProductsAsync("HS92", Ct));
        Assert.Null(await queries.LatestYearWithProductsAsync("HS17", Ct));
    }

    [Fact]
    public async Task Real_data_is_preferred_to_generated_data_of_the_same_year_and_the_answer_says_which()
    {
        var generated = _test.File("BACI_HS92_Y2021_generated_S1_N1000.csv");
        File.WriteAllLines(generated, File.ReadLines(TradeTestStore.BaciSample).Take(1001));
        await BaciImporter.ImportAsync(_test.Store, generated, ct: Ct);
        var queries = new TradeQueries(_test.Store);
        Assert.True((await queries.MetricsAsync(2021, ct: Ct))!.Dataset.Generated);

        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);

        var metrics = (await queries.MetricsAsync(2021, ct: Ct))!;
        Assert.Equal(("BACI", false), (metrics.Dataset.Source, metrics.Dataset.Generated));
        Assert.True((await queries.MetricsAsync(2021, source: "generated", ct: Ct))!.Dataset.Generated);
        Assert.Null(await queries.MetricsAsync(2020, ct: Ct));
    }

    [Fact]
    public async Task A_product_network_counts_only_that_product()
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);

        var gold = (await new TradeQueries(_test.Store).MetricsAsync(2021, HsFilter.TryParse("71"), ct: Ct))!;

        Assert.Equal("71", gold.Product);
        Assert.True(gold.TotalValue > 1.0e7);
        Assert.True(gold.TotalValue < 69_369_988.138);
    }

    [Theory]
    [InlineData("01", "01", 10000, 19999)]
    [InlineData("0106", "0106", 10600, 10699)]
    [InlineData("10632", "010632", 10632, 10632)]
    [InlineData("854231", "854231", 854231, 854231)]
    public void HS_codes_of_2_4_and_6_digits_cover_their_range_and_a_lost_zero_is_restored(string text, string code, int from, int to) =>
        Assert.Equal(new HsFilter(code, from, to), HsFilter.TryParse(text));

    [Theory]
    [InlineData("")]
    [InlineData("85423a")]
    [InlineData("1234567")]
    public void Text_that_is_not_an_HS_code_is_refused(string text) => Assert.Null(HsFilter.TryParse(text));

    public void Dispose() => _test.Dispose();
}
