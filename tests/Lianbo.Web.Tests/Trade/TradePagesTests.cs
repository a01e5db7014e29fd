using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lianbo.Web.Tests.Trade;

public partial class TradePagesTests(WithBaci2021 baci) : IClassFixture<WithBaci2021>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_trade_data_the_explorer_says_so_and_how_to_load_it_in_both_languages()
    {
        await using var app = await LianboApp.StartAsync();

        var english = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/trade", Ct));
        var chinese = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync("/trade", Ct));

        Assert.Contains("No trade data is loaded yet", english, StringComparison.Ordinal);
        Assert.Contains("尚未导入贸易数据", chinese, StringComparison.Ordinal);
        Assert.All([english, chinese], page => Assert.Contains("lianbo trade import baci", page, StringComparison.Ordinal));
        Assert.DoesNotContain("class=\"world-map\"", english, StringComparison.Ordinal);
        // The main navigation leads here, with a full page load so that the map's scripts run.
        Assert.Contains("href=\"/trade\" id=\"nav-trade\" data-enhance-nav=\"false\"", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_BACI_2021_the_explorer_maps_and_ranks_countries_by_the_chosen_measure()
    {
        var app = await baci.GetAsync();
        var chineseClient = TradeSamples.ChineseClient(app);

        var englishRaw = await app.CreateClient().GetStringAsync("/trade", Ct);
        var chineseRaw = await chineseClient.GetStringAsync("/trade?year=2021&metric=pageRank", Ct);
        var (english, chinese) = (WebUtility.HtmlDecode(englishRaw), WebUtility.HtmlDecode(chineseRaw));
        var unknownYear = await app.CreateClient().GetAsync("/trade?year=1999", Ct);

        Assert.Contains("BACI HS92, 2021", english, StringComparison.Ordinal);
        Assert.Contains("BACI_HS92_Y2021_V202301.csv", english, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"generated-note\"", english, StringComparison.Ordinal);
        // Exports by default: the sample holds South Africa's and Afghanistan's exports, so South Africa ranks first.
        Assert.Equal("South Africa", FirstRankedCountry(english));
        Assert.Contains("href=\"/trade/2021/countries/ZAF\"", english, StringComparison.Ordinal);
        var map = MapData(englishRaw, "trade-map");
        Assert.Equal("South Africa", map.Single(e => e.GetProperty("id").GetString() == "710").GetProperty("name").GetString());
        Assert.Equal("004", map.Single(e => e.GetProperty("name").GetString() == "Afghanistan").GetProperty("id").GetString());
        Assert.Contains("data-label=\"Exports\" data-unit=\"million USD\"", english, StringComparison.Ordinal);
        Assert.Contains("/lib/topojson-client.min.js", english, StringComparison.Ordinal);

        Assert.Contains("按PageRank 值排列", chinese, StringComparison.Ordinal);
        Assert.Contains("<option value=\"pageRank\" selected", chinese, StringComparison.Ordinal);
        Assert.Contains("南非", chinese, StringComparison.Ordinal);
        Assert.Contains("中国", MapData(chineseRaw, "trade-map").Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknownYear.StatusCode);
    }

    [Fact]
    public async Task A_country_page_shows_totals_partners_and_products_with_shares_and_a_map_of_its_export_partners()
    {
        var app = await baci.GetAsync();
        var api = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/trade/2021/countries/ZAF?top=1", Ct)).RootElement;
        var topPartner = api.GetProperty("exportPartners")[0];
        var topProduct = api.GetProperty("exportProducts")[0].GetProperty("code").GetString()!;

        var englishRaw = await app.CreateClient().GetStringAsync("/trade/2021/countries/zaf", Ct);
        var english = WebUtility.HtmlDecode(englishRaw);
        var chinese = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync("/trade/2021/countries/ZAF", Ct));

        Assert.Contains("<h1>South Africa: trade in 2021</h1>", english, StringComparison.Ordinal);
        Assert.Contains("<h1>南非：2021 年贸易</h1>", chinese, StringComparison.Ordinal);
        Assert.Contains("Main export destinations", english, StringComparison.Ordinal);
        Assert.Contains("主要进口来源地", chinese, StringComparison.Ordinal);
        // The first export partner of the tables is the API's, with its share; every partner is on the map.
        Assert.Contains($"href=\"/trade/2021/countries/{topPartner.GetProperty("code").GetString()}\"", Section(english, "export-partners"), StringComparison.Ordinal);
        Assert.Contains(topPartner.GetProperty("share").GetDouble().ToString("P1", System.Globalization.CultureInfo.GetCultureInfo("en")), Section(english, "export-partners"), StringComparison.Ordinal);
        Assert.True(MapData(englishRaw, "partner-map").Count > 100);
        Assert.Contains($"href=\"/trade/2021/products/{topProduct}\"", Section(english, "export-products"), StringComparison.Ordinal);
        // With its description from the HS 1992 nomenclature: South Africa's first export in 2021 is unwrought gold.
        Assert.Equal("710812", topProduct);
        Assert.Contains("Gold in unwrought forms non-monetary", Section(english, "export-products"), StringComparison.Ordinal);
        // In Chinese, HS 1992's 710812 has HS 2022's mainland name (the same code in both), never the English one.
        Assert.Contains("非货币用未锻造金", Section(chinese, "export-products"), StringComparison.Ordinal);
        Assert.DoesNotContain("Gold in unwrought forms", Section(chinese, "export-products"), StringComparison.Ordinal);
        Assert.Contains("HS 商品中文名称取自中国海关税则", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_page_shows_exporters_importers_HHI_China_share_and_the_chain_stages_that_use_it()
    {
        var app = await baci.GetAsync();

        var platinum = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/trade/2021/products/7110", Ct));
        var accumulators = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync("/trade/2021/products/850780", Ct));

        Assert.Contains("Platinum", platinum, StringComparison.Ordinal);
        // Only South Africa and Afghanistan export in the sample, so South Africa is platinum's only exporter.
        Assert.Contains("<dd id=\"hhi\">1.000</dd>", platinum, StringComparison.Ordinal);
        // A share of the sample's two exporters, not of the world: the page says so beside it.
        Assert.Contains("<dd id=\"china-share\">0.0% <span class=\"badge partial\">partial: 2 exporters</span></dd>", platinum, StringComparison.Ordinal);
        Assert.Contains("href=\"/trade/2021/countries/ZAF\">South Africa</a>", Section(platinum, "exporters"), StringComparison.Ordinal);
        Assert.Contains("href=\"/trade/2021/products/711011\"", platinum, StringComparison.Ordinal);
        Assert.Contains("id=\"no-chain-stages\"", platinum, StringComparison.Ordinal);

        Assert.Contains("HS 850780：2021 年贸易", accumulators, StringComparison.Ordinal);
        Assert.Contains("出口国和地区", accumulators, StringComparison.Ordinal);
        Assert.Contains("<p class=\"lead\" id=\"hs-description\">其他蓄电池</p>", accumulators, StringComparison.Ordinal);
        Assert.Contains("蓄电池，包括其隔离板", accumulators, StringComparison.Ordinal); // the parent heading 8507
        // HS 1992's 850780 stands for lithium-ion cells in the smart-vehicle and clean-energy chains.
        var stages = Section(accumulators, "chain-stages");
        Assert.Contains("智能汽车链", stages, StringComparison.Ordinal);
        Assert.Contains("清洁能源链", stages, StringComparison.Ordinal);
        Assert.Contains("850760", stages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/trade/1999/countries/ZAF")]
    [InlineData("/trade/2021/products/0000")]
    [InlineData("/trade/2021/products/platinum")]
    [InlineData("/trade/1999/products/7110")]
    [InlineData("/trade/1999/dependencies")]
    [InlineData("/trade/1999/substitutes")]
    public async Task An_unknown_year_country_or_product_is_the_not_found_page_saying_so_in_both_languages(string url)
    {
        var app = await baci.GetAsync();

        var response = await app.CreateClient().GetAsync(url, Ct);
        var chinese = app.CreateClient();
        chinese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var zh = await chinese.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.Contains("a year without trade data", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, zh.StatusCode);
        Assert.Contains("尚未导入贸易数据的年份", WebUtility.HtmlDecode(await zh.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generated_data_says_generated_on_every_trade_page_in_both_languages()
    {
        await using var app = await LianboApp.StartAsync();
        await TradeSamples.ImportGeneratedAsync(app, 2022, Ct);
        var chineseClient = TradeSamples.ChineseClient(app);

        var explorer = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/trade", Ct));
        var explorerZh = WebUtility.HtmlDecode(await chineseClient.GetStringAsync("/trade", Ct));
        var country = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/trade/2022/countries/CHN", Ct));
        var product = WebUtility.HtmlDecode(await chineseClient.GetStringAsync("/trade/2022/products/85", Ct));

        Assert.Contains("BACI_HS92_Y2022_generated_S7_N5000.csv", explorer, StringComparison.Ordinal);
        Assert.Contains("Generated data: made by the gravity-model generator, not real trade.", explorer, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge generated\">generated</span>", Section(explorer, "datasets"), StringComparison.Ordinal);
        Assert.Contains("生成数据：由引力模型生成器生成，并非真实贸易。", explorerZh, StringComparison.Ordinal);
        Assert.Contains("id=\"generated-note\"", country, StringComparison.Ordinal);
        Assert.Contains("id=\"generated-note\"", product, StringComparison.Ordinal);
    }

    // The text of the ranking's first row's country link.
    private static string FirstRankedCountry(string page) =>
        RankingFirstRow().Match(Section(page, "ranking")).Groups[1].Value;

    // The map's data as worldmap.js reads it, from the page as served (the attribute is HTML-encoded JSON).
    private static List<JsonElement> MapData(string rawPage, string id)
    {
        var match = Regex.Match(rawPage, $"id=\"{id}\"[^>]*data-map=\"([^\"]*)\"");
        Assert.True(match.Success, $"no map {id}");
        return [.. JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups[1].Value)).RootElement.EnumerateArray()];
    }

    // From the element with this id to the end of its table or list.
    private static string Section(string page, string id)
    {
        var start = page.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no element {id}");
        return page[start..new[] { "</table>", "</ul>" }.Select(end => page.IndexOf(end, start, StringComparison.Ordinal)).Where(i => i >= 0).Min()];
    }

    [GeneratedRegex("<tbody>\\s*<tr>\\s*<td class=\"num\">1</td>\\s*<td><a href=\"[^\"]*\">([^<]*)</a>")]
    private static partial Regex RankingFirstRow();
}
