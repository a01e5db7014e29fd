using System.Net;

namespace Lianbo.Web.Tests.Trade;

// Every test only reads the BACI 2021 sample, so they share one app that imported it.
public class DependencyPagesTests(WithBaci2021 baci) : IClassFixture<WithBaci2021>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_chokepoint_table_lists_an_importers_flagged_products_and_a_blocs_in_both_languages()
    {
        var app = await baci.GetAsync();

        var english = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/trade/2021/dependencies?importer=NAM&bloc=EU", Ct));
        var chinese = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync("/trade/2021/dependencies?importer=NAM", Ct));
        var country = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/trade/2021/countries/NAM", Ct));

        Assert.Contains("Import dependencies of Namibia, 2021", english, StringComparison.Ordinal);
        Assert.Contains("id=\"chokepoints\"", english, StringComparison.Ordinal);
        Assert.Contains("GeoDep window: 2021 (1 of the 3 years loaded).", english, StringComparison.Ordinal);
        // Namibia's imports in the sample come from South Africa alone, the largest supplier of every row.
        Assert.Contains("<td>South Africa</td>", english, StringComparison.Ordinal);
        Assert.Contains("href=\"/trade/2021/substitutes?importer=NAM&product=", english, StringComparison.Ordinal);
        Assert.Contains("European Union:", english, StringComparison.Ordinal);
        Assert.Contains("id=\"bloc-dependencies\"", english, StringComparison.Ordinal);
        Assert.Contains("纳米比亚 2021 年的进口依赖", chinese, StringComparison.Ordinal);
        Assert.Contains("<td>南非</td>", chinese, StringComparison.Ordinal);
        Assert.Contains("卡点（GeoDep）", chinese, StringComparison.Ordinal);
        Assert.Contains("href=\"/trade/2021/dependencies?importer=NAM\"", country, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_on_the_chokepoint_page_is_named_and_a_year_not_loaded_is_not_found()
    {
        var app = await baci.GetAsync();

        var english = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/trade/2021/dependencies?importer=Namibia&bloc=NOPE", Ct));
        var chinese = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync("/trade/2021/dependencies?importer=Namibia", Ct));
        var missing = await app.CreateClient().GetAsync("/trade/1999/dependencies?importer=NAM", Ct);

        Assert.Contains("\"Namibia\" is not an ISO alpha-3 country code", english, StringComparison.Ordinal);
        Assert.Contains("\"NOPE\" is not a country group", english, StringComparison.Ordinal);
        Assert.Contains("“Namibia”不是 ISO 三字母国家代码", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"chokepoints\"", english, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_substitute_finder_ranks_candidates_with_their_reasons_in_both_languages()
    {
        var app = await baci.GetAsync();

        var english = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/trade/2021/substitutes?importer=NAM&product=2709", Ct));
        var chinese = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync("/trade/2021/substitutes?importer=NAM&product=2709", Ct));
        var none = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/trade/2021/substitutes?importer=ZAF&product=2709&supplier=USA", Ct));
        var bad = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/trade/2021/substitutes?importer=NAM&product=27x9", Ct));

        Assert.Contains("Who could replace South Africa as Namibia's supplier of 2709, 2021", english, StringComparison.Ordinal);
        Assert.Contains("id=\"substitutes\"", english, StringComparison.Ordinal);
        Assert.Contains(">Afghanistan</a>", english, StringComparison.Ordinal);
        Assert.Contains("does not supply NAM with it yet", english, StringComparison.Ordinal);
        Assert.Contains("谁能替代 南非 向 纳米比亚 供应 2709（2021 年）", chinese, StringComparison.Ordinal);
        Assert.Contains("尚未向 NAM 供应该产品", chinese, StringComparison.Ordinal);
        Assert.Contains("South Africa imports no 2709 from United States in 2021.", none, StringComparison.Ordinal);
        Assert.Contains("\"27x9\" is not an HS code of 2, 4 or 6 digits", bad, StringComparison.Ordinal);
    }
}
