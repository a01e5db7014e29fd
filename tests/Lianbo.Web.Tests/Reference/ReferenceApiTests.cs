using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core;
using Lianbo.Core.Reference;
using Lianbo.Core.Tests;

namespace Lianbo.Web.Tests.Reference;

// Every test only reads the shipped reference data, so they share one app per provider.
public class ReferenceApiTests(SharedApps apps) : IClassFixture<SharedApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Countries_filter_by_group_region_and_ldc(string provider)
    {
        var app = await apps.GetAsync(provider);
        var client = app.CreateClient();

        var eu = await client.GetFromJsonAsync<Page<CountryDto>>("/api/countries?group=EU&pageSize=100", Json, Ct);
        var ldcAsia = await client.GetFromJsonAsync<Page<CountryDto>>("/api/countries?region=142&ldc=true", Json, Ct);
        var search = await client.GetFromJsonAsync<Page<CountryDto>>("/api/countries?search=korea", Json, Ct);

        Assert.Equal(27, eu!.Total);
        Assert.All(eu.Items, c => Assert.Contains("EU", c.Groups));
        Assert.Contains(ldcAsia!.Items, c => c.Iso3 == "AFG");
        Assert.All(ldcAsia.Items, c => Assert.True(c.IsLdc && c.RegionCode == 142));
        Assert.Equal(["PRK", "KOR"], search!.Items.Select(c => c.Iso3).Order().Reverse());
    }

    [Fact]
    public async Task Countries_page_and_sort_by_name_in_the_request_language()
    {
        var app = await apps.GetAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var first = await client.GetFromJsonAsync<Page<CountryDto>>("/api/countries?group=G20&pageSize=5", Json, Ct);
        var second = await client.GetFromJsonAsync<Page<CountryDto>>("/api/countries?group=G20&pageSize=5&page=2", Json, Ct);

        Assert.Equal((19, 5, 5), (first!.Total, first.Items.Count, second!.Items.Count));
        Assert.Empty(first.Items.Select(c => c.Iso3).Intersect(second.Items.Select(c => c.Iso3)));
        // Pinyin order: 阿根廷 (a) comes first, 澳大利亚 (ao) second.
        Assert.Equal(["阿根廷", "澳大利亚"], first.Items.Take(2).Select(c => c.NameZh));
    }

    [Fact]
    public async Task A_country_by_code_with_its_groups_and_income()
    {
        var app = await apps.GetAsync();

        var country = await app.CreateClient().GetFromJsonAsync<CountryDto>("/api/countries/idn", Json, Ct);

        Assert.Equal(("IDN", "印度尼西亚", IncomeGroup.UpperMiddle), (country!.Iso3, country.NameZh, country.IncomeGroup));
        Assert.Equal(["APEC", "ASEAN", "BRI", "BRICS", "G20", "RCEP"], country.Groups);
    }

    [Fact]
    public async Task An_HS_code_comes_with_parent_and_children_and_search_finds_words()
    {
        var app = await apps.GetAsync();
        var client = app.CreateClient();

        var heading = await client.GetFromJsonAsync<HsCodeDetailDto>("/api/hs/8507", Json, Ct);
        var old = await client.GetFromJsonAsync<HsCodeDetailDto>("/api/hs/850780?revision=hs1992", Json, Ct);
        var found = await client.GetFromJsonAsync<List<HsCodeDto>>("/api/hs?search=lithium-ion%20accumulators", Json, Ct);

        Assert.Equal("85", heading!.Parent!.Code);
        Assert.Contains(heading.Children, c => c.Code == "850760");
        Assert.Equal(("HS1992", "8507"), (old!.Revision, old.Parent!.Code));
        Assert.Contains(found!, c => c.Code == "850760");
        Assert.All(found!, c => Assert.Contains("lithium-ion", c.Description, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task HS_codes_carry_their_Chinese_name_and_its_source_and_search_finds_Chinese_words()
    {
        var app = await apps.GetAsync();
        var client = app.CreateClient();

        var chapter = JsonDocument.Parse(await client.GetStringAsync("/api/hs/01", Ct)).RootElement;
        var found = JsonDocument.Parse(await client.GetStringAsync("/api/hs?search=" + Uri.EscapeDataString("稀土"), Ct)).RootElement;

        Assert.Equal(("Animals; live", "活动物", "CnCustoms"), (chapter.GetProperty("description").GetString(), chapter.GetProperty("descriptionZh").GetString(), chapter.GetProperty("descriptionZhSource").GetString()));
        var codes = found.EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!);
        Assert.Contains("2805", codes.Keys);
        Assert.Equal("TwConverted", codes["2846"].GetProperty("descriptionZhSource").GetString());
        Assert.Contains("稀土", codes["2846"].GetProperty("descriptionZh").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/countries?pageSize=1000", "PageSize")]
    [InlineData("/api/countries?page=0", "Page")]
    [InlineData("/api/countries/CHINA", "iso3")]
    [InlineData("/api/hs/85x7", "code")]
    [InlineData("/api/hs/8507?revision=HS2099", "revision")]
    [InlineData("/api/hs", "search")]
    public async Task A_bad_request_gets_a_ProblemDetails_body_naming_the_field(string url, string field)
    {
        var app = await apps.GetAsync();

        var response = await app.CreateClient().GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors should name {field}: {problem}");
        Assert.NotEmpty(messages.EnumerateArray().Single().GetString()!);
    }

    [Fact]
    public async Task A_value_that_cannot_be_read_gets_a_ProblemDetails_body_naming_the_parameter()
    {
        var app = await apps.GetAsync();

        var response = await app.CreateClient().GetAsync("/api/countries?ldc=maybe", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        // Named as the address spells it, not as the C# property is.
        Assert.StartsWith("ldc:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("ldc", out _), $"errors should name ldc: {problem}");
    }

    [Fact]
    public async Task Unknown_codes_get_a_404_ProblemDetails_body_in_the_request_language()
    {
        var app = await apps.GetAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var response = await client.GetAsync("/api/countries/XXX", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("没有代码为 XXX 的国家或地区", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Regions_come_each_followed_by_its_sub_regions_in_both_languages()
    {
        var app = await apps.GetAsync();

        var regions = await app.CreateClient().GetFromJsonAsync<List<RegionDto>>("/api/regions", Json, Ct);

        var asia = regions!.FindIndex(r => r.Code == 142);
        Assert.Equal(("Asia", "亚洲", (int?)null), (regions[asia].NameEn, regions[asia].NameZh, regions[asia].ParentCode));
        var subRegions = regions.Skip(asia + 1).TakeWhile(r => r.ParentCode == 142).ToList();
        Assert.Contains(subRegions, r => r is { Code: 30, NameEn: "Eastern Asia", NameZh: "东亚" });
        Assert.Equal(5, subRegions.Count);
    }
}
