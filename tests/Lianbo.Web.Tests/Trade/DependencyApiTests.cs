using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lianbo.Web.Tests.Trade;

// The tests only read: those of the BACI 2021 sample share one app that imported it, the others one app without trade data.
public class DependencyApiTests(WithBaci2021 baci, SharedApps apps) : IClassFixture<WithBaci2021>, IClassFixture<SharedApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anyone_reads_an_importers_chokepoints_with_a_blocs_EU_2021_criteria_and_the_substitutes_with_reasons()
    {
        var app = await baci.GetAsync();
        var client = app.CreateClient();

        var dependencies = await client.GetFromJsonAsync<JsonElement>("/api/trade/2021/dependencies?importer=nam&bloc=eu", Ct);
        var substitutes = await client.GetFromJsonAsync<JsonElement>("/api/trade/2021/substitutes?importer=NAM&product=2709", Ct);
        var chinese = await TradeSamples.ChineseClient(app).GetFromJsonAsync<JsonElement>("/api/trade/2021/substitutes?importer=NAM&product=2709", Ct);

        Assert.Equal("NAM", dependencies.GetProperty("importer").GetString());
        Assert.Equal(6, dependencies.GetProperty("digits").GetInt32());
        // The sample holds only South Africa's and Afghanistan's exports: Namibia's imports are all concentrated.
        var first = dependencies.GetProperty("products")[0];
        Assert.True(first.GetProperty("criteriaMet").GetBoolean());
        Assert.Equal("ZAF", first.GetProperty("topSupplier").GetString());
        Assert.Equal(27, dependencies.GetProperty("blocMembers").GetArrayLength());
        Assert.True(dependencies.GetProperty("blocProducts")[0].GetProperty("dependent").GetBoolean());
        Assert.Equal(("ZAF", "AFG"), (substitutes.GetProperty("supplier").GetString(), substitutes.GetProperty("candidates")[0].GetProperty("country").GetString()));
        Assert.Contains("does not supply NAM with it yet", substitutes.GetProperty("candidates")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("尚未向 NAM 供应该产品", chinese.GetProperty("candidates")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("/api/trade/2021/dependencies", "importer", "importing country is required")]
    [InlineData("/api/trade/2021/dependencies?importer=Namibia", "importer", "\"Namibia\" is not an ISO 3166-1 alpha-3 code (three letters)")]
    [InlineData("/api/trade/2021/dependencies?importer=NAM&level=5", "level", "5 is not an HS level: use 2, 4 or 6 digits")]
    [InlineData("/api/trade/2021/dependencies?importer=NAM&bloc=NOPE", "bloc", "\"NOPE\" is not a country group (see /api/country-groups)")]
    [InlineData("/api/trade/2021/substitutes?importer=NAM", "product", "product is required")]
    [InlineData("/api/trade/2021/substitutes?importer=NAM&product=27x9", "product", "\"27x9\" is not an HS code: give 2, 4 or 6 digits")]
    [InlineData("/api/trade/2021/substitutes?importer=NAM&product=2709&supplier=S", "supplier", "\"S\" is not an ISO 3166-1 alpha-3 code (three letters)")]
    [InlineData("/api/trade/2021/substitutes?importer=NAM&product=2709&limit=0", "limit", "0 is out of range: give 1 to 250")]
    public async Task Bad_input_gets_a_problem_naming_the_field(string url, string field, string message)
    {
        var app = await apps.GetAsync();

        var response = await app.CreateClient().GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task A_product_the_importer_does_not_buy_or_a_year_not_loaded_is_not_found()
    {
        var app = await baci.GetAsync();
        var client = app.CreateClient();

        var notBought = await client.GetAsync("/api/trade/2021/substitutes?importer=ZAF&product=2709&supplier=USA", Ct);
        var noYear = await client.GetAsync("/api/trade/1999/dependencies?importer=NAM", Ct);

        Assert.Equal(HttpStatusCode.NotFound, notBought.StatusCode);
        Assert.Contains("ZAF imports no 2709 from USA in 2021", (await notBought.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noYear.StatusCode);
    }
}
