using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lianbo.Web.Tests.Expo;

public class ExpoApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<LianboApp> StartWithDemoAsync(string provider = "sqlite") =>
        LianboApp.StartAsync(provider, new Dictionary<string, string> { ["Lianbo:LoadDemoOnFreshStore"] = "true" });

    [Fact]
    public async Task A_fresh_start_serves_the_demo_editions_and_their_figures_computed_from_the_rows()
    {
        await using var app = await StartWithDemoAsync();
        var client = app.CreateClient();

        var editions = await client.GetFromJsonAsync<List<JsonElement>>("/api/editions", Ct);
        var latest = editions![0].GetProperty("id").GetGuid();
        var edition = await client.GetFromJsonAsync<JsonElement>($"/api/editions/{latest}", Ct);
        var figures = await client.GetFromJsonAsync<JsonElement>($"/api/editions/{latest}/statistics", Ct);

        Assert.Equal([2, 1], editions.Select(e => e.GetProperty("number").GetInt32()));
        Assert.Equal([620, 515], editions.Select(e => e.GetProperty("exhibitors").GetInt32()));
        Assert.Equal(7, edition.GetProperty("zones").GetArrayLength());
        Assert.Equal(5, edition.GetProperty("supporters").GetArrayLength());
        var current = figures.GetProperty("current");
        Assert.Equal(620, current.GetProperty("exhibitors").GetInt32());
        Assert.Equal(69, current.GetProperty("countriesRegionsAndInternationalOrganisations").GetInt32());
        Assert.Equal(152_000_000_000m, current.GetProperty("agreementValueCny").GetDecimal());
        Assert.Equal(515, figures.GetProperty("previous").GetProperty("exhibitors").GetInt32());
        Assert.Equal(0.204, figures.GetProperty("exhibitorGrowth").GetDouble(), 0.001);
    }

    [Fact]
    public async Task The_directory_finds_exhibitors_by_name_product_and_chain_and_shows_an_exhibitors_page()
    {
        await using var app = await StartWithDemoAsync();
        var client = app.CreateClient();
        var latest = (await client.GetFromJsonAsync<List<JsonElement>>("/api/editions", Ct))![0].GetProperty("id").GetGuid();

        var bosch = await client.GetFromJsonAsync<JsonElement>($"/api/editions/{latest}/exhibitors?search=bosch", Ct);
        var baowu = await client.GetFromJsonAsync<JsonElement>($"/api/editions/{latest}/exhibitors?search=宝武", Ct);
        var vehicles = await client.GetFromJsonAsync<JsonElement>($"/api/editions/{latest}/exhibitors?chain=smart-vehicles&pageSize=200", Ct);
        var german = await client.GetFromJsonAsync<JsonElement>($"/api/editions/{latest}/exhibitors?country=DEU&pageSize=200", Ct);
        var launched = await client.GetFromJsonAsync<JsonElement>($"/api/editions/{latest}/exhibitors?launches=true&pageSize=200", Ct);
        var batteries = await client.GetFromJsonAsync<JsonElement>($"/api/editions/{latest}/exhibitors?search=8507&pageSize=200", Ct);

        Assert.Equal(1, bosch.GetProperty("total").GetInt32());
        Assert.Equal("China Baowu Steel Group", baowu.GetProperty("items")[0].GetProperty("nameEn").GetString());
        Assert.All(vehicles.GetProperty("items").EnumerateArray(), e => Assert.Equal("smart-vehicles", e.GetProperty("chainId").GetString()));
        Assert.All(german.GetProperty("items").EnumerateArray(), e => Assert.Equal("DEU", e.GetProperty("countryIso3").GetString()));
        Assert.InRange(launched.GetProperty("total").GetInt32(), 1, 72);
        Assert.All(launched.GetProperty("items").EnumerateArray(), e => Assert.True(e.GetProperty("launches").GetInt32() > 0));
        Assert.True(batteries.GetProperty("total").GetInt32() > 0);

        var id = bosch.GetProperty("items")[0].GetProperty("id").GetGuid();
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/exhibitors/{id}", Ct);
        Assert.Equal("DEU", page.GetProperty("exhibitor").GetProperty("countryIso3").GetString());
        Assert.Equal("smart-vehicles", page.GetProperty("jointExhibits")[0].GetProperty("chainId").GetString());
        Assert.Equal(["Rio Tinto", "China Baowu Steel Group", "Bosch", "Xpeng"],
            page.GetProperty("jointExhibits")[0].GetProperty("path").EnumerateArray().Select(s => s.GetProperty("nameEn").GetString()));
        Assert.True(page.GetProperty("booths").GetArrayLength() > 0);
        Assert.False(page.GetRawText().Contains("contact", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Bad_filters_and_unknown_ids_are_answered_with_problem_details()
    {
        await using var app = await LianboApp.StartAsync();
        var client = app.CreateClient();

        var missing = await client.GetAsync($"/api/editions/{Guid.NewGuid()}/statistics", Ct);
        var badSize = await client.GetAsync($"/api/editions/{Guid.NewGuid()}/exhibitors?pageSize=1000", Ct);
        var badEnum = await client.GetAsync($"/api/editions/{Guid.NewGuid()}/exhibitors?size=huge", Ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, badSize.StatusCode);
        Assert.Contains("PageSize", await badSize.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badEnum.StatusCode);
        Assert.Contains("size", await badEnum.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_statistics_fields()
    {
        await using var app = await LianboApp.StartAsync();
        var document = await app.CreateClient().GetStringAsync("/openapi/v1.json", Ct);

        Assert.Contains("countriesRegionsAndInternationalOrganisations", document, StringComparison.Ordinal);
        Assert.Contains("Belt and Road partner countries", document, StringComparison.Ordinal);
    }
}
