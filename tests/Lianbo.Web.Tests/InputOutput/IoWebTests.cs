using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Trade.InputOutput;
using Lianbo.Web.InputOutput;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.InputOutput;

/// <summary>
/// The shipped WIOD 2011 table through the web: the API and the pages in English and Chinese, and bad requests
/// answered with the field named. One app for the class: the table's analysis takes seconds.
/// </summary>
public sealed class IoWebTests(IoWebTests.WithTable fixture) : IClassFixture<IoWebTests.WithTable>
{
    private static readonly IoKey Key = new("WIOD", "2013", 2011);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class WithTable : IAsyncLifetime
    {
        public LianboApp App { get; private set; } = null!;

        public IoAnalysis Analysis { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            App = await LianboApp.StartAsync();
            _ = App.Server;
            var io = App.Services.GetRequiredService<IoService>();
            Assert.True(await io.LoadShippedAsync(2011, TestContext.Current.CancellationToken));
            Analysis = (await io.AnalysisAsync(Key))!;
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private HttpClient Client(string language)
    {
        var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Add("Accept-Language", language == "zh" ? "zh-CN" : "en");
        return client;
    }

    private Task<string> TextAsync(string language, string path) => PageText.GetAsync(Client(language), path, Ct);

    [Fact]
    public async Task The_api_lists_the_table_and_gives_a_countrys_profile_and_an_industry_as_the_engine_computes_them()
    {
        var tables = await Client("en").GetFromJsonAsync<JsonElement>("/api/io/tables", Ct);
        var table = Assert.Single(tables.EnumerateArray());
        Assert.Equal(41, table.GetProperty("countries").GetInt32());
        Assert.Equal(51, table.GetProperty("violations").GetInt32());

        var expected = fixture.Analysis.Profile("CHN");
        var profile = await Client("en").GetFromJsonAsync<JsonElement>("/api/io/WIOD/2013/2011/countries/chn", Ct);
        Assert.Equal(expected.GrossExports, profile.GetProperty("grossExports").GetDouble(), 6);
        Assert.Equal(expected.ForeignValueAdded, profile.GetProperty("foreignValueAdded").GetDouble(), 12);
        Assert.Equal(expected.Backward, profile.GetProperty("backward").GetDouble(), 12);
        Assert.Equal(41, profile.GetProperty("exportOrigins").GetArrayLength());
        Assert.Equal(35, profile.GetProperty("industries").GetArrayLength());
        // A share of gross exports, not a made-up number: China's foreign content in 2011 was about a fifth.
        Assert.InRange(expected.ForeignValueAdded, 0.15, 0.30);

        var industry = await Client("en").GetFromJsonAsync<JsonElement>("/api/io/WIOD/2013/2011/industries/c14", Ct);
        Assert.Equal("CHN", industry[0].GetProperty("country").GetString());
        Assert.Equal(41, industry.GetArrayLength());

        var sectors = await Client("en").GetFromJsonAsync<JsonElement>("/api/io/WIOD/2013/2011/sectors", Ct);
        var c14 = sectors.EnumerateArray().Single(s => s.GetProperty("code").GetString() == "c14");
        Assert.Equal("电气和光学设备", c14.GetProperty("nameZh").GetString());
        Assert.Contains(c14.GetProperty("stages").EnumerateArray(), l => l.GetProperty("stage").GetString() == "chips-and-semiconductor-devices");
    }

    [Fact]
    public async Task A_supply_shock_to_chinas_electronics_shows_its_cascade_by_chain_in_the_api_and_on_the_page()
    {
        var cascade = await Client("en").GetFromJsonAsync<JsonElement>("/api/io/WIOD/2013/2011/cascade?country=CHN&sector=c14&share=0.5&model=supply", Ct);
        var t = fixture.Analysis.Table;
        var expected = fixture.Analysis.Cascade(new IoShock("CHN", ["c14"], 0.5, IoShockModel.Supply));
        Assert.Equal(expected.Total, cascade.GetProperty("total").GetDouble(), 6);
        var chains = cascade.GetProperty("byChain").EnumerateArray().Where(c => c.GetProperty("stage").ValueKind == JsonValueKind.Null).ToList();
        Assert.Equal(7, chains.Count);
        var digital = chains.Single(c => c.GetProperty("chain").GetString() == "digital-technology");
        // The digital chain's industries in the shipped map: chemicals, machinery, electronics, telecoms, business services.
        var sectors = digital.GetProperty("sectors").EnumerateArray().Select(s => s.GetString()!).ToArray();
        Assert.Equal(["c9", "c13", "c14", "c27", "c30"], sectors);
        var sum = sectors.Sum(s => Enumerable.Range(0, t.Countries.Length).Sum(c => expected.Loss[t.Index(t.Countries[c], s)]));
        Assert.Equal(sum, digital.GetProperty("loss").GetDouble(), 6);
        Assert.Equal(20, cascade.GetProperty("grid").EnumerateObject().Count());

        foreach (var (language, title, chain) in new[] { ("en", "Output lost by chain", "Digital Technology Chain"), ("zh", "各产业链的产出损失", "数字科技链") })
        {
            var text = await TextAsync(language, "/io/WIOD/2013/2011/cascade?country=CHN&sector=c14&share=0.5&model=supply");
            Assert.Contains(title, text);
            Assert.Contains(chain, text);
            Assert.Contains(expected.Total.ToString("N0", CultureInfo.GetCultureInfo(language == "zh" ? "zh-CN" : "en")), text);
        }
    }

    [Theory]
    [InlineData("en", "Value-chain profile", "Domestic value added in exports", "Most upstream industries")]
    [InlineData("zh", "价值链概况", "出口中的国内增加值", "最上游的行业")]
    public async Task The_pages_show_the_profile_the_industry_and_the_table_in_both_languages(string language, string profile, string dva, string upstream)
    {
        var text = await TextAsync(language, "/io/WIOD/2013/2011/countries/DEU");
        Assert.Contains(profile.ToLowerInvariant(), text.ToLowerInvariant());
        Assert.Contains(dva, text);
        Assert.Contains(upstream, text);
        Assert.Contains(fixture.Analysis.Profile("DEU").ForeignValueAdded.ToString("P1", CultureInfo.GetCultureInfo(language == "zh" ? "zh-CN" : "en")), text);
        Assert.Contains("Timmer", text);

        text = await TextAsync(language, "/io/WIOD/2013/2011/industry?sector=c15");
        Assert.Contains(language == "zh" ? "交通运输设备" : "Transport Equipment", text);

        text = await TextAsync(language, "/io");
        Assert.Contains(language == "zh" ? "恒等式偏差" : "Identity violations", text);
        Assert.Contains(language == "zh" ? "51 行" : "51 rows", text);
    }

    [Theory]
    [InlineData("en", "The table has no country 'XXX'", "The share must be a number from 0 to 1")]
    [InlineData("zh", "该表没有国家“XXX”", "比例须为 0 到 1 之间的数")]
    public async Task A_bad_shock_is_answered_with_the_fields_named(string language, string country, string share)
    {
        var response = await Client(language).GetAsync("/api/io/WIOD/2013/2011/cascade?country=XXX&sector=c14&share=1.5", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.StartsWith(country, problem.GetProperty("errors").GetProperty("country")[0].GetString());
        Assert.StartsWith(share, problem.GetProperty("errors").GetProperty("share")[0].GetString());

        var text = await TextAsync(language, "/io/WIOD/2013/2011/cascade?country=XXX&sector=c14&share=1.5");
        Assert.Contains(country, text);

        response = await Client(language).GetAsync("/api/io/WIOD/2013/2011/cascade?country=CHN&model=extraction", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("sector", out _));

        response = await Client(language).GetAsync("/api/io/WIOD/2013/1995/countries/CHN", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("WIOD 2013 2011", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client(language).GetAsync("/io/WIOD/2013/2011/countries/XXX", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_cascade_preset_runs_as_a_scenario_with_its_chain_sums_on_the_run_page_and_in_the_exports()
    {
        var response = await Client("en").PostAsync("/api/scenarios/china-electronics-cascade/run", null, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var run = await Client("en").GetFromJsonAsync<JsonElement>($"/api/scenario-runs/{id}", Ct);
        var io = run.GetProperty("inputOutput");

        // The preset: half of China's c14 disabled for 60 days, the inoperability model.
        var expected = fixture.Analysis.Cascade(new IoShock("CHN", ["c14"], 0.5, IoShockModel.Inoperability, 60));
        Assert.Equal(expected.Total, io.GetProperty("total").GetDouble(), 6);
        Assert.Equal(expected.ByChain.Count, io.GetProperty("byChain").GetArrayLength());

        foreach (var (language, title) in new[] { ("en", "Output lost along value chains"), ("zh", "沿价值链的产出损失") })
        {
            var text = await TextAsync(language, $"/scenarios/runs/{id}");
            Assert.Contains(title, text);
            Assert.Contains(language == "zh" ? "引擎 3" : "Engine 3", text);
        }

        var chains = await Client("en").GetStringAsync($"/api/scenario-runs/{id}/export?format=csv&table=io-chains", Ct);
        Assert.Contains("digital-technology", chains);

        // A cascade on chains and stages: the industries the stage map links to them, once each.
        var definition = """
            {"id": "mine", "version": "1", "nameZh": "测试", "nameEn": "Test", "descriptionZh": "测试", "descriptionEn": "Test", "illustrative": true,
             "sources": [], "base": {"ioTable": "WIOD/2013/2011"},
             "shocks": [{"kind": "cascade", "exporters": ["KOR", "TWN"], "stages": ["digital-technology/chips-and-semiconductor-devices"], "percent": 20}]}
            """;
        response = await Client("en").PostAsync("/api/scenario-runs", new StringContent(definition, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        io = (await Client("en").GetFromJsonAsync<JsonElement>($"/api/scenario-runs/{id}", Ct)).GetProperty("inputOutput");
        var both = fixture.Analysis.Cascade([new IoShock("KOR", ["c14"], 0.2, IoShockModel.Supply), new IoShock("TWN", ["c14"], 0.2, IoShockModel.Supply)]);
        Assert.Equal(both.Total, io.GetProperty("total").GetDouble(), 6);

        // A bad model is refused by the checks, with its field named.
        response = await Client("en").PostAsync("/api/scenario-runs", new StringContent(definition.Replace("\"percent\": 20", "\"percent\": 20, \"model\": \"chaos\"", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("shocks[0].model", out _));
    }

    [Fact]
    public async Task A_country_industrys_linkages_are_served_by_the_api_and_shown_on_its_page_in_both_languages()
    {
        var expected = fixture.Analysis.Linkages("DEU", "c15");
        var linkages = await Client("en").GetFromJsonAsync<JsonElement>("/api/io/WIOD/2013/2011/countries/deu/industries/c15?top=5", Ct);
        Assert.Equal(5, linkages.GetProperty("directInputs").GetArrayLength());
        Assert.Equal(expected.TotalRequirements[0].Value, linkages.GetProperty("totalRequirements")[0].GetProperty("value").GetDouble(), 15);

        foreach (var (language, title) in new[] { ("en", "Transport Equipment in Germany: its inputs and where its output goes"), ("zh", "德国的交通运输设备：投入来源与产出去向") })
        {
            var text = await TextAsync(language, "/io/WIOD/2013/2011/countries/DEU/industries/c15");
            Assert.Contains(title, text);
            Assert.Contains(expected.OutputMultiplier.ToString("N3", CultureInfo.GetCultureInfo(language == "zh" ? "zh-CN" : "en")), text);
        }

        var response = await Client("zh").GetAsync("/api/io/WIOD/2013/2011/countries/DEU/industries/c99?top=500", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.StartsWith("该表没有行业“c99”", errors.GetProperty("sector")[0].GetString());
        Assert.StartsWith("top 须为 1 到 100", errors.GetProperty("top")[0].GetString());
    }
}
