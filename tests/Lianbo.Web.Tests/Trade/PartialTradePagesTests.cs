using System.Net;
using System.Text.RegularExpressions;

namespace Lianbo.Web.Tests.Trade;

/// <summary>
/// Trade pages on a dataset that holds only some exporters (the shipped BACI sample: South Africa's and Afghanistan's
/// rows) say so beside their rankings, in both languages, and a whole dataset does not; unknown country codes are
/// named as unknown; HS codes carry their names.
/// </summary>
public partial class PartialTradePagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The exporters of the sample, counted from the file itself (column i, BACI's exporter code).
    private static int SampleExporters() =>
        File.ReadLines(TradeSamples.Baci2021).Skip(1).Select(l => l.Split(',')[1].Trim().Trim('"')).Distinct().Count();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rankings_on_a_sample_of_two_exporters_say_partial_and_a_whole_dataset_does_not(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        await TradeSamples.ImportBaci2021Async(app, Ct);
        await TradeSamples.ImportGeneratedAsync(app, 2019, Ct);
        var exporters = SampleExporters();
        var english = app.CreateClient();
        var chinese = TradeSamples.ChineseClient(app);

        var explorer = await Text(english, "/trade?year=2021");
        var explorerZh = await Text(chinese, "/trade?year=2021");
        var country = await Text(english, "/trade/2021/countries/ZAF");
        var product = await Text(english, "/trade/2021/products/7108");
        var productZh = await Text(chinese, "/trade/2021/products/7108");
        var generated = await Text(english, "/trade?year=2019");

        Assert.Equal(2, exporters);
        Assert.Contains($"partial: {exporters} exporters", Heading(explorer, "ranking"), StringComparison.Ordinal);
        Assert.Contains($"部分数据：{exporters} 个出口国", Heading(explorerZh, "ranking"), StringComparison.Ordinal);
        Assert.Contains("id=\"partial-note\"", explorer, StringComparison.Ordinal);
        Assert.Contains($"holds the exports of only {exporters} countries", explorer, StringComparison.Ordinal);
        Assert.Contains($"partial: {exporters} exporters", country, StringComparison.Ordinal);
        // A product's total is not called world trade on it.
        Assert.Contains($"Exports of the {exporters} exporters in the data", product, StringComparison.Ordinal);
        Assert.DoesNotContain("World trade", product, StringComparison.Ordinal);
        Assert.Contains($"数据中 {exporters} 个出口国的出口合计", productZh, StringComparison.Ordinal);
        // The generated year holds every country on both sides: no such label.
        Assert.DoesNotContain("partial-note", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("partial:", generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_unknown_country_code_is_named_as_unknown_in_both_languages(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        await TradeSamples.ImportBaci2021Async(app, Ct);

        var page = await app.CreateClient().GetAsync("/trade/2021/countries/XYZ", Ct);
        var english = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(Ct));
        var chinese = await Text(TradeSamples.ChineseClient(app), "/trade/2021/countries/XYZ");
        var dependencies = await Text(TradeSamples.ChineseClient(app), "/trade/2021/dependencies?importer=XYZ");
        var notACode = await Text(app.CreateClient(), "/trade/2021/countries/SOUTHAFRICA");
        // A year without data is still the plain not-found page.
        var noYear = await app.CreateClient().GetAsync("/trade/1999/countries/XYZ", Ct);

        // A page of its own that names the code (the generic not-found page could not), kept out of search engines.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1 id=\"unknown-country\">unknown country code XYZ</h1>", english, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\"", english, StringComparison.Ordinal);
        Assert.Contains("未知国家或地区代码 XYZ", chinese, StringComparison.Ordinal);
        Assert.Contains("未知国家或地区代码 XYZ", dependencies, StringComparison.Ordinal);
        Assert.Contains("unknown country code SOUTHAFRICA", notACode, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noYear.StatusCode);
        Assert.DoesNotContain("unknown country code", await noYear.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_HS_code_of_the_dependency_table_has_its_name_beside_it_in_Chinese()
    {
        await using var app = await LianboApp.StartAsync();
        await TradeSamples.ImportBaci2021Async(app, Ct);

        var page = await Text(TradeSamples.ChineseClient(app), "/trade/2021/dependencies?importer=ZAF&all=true");
        var rows = Regex.Matches(Section(page, "chokepoints"), "<td><a href=\"/trade/2021/products/(\\d+)\"><code>\\1</code></a> <span class=\"hs-name\">([^<]*)</span></td>");

        Assert.True(rows.Count > 10, $"{rows.Count} rows");
        // A name in Chinese, or the words saying there is none; never empty, never the English text.
        Assert.All(rows, r => Assert.Matches("\\p{IsCJKUnifiedIdeographs}", r.Groups[2].Value));
    }

    private static async Task<string> Text(HttpClient client, string url, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.Equal(status, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
    }

    // The heading just before a table.
    private static string Heading(string html, string tableId)
    {
        var table = html.IndexOf($"<table class=\"ranking\" id=\"{tableId}\"", StringComparison.Ordinal);
        var heading = html.LastIndexOf("<h2>", table, StringComparison.Ordinal);
        return html[heading..table];
    }

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }
}
