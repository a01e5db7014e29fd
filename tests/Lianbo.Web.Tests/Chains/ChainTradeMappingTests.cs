using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Chains;
using Lianbo.Core.Reference;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Trade;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Chains;

/// <summary>
/// Each goods stage's world trade on prepared years in BACI's own format, in which every six-digit code of the
/// revision is traded once with its own value: a stage's figure must be the sum over exactly the codes that stand for
/// it, computed here from the rows written, under the chains' 2024.1 HS 1992 mapping (before UNSD's tables) and the
/// shipped one.
/// </summary>
public partial class ChainTradeMappingTests
{
    private const int Year = 2023;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Reference = Path.Combine(AppContext.BaseDirectory, "reference");

    [Fact]
    public async Task Under_UNSDs_conversion_the_inflated_stages_drop_and_no_HS_1992_row_is_counted_in_two_stages()
    {
        await using var app = await LianboApp.StartAsync();
        var hs92 = Rows(Hs1992Codes());
        await ImportAsync(app, "HS92", hs92);
        var shipped = ChainFiles.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "chains")).Where(c => c.Stages.Any(s => s.Products is { Count: > 0 })).ToList();
        var old = OldMapping();
        var client = app.CreateClient();

        foreach (var chain in shipped)
        {
            var panorama = await client.GetFromJsonAsync<JsonElement>($"/api/chains/{chain.Id}/panorama", Ct);
            var figures = panorama.GetProperty("trade").EnumerateArray().ToDictionary(t => t.GetProperty("stageId").GetString()!, t => t.GetProperty("worldExports").GetDouble());
            Assert.Equal("HS92", panorama.GetProperty("tradeRevision").GetString());
            foreach (var stage in chain.Stages.Where(s => s.Products is { Count: > 0 }))
            {
                var now = Contributors(hs92, stage.Products!.SelectMany(p => p.Hs1992));
                var before = Contributors(hs92, old[chain.Id][stage.Id]);
                Assert.Equal(Sum(hs92, now), figures[stage.Id], 6);
                Assert.Equal(Sum(hs92, before), await EngineAsync(app, "HS92", old[chain.Id][stage.Id]), 6);
            }

            // The shipped mapping counts no HS 1992 row in two stages of one chain.
            var counted = chain.Stages.Where(s => s.Products is { Count: > 0 }).SelectMany(s => Contributors(hs92, s.Products!.SelectMany(p => p.Hs1992))).ToList();
            Assert.Equal(counted.Count, counted.Distinct().Count());
        }

        HashSet<string> Before(string chain, string stage) => Contributors(hs92, old[chain][stage]);
        HashSet<string> Now(string chain, string stage) => Contributors(hs92, shipped.Single(c => c.Id == chain).Stages.Single(s => s.Id == stage).Products!.SelectMany(p => p.Hs1992));
        string[] petrolCars = ["870321", "870322", "870323", "870324"];

        // Hybrids were counted as all petrol cars by cylinder capacity; UNSD puts them in 870390.
        Assert.Superset(petrolCars.ToHashSet(), Before("smart-vehicles", "vehicles"));
        Assert.Empty(Now("smart-vehicles", "vehicles").Intersect(petrolCars));
        Assert.Contains("870390", Now("smart-vehicles", "vehicles"));
        Assert.True(Sum(hs92, Now("smart-vehicles", "vehicles")) < Sum(hs92, Before("smart-vehicles", "vehicles")));
        // Seed wheat, seed soya and hatching eggs were all wheat, all soya beans and all eggs: they leave the seeds stage.
        string[] grainAndEggs = ["100190", "120100", "040700"];
        Assert.Superset(grainAndEggs.ToHashSet(), Before("green-agriculture", "seeds-and-breeding-stock"));
        Assert.Empty(Now("green-agriculture", "seeds-and-breeding-stock").Intersect(grainAndEggs));
        Assert.True(Sum(hs92, Now("green-agriculture", "seeds-and-breeding-stock")) < Sum(hs92, Before("green-agriculture", "seeds-and-breeding-stock")));
        // ... and the crops stage, which counted 100190 and 120100 a second time, keeps them once.
        Assert.Contains("100190", Before("green-agriculture", "crops"));
        Assert.Contains("100190", Now("green-agriculture", "crops"));
        // Computer monitors counted every television receiver (852810); UNSD converts them to 847330.
        Assert.Contains("852810", Before("digital-technology", "computers-and-telecom-equipment"));
        Assert.DoesNotContain("852810", Now("digital-technology", "computers-and-telecom-equipment"));
        // Semiconductor equipment counted furnaces and stone-working machines; UNSD converts it to 847989, 901020 and 847990.
        Assert.Contains("851410", Before("digital-technology", "semiconductor-equipment"));
        Assert.DoesNotContain("851410", Now("digital-technology", "semiconductor-equipment"));
        Assert.Superset(new HashSet<string> { "847989", "901020", "847990" }, Now("digital-technology", "semiconductor-equipment"));
        // PV generators counted every DC motor and generator; hydrogen counted all anhydrous ammonia.
        Assert.Contains("850134", Before("clean-energy", "solar-cells-and-modules"));
        Assert.DoesNotContain("850134", Now("clean-energy", "solar-cells-and-modules"));
        Assert.Contains("281410", Before("clean-energy", "hydrogen"));
        Assert.DoesNotContain("281410", Now("clean-energy", "hydrogen"));
        // The old mapping counted some rows twice within a chain (847989 in machine tools and robots, 100190 in seeds and crops).
        Assert.Contains("847989", Before("advanced-manufacturing", "machine-tools").Intersect(Before("advanced-manufacturing", "robots-and-industrial-automation")));
        Assert.Contains("100190", Before("green-agriculture", "seeds-and-breeding-stock").Intersect(Before("green-agriculture", "crops")));
    }

    [Fact]
    public async Task With_HS_2022_and_HS_2017_years_loaded_the_panorama_reads_them_with_their_own_codes_and_says_which_series()
    {
        await using var app = await LianboApp.StartAsync();
        var hs22 = Rows(Hs2022Codes());
        var hs17 = Rows(Conversion("hs2022-hs2017-conversion.csv").Values.Concat(Conversion("hs2017-hs1992-conversion.csv").Keys).Distinct());
        var hs92 = Rows(Hs1992Codes());
        await ImportAsync(app, "HS92", hs92);
        await ImportAsync(app, "HS17", hs17);
        await ImportAsync(app, "HS22", hs22);
        var toHs2017 = Conversion("hs2022-hs2017-conversion.csv");
        var client = app.CreateClient();
        var chain = ChainFiles.Read(Path.Combine(AppContext.BaseDirectory, "chains", "smart-vehicles.json"));

        var latest = await client.GetFromJsonAsync<JsonElement>("/api/chains/smart-vehicles/panorama", Ct);
        var in2017 = await client.GetFromJsonAsync<JsonElement>($"/api/chains/smart-vehicles/panorama?year={Year}&revision=HS17", Ct);
        var in1992 = await client.GetFromJsonAsync<JsonElement>($"/api/chains/smart-vehicles/panorama?year={Year}&revision=hs92", Ct);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/chains/smart-vehicles", Ct));
        var page1992 = WebUtility.HtmlDecode(await client.GetStringAsync($"/chains/smart-vehicles?year={Year}&revision=HS92", Ct));
        var pageZh = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync($"/chains/smart-vehicles?year={Year}&revision=HS92", Ct));

        Assert.Equal(("HS22", Year), (latest.GetProperty("tradeRevision").GetString(), latest.GetProperty("tradeYear").GetInt32()));
        Assert.Equal(["HS22", "HS17", "HS92"], latest.GetProperty("tradeSeries").EnumerateArray().Select(s => s.GetProperty("revision").GetString()));
        Assert.Equal("HS17", in2017.GetProperty("tradeRevision").GetString());
        Assert.Equal("HS92", in1992.GetProperty("tradeRevision").GetString());
        foreach (var stage in chain.Stages.Where(s => s.Products is { Count: > 0 }))
        {
            // HS 2022: the products' own codes; HS 2017: the code UNSD converts each of their subheadings to.
            var own = Contributors(hs22, stage.Products!.Select(p => p.Hs2022));
            var converted = own.Select(code => toHs2017[code]).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(Sum(hs22, own), Figure(latest, stage.Id), 6);
            Assert.Equal(Sum(hs17, converted), Figure(in2017, stage.Id), 6);
            Assert.Equal(Sum(hs92, Contributors(hs92, stage.Products!.SelectMany(p => p.Hs1992))), Figure(in1992, stage.Id), 6);
            Assert.False(Stage(latest, stage.Id).GetProperty("proxy").GetBoolean());
        }

        // Hybrids and electric cars are their own codes in HS 2022; in HS 1992 they are 870390 (whatever else it holds).
        Assert.Equal(["870340", "870350", "870360", "870370", "870380"], Stage(latest, "vehicles").GetProperty("codes").EnumerateArray().Select(c => c.GetString()).Where(c => c!.StartsWith("8703", StringComparison.Ordinal)).Order());
        // MEMS sensors were part of mobile phones in HS 2017 (851712) and convert to radio apparatus (852520) in HS 1992: proxies both ways.
        Assert.True(Stage(in2017, "chips-and-sensors").GetProperty("proxy").GetBoolean());
        Assert.True(Stage(in1992, "chips-and-sensors").GetProperty("proxy").GetBoolean());
        Assert.False(Stage(in1992, "refined-materials").GetProperty("proxy").GetBoolean());
        Assert.Contains($"BACI HS22 series, {Year}", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/chains/smart-vehicles?year={Year}&revision=HS17\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/chains/smart-vehicles?year={Year}&revision=HS92\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"badge proxy\"", page, StringComparison.Ordinal);
        Assert.Contains($"BACI HS92 series, {Year}", page1992, StringComparison.Ordinal);
        Assert.Contains("class=\"badge proxy\"", page1992, StringComparison.Ordinal);
        Assert.Contains(">代理指标<", pageZh, StringComparison.Ordinal);
        Assert.Contains($"BACI HS92 序列，{Year} 年", pageZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_page_reads_the_series_asked_for_and_marks_the_stages_its_figure_is_a_proxy_for()
    {
        await using var app = await LianboApp.StartAsync();
        await ImportAsync(app, "HS92", Rows(Hs1992Codes()));
        await ImportAsync(app, "HS22", Rows(Hs2022Codes()));
        var client = app.CreateClient();

        var radio = WebUtility.HtmlDecode(await client.GetStringAsync($"/trade/{Year}/products/852520?revision=HS92", Ct));
        var modules = WebUtility.HtmlDecode(await client.GetStringAsync($"/trade/{Year}/products/852491?revision=HS22", Ct));
        var cars = WebUtility.HtmlDecode(await client.GetStringAsync($"/trade/{Year}/products/870340?revision=HS22", Ct));

        // 852520 in HS 1992 is phones (digital technology, not a proxy) and MEMS sensors (smart vehicles, a proxy).
        Assert.Contains("BACI HS92", radio, StringComparison.Ordinal);
        var stages = radio[radio.IndexOf("id=\"chain-stages\"", StringComparison.Ordinal)..];
        stages = stages[..stages.IndexOf("</ul>", StringComparison.Ordinal)];
        var sensors = stages.Split("<li>").Single(l => l.Contains("/chains/smart-vehicles#stage-chips-and-sensors", StringComparison.Ordinal));
        var telecom = stages.Split("<li>").Single(l => l.Contains("/chains/digital-technology#stage-computers-and-telecom-equipment", StringComparison.Ordinal));
        Assert.Matches(ProxyAfter("854151"), sensors);
        // Phones fill 852520 themselves; display modules are a small part of it.
        Assert.Matches(ProxyAfter("852491"), telecom);
        Assert.DoesNotMatch(ProxyAfter("851713"), telecom);
        Assert.Contains("BACI HS22", modules, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"badge proxy\"", modules, StringComparison.Ordinal);
        Assert.Contains("/chains/smart-vehicles#stage-vehicles", cars, StringComparison.Ordinal);
    }

    // One flow per code, China to the USA, each with its own value (thousands of USD), as BACI writes it.
    private static Dictionary<string, double> Rows(IEnumerable<string> codes) =>
        codes.Distinct().ToDictionary(c => c, c => Math.Round(1 + int.Parse(c, CultureInfo.InvariantCulture) % 9973 / 7.0, 3), StringComparer.Ordinal);

    private static async Task ImportAsync(LianboApp app, string revision, Dictionary<string, double> rows)
    {
        var name = $"BACI_{revision}_Y{Year}_V202501.csv";
        var path = Path.Combine(app.Store.Directory, name);
        var text = new StringBuilder("\"t\",\"i\",\"j\",\"k\",\"v\",\"q\"\n");
        foreach (var (code, value) in rows)
        {
            // BACI drops the leading zero of k and pads q with spaces inside quotes.
            text.Append(CultureInfo.InvariantCulture, $"{Year},156,842,{int.Parse(code, CultureInfo.InvariantCulture)},{value:0.000},\"{1.5,13:0.000}\"\n");
        }

        await File.WriteAllTextAsync(path, text.ToString(), Ct);
        await TradeSamples.ImportAsync(app, path, name, Ct);
    }

    // The rows a list of codes covers: a code covers itself, a heading its subheadings. Each row once.
    private static HashSet<string> Contributors(Dictionary<string, double> rows, IEnumerable<string> listed)
    {
        var codes = listed.ToList();
        return rows.Keys.Where(row => codes.Any(c => row.StartsWith(c, StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);
    }

    private static double Sum(Dictionary<string, double> rows, IEnumerable<string> codes) => codes.Sum(c => rows[c]);

    private static Task<double> EngineAsync(LianboApp app, string revision, IEnumerable<string> codes) => app.WithServicesAsync(async s =>
        (await new TradeQueries(s.GetRequiredService<TradeStore>()).ProductsAsync(Year, [.. codes.Select(c => HsFilter.TryParse(c)!)], "old", revision: revision, ct: Ct))!.WorldValue);

    private static JsonElement Stage(JsonElement panorama, string stage) =>
        panorama.GetProperty("trade").EnumerateArray().Single(t => t.GetProperty("stageId").GetString() == stage);

    private static double Figure(JsonElement panorama, string stage) => Stage(panorama, stage).GetProperty("worldExports").GetDouble();

    // The chains' HS 1992 codes per goods stage as version 2024.1 shipped them, before UNSD's tables were used.
    private static Dictionary<string, Dictionary<string, string[]>> OldMapping() =>
        JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string[]>>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Chains", "chains-2024.1-hs1992.json")))!;

    // Every subheading of hs92.csv (rows: index, "code", "name", "level", …; names hold commas).
    private static IEnumerable<string> Hs1992Codes() =>
        File.ReadLines(Path.Combine(Reference, ReferenceData.Hs1992File)).Select(l => Subheading().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value);

    [System.Text.RegularExpressions.GeneratedRegex("""^\d+,"(\d{6})",.*?,"6digit",""")]
    private static partial System.Text.RegularExpressions.Regex Subheading();

    private static IEnumerable<string> Hs2022Codes() => Conversion("hs2022-hs1992-conversion.csv").Keys;

    private static Dictionary<string, string> Conversion(string file) =>
        File.ReadLines(Path.Combine(Reference, HsConcordanceFiles.Folder, file)).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);

    // A stage's HS 2022 code, its name beside it, then the proxy badge.
    private static string ProxyAfter(string hs) => hs + "</span> <span class=\"hs-name\">[^<]*</span> <span class=\"badge proxy\"";
}
