using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Store;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Trade;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Indices;

public partial class IndicesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The real BACI 2021 sample loaded as an analyst loads it, and both shipped indices built from it (few draws: a test).
    private static async Task<LianboApp> StartWithIndicesAsync()
    {
        var app = await LianboApp.StartAsync();
        await TradeSamples.ImportBaci2021Async(app, Ct);
        await new IndexBuilder(app.Services.GetRequiredService<TradeStore>()).BuildAsync(IndexBuilder.LoadDefinitions(), draws: 20, ct: Ct);
        return app;
    }

    [Fact]
    public async Task The_API_lists_the_indices_ranks_a_year_with_bands_and_gives_a_countrys_history()
    {
        await using var app = await StartWithIndicesAsync();
        var client = app.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/indices", Ct);
        var ranking = await client.GetFromJsonAsync<JsonElement>("/api/indices/connectivity/2021?limit=5", Ct);
        var promotion = await client.GetFromJsonAsync<JsonElement>("/api/indices/promotion/2021", Ct);
        var history = await client.GetFromJsonAsync<JsonElement>("/api/indices/connectivity/countries/zaf", Ct);

        Assert.Equal(["connectivity", "promotion"], list.EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal("min-max", list[0].GetProperty("normalisation").GetString());
        Assert.Equal(20, list[0].GetProperty("draws").GetInt32());
        Assert.Equal(5, ranking.GetProperty("countries").GetArrayLength());
        var first = ranking.GetProperty("countries")[0];
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.True(first.GetProperty("band").GetProperty("p95").GetDouble() >= first.GetProperty("band").GetProperty("p5").GetDouble());
        Assert.Equal("BACI HS92 2021", ranking.GetProperty("year").GetProperty("dataset").GetString());
        Assert.Equal(["rules", "policies", "technology", "finance"], promotion.GetProperty("year").GetProperty("lackingDimensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("ZAF", history.GetProperty("country").GetString());
        var year = history.GetProperty("years")[0];
        Assert.Equal(2021, year.GetProperty("year").GetInt32());
        Assert.True(year.GetProperty("score").GetProperty("dimensions").GetProperty("breadth").GetDouble() > 0);
    }

    [Fact]
    public async Task Bad_parameters_get_problem_details_naming_the_field_and_unknown_things_404_saying_what_exists()
    {
        await using var app = await StartWithIndicesAsync();
        var client = app.CreateClient();

        var limit = await client.GetAsync("/api/indices/connectivity/2021?limit=0", Ct);
        var iso = await client.GetAsync("/api/indices/connectivity/countries/Z1", Ct);
        var year = await client.GetAsync("/api/indices/connectivity/1999", Ct);
        var index = await client.GetAsync("/api/indices/happiness/2021", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Equal("application/problem+json", limit.Content.Headers.ContentType?.MediaType);
        Assert.Equal("limit must be between 1 and 500", (await limit.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("limit")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, iso.StatusCode);
        Assert.True((await iso.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("iso3", out _));
        Assert.Equal(HttpStatusCode.NotFound, year.StatusCode);
        Assert.Equal("connectivity has no year 1999; built years: 2021", (await year.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, index.StatusCode);
        Assert.Contains("lianbo index build", (await index.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_imports_indicators_and_builds_over_the_API_and_a_bad_line_is_refused_with_its_number()
    {
        await using var app = await LianboApp.StartAsync();
        await TradeSamples.ImportBaci2021Async(app, Ct);
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var participant = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Lambda Mining"));
        const string good = "country,year,indicator,value,source\nZAF,2021,wb.credit_gdp,130.5,test\nAFG,2021,wb.credit_gdp,3.2,test\n";
        const string bad = "country,year,indicator,value,source\nZAF,2021,wb.fdi_gdp,1.1,test\nAFG,2021,wb.fdi_gdp,n/a,test\n";

        var imported = await analyst.PostAsync("/api/indices/indicators?fileName=credit.csv", new StringContent(good), Ct);
        var refused = await analyst.PostAsync("/api/indices/indicators?fileName=fdi.csv", new StringContent(bad), Ct);
        var forbidden = await participant.PostAsync("/api/indices/build", null, Ct);
        var built = await analyst.PostAsync("/api/indices/build?index=promotion&draws=10&seed=1", null, Ct);
        var promotion = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/indices/promotion/2021", Ct);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("fdi.csv, line 3: the value \"n/a\" is not a number",
            (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, built.StatusCode);
        // Credit fills the financial dimension; nothing of the refused FDI file was stored.
        Assert.Equal(["rules", "policies", "technology"], promotion.GetProperty("year").GetProperty("lackingDimensions").EnumerateArray().Select(e => e.GetString()));
        var zaf = promotion.GetProperty("countries").EnumerateArray().Single(c => c.GetProperty("country").GetString() == "ZAF");
        Assert.Equal(1.0, zaf.GetProperty("dimensions").GetProperty("finance").GetDouble());
    }

    [Fact]
    public async Task The_fragmentation_monitor_compares_two_consecutive_years_over_the_API_and_on_the_page()
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        // Within the illustrative west bloc: USA → DEU 100 → 110; between blocs: USA → CHN 50 → 40.
        const string flows = "year,exporter,importer,value\n2022,USA,DEU,100\n2022,USA,CHN,50\n2023,USA,DEU,110\n2023,USA,CHN,40\n";
        (await analyst.PostAsync("/api/trade/imports?kind=csv&fileName=flows.csv&columns=year%3Dyear,exporter%3Dexporter,importer%3Dimporter,value%3Dvalue",
            new StringContent(flows), Ct)).EnsureSuccessStatusCode();
        await new IndexBuilder(app.Services.GetRequiredService<TradeStore>()).BuildAsync(IndexBuilder.LoadDefinitions(), draws: 5, ct: Ct);

        var monitor = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/indices/fragmentation", Ct);
        var unknown = await app.CreateClient().GetAsync("/api/indices/fragmentation?blocs=nope", Ct);
        var page = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/indices", Ct));

        var year = monitor.GetProperty("years")[0];
        Assert.Equal((2023, 2022), (year.GetProperty("year").GetInt32(), year.GetProperty("previousYear").GetInt32()));
        Assert.Equal(0.1, year.GetProperty("withinGrowth").GetDouble(), 12);
        Assert.Equal(-0.2, year.GetProperty("betweenGrowth").GetDouble(), 12);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("example", (await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("blocs")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("2022 → 2023", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">−30.0</td>", page, StringComparison.Ordinal);
        Assert.Contains("Gap (percentage points)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_indices_the_page_says_how_to_build_them_in_both_languages()
    {
        await using var app = await LianboApp.StartAsync();

        var english = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/indices", Ct));
        var chinese = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync("/indices", Ct));

        Assert.Contains("No index has been built yet", english, StringComparison.Ordinal);
        Assert.Contains("尚未构建任何指数", chinese, StringComparison.Ordinal);
        Assert.All([english, chinese], page => Assert.Contains("lianbo index build", page, StringComparison.Ordinal));
        Assert.Contains("href=\"/indices\" id=\"nav-indices\" data-enhance-nav=\"false\"", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ranking_page_maps_and_ranks_with_bands_and_names_the_dimensions_without_data_in_both_languages()
    {
        await using var app = await StartWithIndicesAsync();

        var englishRaw = await app.CreateClient().GetStringAsync("/indices?id=connectivity&year=2021", Ct);
        var english = WebUtility.HtmlDecode(englishRaw);
        var chinese = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync("/indices?id=promotion", Ct));
        var unknown = await app.CreateClient().GetAsync("/indices?id=happiness", Ct);

        Assert.Contains("Supply-chain connectivity index", english, StringComparison.Ordinal);
        Assert.Contains("Rank band (5–95%)", english, StringComparison.Ordinal);
        Assert.Matches(@"<span class=""band-text"">\d+(\.\d)?–\d+(\.\d)?</span>", english);
        Assert.Contains("href=\"/indices/connectivity/countries/ZAF\"", english, StringComparison.Ordinal);
        var map = JsonDocument.Parse(WebUtility.HtmlDecode(MapAttribute().Match(englishRaw).Groups[1].Value)).RootElement;
        Assert.Contains("South Africa", map.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Contains("供应链促进指数", chinese, StringComparison.Ordinal);
        Assert.Contains("没有任何国家具有以下维度的数据：多边与双边规则、主要经济体政策、技术升级、金融服务支持", chinese, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_countrys_page_shows_its_history_by_dimension_and_says_where_there_is_no_data()
    {
        await using var app = await StartWithIndicesAsync();

        var english = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/indices/promotion/countries/ZAF", Ct));
        var chinese = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync("/indices/promotion/countries/ZAF", Ct));
        var missing = await app.CreateClient().GetAsync("/indices/promotion/countries/ATA", Ct);

        Assert.Contains("South Africa in the Supply-chain promotion index", english, StringComparison.Ordinal);
        Assert.Contains("Infrastructure connectivity", english, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Matches(english, "<span class=\"no-data\">no data</span>").Count);
        Assert.Contains("南非：供应链促进指数", chinese, StringComparison.Ordinal);
        Assert.Contains("无数据", chinese, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [GeneratedRegex("id=\"index-map\"[^>]*data-map=\"([^\"]*)\"")]
    private static partial Regex MapAttribute();
}
