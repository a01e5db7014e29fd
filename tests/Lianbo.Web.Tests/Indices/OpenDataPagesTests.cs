using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lianbo.Trade.Indices;
using Lianbo.Trade.OpenData;
using Lianbo.Trade.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Indices;

/// <summary>
/// The index pages of a fresh install, which loads the shipped open data on start as `lianbo serve` does (one app for
/// the class: the load and both builds take seconds), in English and in Chinese.
/// </summary>
public sealed partial class OpenDataPagesTests(OpenDataPagesTests.FreshInstall fresh) : IClassFixture<OpenDataPagesTests.FreshInstall>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class FreshInstall : IAsyncLifetime
    {
        public LianboApp App { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            App = await LianboApp.StartAsync(settings: new Dictionary<string, string> { ["Lianbo:LoadOpenData"] = "true" });
            _ = App.Server;
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private HttpClient Client(string language)
    {
        var client = fresh.App.CreateClient();
        if (language == "zh")
        {
            client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");
        }

        return client;
    }

    private Task<string> TextAsync(string language, string path) => PageText.GetAsync(Client(language), path, Ct);

    private IndexStore Indices => new(fresh.App.Services.GetRequiredService<TradeStore>());

    [Theory]
    [InlineData("en", "Published by the CCPIT", "Sources and licences", "IMF DOTS")]
    [InlineData("zh", "中国贸促会发布的数值", "数据来源与许可", "IMF DOTS")]
    public async Task The_indices_page_of_a_fresh_install_shows_real_world_values_by_year_their_sources_and_the_CCPITs_values(
        string language, string published, string sources, string panel)
    {
        var indices = new[]
        {
            ("connectivity", new[] { 1964, 1992, 2016 }, new[] { "0.271", "0.732" }, "package MIT; trade values IMF DOTS terms"),
            ("promotion", [2000, 2016, 2023], ["0.270", "0.660"], "CC BY 4.0"),
        };
        foreach (var (id, years, ccpit, licence) in indices)
        {
            var text = await TextAsync(language, $"/indices?id={id}");
            var built = (await Indices.FindAsync(id, Ct))!;
            foreach (var year in years)
            {
                var global = built.Years.Single(y => y.Year == year).Global!.Value;
                Assert.Matches($@"\b{year}\s+{Regex.Escape(global.ToString("0.000", CultureInfo.InvariantCulture))}\s", text);
            }

            Assert.Contains(published, text, StringComparison.Ordinal);
            Assert.All(ccpit, v => Assert.Contains(v, text, StringComparison.Ordinal));
            Assert.Contains(sources, text, StringComparison.Ordinal);
            Assert.Contains(licence, text, StringComparison.Ordinal);
            Assert.Contains(panel, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en", "What drives the trend", "From 2014 to 2023 the world value went from")]
    [InlineData("zh", "趋势由什么推动", "2014 年至 2023 年，全球值由")]
    public async Task The_indices_page_says_which_dimensions_moved_the_index_between_two_years(string language, string title, string sentence)
    {
        var text = await TextAsync(language, "/indices?id=promotion&from=2014&year=2023");
        var missing = await Client(language).GetAsync("/indices?id=promotion&from=1900&year=2023", Ct);

        Assert.Contains(title, text, StringComparison.Ordinal);
        Assert.Contains(sentence, text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_API_names_the_source_and_licence_of_every_indicator_with_values()
    {
        var list = await Client("en").GetFromJsonAsync<JsonElement>("/api/indices", Ct);

        var promotion = list.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "promotion");
        var sources = promotion.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("indicator").GetString()!);
        Assert.Equal("CC BY 4.0", sources["wb.lpi"].GetProperty("licence").GetString());
        Assert.Equal((2007, 2023), (sources["wb.lpi"].GetProperty("firstYear").GetInt32(), sources["wb.lpi"].GetProperty("lastYear").GetInt32()));
        Assert.StartsWith("package MIT", sources["dta.trade_covered"].GetProperty("licence").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, sources["gta.harmful_faced"].GetProperty("licence").ValueKind);
        Assert.Equal("", sources["gta.harmful_faced"].GetProperty("source").GetString());
    }

    [Fact]
    public async Task The_coverage_page_counts_each_indicators_country_years_as_the_file_holds_them()
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(OpenDataManifest.ShippedDirectory, "indicators/wb-lpi-overall-2007-2023.csv.gz")), CompressionMode.Decompress));
        var rows = (await reader.ReadToEndAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;

        var en = await TextAsync("en", "/indices/promotion/coverage");
        var zh = await TextAsync("zh", "/indices/promotion/coverage");

        // The indicator by its name in the page's language (its id is the cell's tooltip).
        Assert.Matches($@"{Regex.Escape(IndicatorCatalogue.Find("wb.lpi")!.NameEn)}\s+World Bank, Logistics Performance Index.{{0,80}}?\s+CC BY 4\.0\s+{rows.ToString("N0", CultureInfo.InvariantCulture)} \d+\.\d ?%", en);
        Assert.Contains(IndicatorCatalogue.Find("wb.lpi")!.NameZh, zh, StringComparison.Ordinal);
        Assert.Contains("Imputed share", en, StringComparison.Ordinal);
        Assert.Contains("插补占比", zh, StringComparison.Ordinal);
        Assert.Contains(IndicatorCatalogue.Find("dta.trade_covered")!.NameZh, zh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Infrastructure connectivity", "Multilateral and bilateral rules")]
    [InlineData("zh", "基础设施联通", "多边与双边规则")]
    public async Task A_countrys_page_shows_each_dimensions_history_on_the_open_data(string language, string infrastructure, string rules)
    {
        var history = (await Indices.HistoryAsync("promotion", "CHN", Ct))!;
        var text = await TextAsync(language, "/indices/promotion/countries/CHN");

        Assert.Contains(infrastructure, text, StringComparison.Ordinal);
        Assert.Contains(rules, text, StringComparison.Ordinal);
        foreach (var year in history.Years.Where(y => y.Year is 2000 or 2016 or 2023))
        {
            var d = year.Score.Dimensions;
            string F(double? v) => v!.Value.ToString("0.000", CultureInfo.InvariantCulture);
            Assert.Matches($@"\b{year.Year} {F(year.Score.Score)} .{{0,60}}?{F(d["infrastructure"])} .{{0,20}}?{F(d["rules"])} .{{0,40}}?{F(d["technology"])} .{{0,20}}?{F(d["finance"])}", text);
        }
    }
}
