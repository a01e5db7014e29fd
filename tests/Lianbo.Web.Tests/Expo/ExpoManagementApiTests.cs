using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Expo;

public class ExpoManagementApiTests
{
    private const string Password = "correct horse battery staple";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_organiser_sets_up_an_edition_and_a_taken_booth_is_a_409_problem(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        var participant = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Sigma Cells"));
        var (alpha, beta) = await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            var a = new Organisation { Id = Guid.NewGuid(), NameEn = "Alpha Cells", NameZh = "阿尔法电芯", CountryIso3 = "CHN", CreatedAt = DateTimeOffset.UtcNow };
            var b = new Organisation { Id = Guid.NewGuid(), NameEn = "Beta Motors", NameZh = "贝塔汽车", CountryIso3 = "DEU", CreatedAt = DateTimeOffset.UtcNow };
            db.Organisations.AddRange(a, b);
            await db.SaveChangesAsync(Ct);
            return (a.Id, b.Id);
        });

        var edition = await OkAsync<EditionSetupDto>(await organiser.PostAsJsonAsync("/api/editions", ExpoFixture.EditionBody(2), Ct));
        var api = $"/api/editions/{edition.Id}";
        var zone = await OkAsync<ZoneSetupDto>(await organiser.PostAsJsonAsync($"{api}/zones", new { code = "smart-vehicles", chainId = "smart-vehicles", nameZh = "智能汽车链", nameEn = "Smart vehicles", areaM2 = 100 }, Ct));
        var hall = await OkAsync<HallSetupDto>(await organiser.PostAsJsonAsync($"{api}/halls", new { code = "A1", nameZh = "A1馆", nameEn = "Hall A1" }, Ct));
        var booth = await OkAsync<BoothSetupDto>(await organiser.PostAsJsonAsync($"{api}/booths", new { code = "A1-001", hallId = hall.Id, zoneId = zone.Id, sizeM2 = 36 }, Ct));
        var first = await OkAsync<ExhibitorSetupDto>(await organiser.PostAsJsonAsync($"{api}/exhibitors", new { organisationId = alpha, zoneId = zone.Id }, Ct));
        var second = await OkAsync<ExhibitorSetupDto>(await organiser.PostAsJsonAsync($"{api}/exhibitors", new { organisationId = beta, zoneId = zone.Id }, Ct));

        var given = await organiser.PutAsJsonAsync($"{api}/booths/{booth.Id}/exhibitor", new { exhibitorId = first.Id }, Ct);
        var taken = await organiser.PutAsJsonAsync($"{api}/booths/{booth.Id}/exhibitor", new { exhibitorId = second.Id }, Ct);
        var refused = await participant.PostAsJsonAsync($"{api}/halls", new { code = "B1", nameZh = "B1馆", nameEn = "Hall B1" }, Ct);

        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("application/problem+json", taken.Content.Headers.ContentType?.MediaType);
        var problem = await taken.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal("Booth A1-001 is already given to Alpha Cells", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(1, await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().Halls.CountAsync(Ct)));
    }

    [Fact]
    public async Task A_refusal_is_a_problem_naming_each_field_in_the_callers_language()
    {
        await using var app = await LianboApp.StartAsync();
        var organiserUser = await app.CreateUserAsync(Roles.Organiser);
        var organiser = app.ClientFor(organiserUser);
        var expo = await ExpoFixture.CreateAsync(app);
        var reader = app.ClientFor(await app.CreateUserAsync(Roles.Organiser, scope: TokenScope.Read));
        var booth = new { code = "A1-099", hallId = expo.Hall, zoneId = expo.Zone, sizeM2 = 1_000_000 };

        var english = await organiser.PostAsJsonAsync($"/api/editions/{expo.Edition}/booths", booth, Ct);
        organiser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = await organiser.PostAsJsonAsync($"/api/editions/{expo.Edition}/booths", booth, Ct);
        var roadshow = await organiser.PostAsJsonAsync($"/api/editions/{expo.Edition}/events", new
        {
            kind = "Roadshow", titleZh = "推介会", titleEn = "", startsAt = "2025-03-01T10:00:00Z", endsAt = "2025-03-01T09:00:00Z",
        }, Ct);
        var readOnly = await reader.PostAsJsonAsync($"/api/editions/{expo.Edition}/booths", booth, Ct);
        var eligible = await reader.GetFromJsonAsync<List<EligibleExhibitorDto>>($"/api/editions/{expo.Edition}/support-programmes/{expo.Programme}/eligible", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, english.StatusCode);
        Assert.Equal("zone smart-vehicles would hold 1,000,054 m² of booths in its 10,000 m²", (await ErrorsAsync(english))["sizeM2"].Single());
        Assert.Contains("平方米", (await ErrorsAsync(chinese))["sizeM2"].Single(), StringComparison.Ordinal);
        Assert.Equal(["cityEn", "cityZh", "countryIso3", "endsAt", "titleEn"], (await ErrorsAsync(roadshow)).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        Assert.Equal(["Rho Spare Parts"], eligible!.Select(e => e.NameEn));
    }

    [Theory]
    [InlineData("en", "edition number 2", "Saved.")]
    [InlineData("zh-CN", "已有第 2 届", "已保存。")]
    public async Task The_manage_pages_show_refusals_beside_the_field_and_save_in_the_page_language(string language, string taken, string saved)
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = await app.CreateUserAsync(Roles.Organiser);
        var expo = await ExpoFixture.CreateAsync(app);
        var browser = await SignedInAsync(app, organiser, language);
        var participant = await SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Tau Textiles"), language);

        var refused = await browser.PostFormAsync("/expo/manage", "edition", EditionFields(number: "2"));
        var created = await browser.PostFormAsync("/expo/manage", "edition", EditionFields(number: "3"));
        var zoneArea = await browser.PostFormAsync("/expo/3/manage/venue", "zone", ("NewZone.Code", "services"), ("NewZone.ChainId", ""),
            ("NewZone.NameZh", "供应链服务展区"), ("NewZone.NameEn", "Supply-chain services area"), ("NewZone.AreaM2", "800"), ("NewZone.SortOrder", "7"));
        var page = await browser.GetAsync($"/expo/{expo.Number}/manage/programmes", Ct);
        var editionPage = await browser.GetAsync("/expo/3/manage", Ct);

        var refusedHtml = await refused.HtmlAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("data-field=\"number\"", refusedHtml, StringComparison.Ordinal);
        Assert.Contains(taken, refusedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/expo/3/manage", created.Headers.Location!.AbsolutePath);
        var zoneHtml = await zoneArea.HtmlAsync();
        Assert.Contains(saved, zoneHtml, StringComparison.Ordinal);
        Assert.Contains("data-zone=\"services\"", zoneHtml, StringComparison.Ordinal);
        // The venue's section holds the venue's forms only; the edition's own form, on its own page, shows the stored edition.
        Assert.DoesNotContain("id=\"edition\"", zoneHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"3rd China International Supply Chain Expo\"", await editionPage.HtmlAsync(), StringComparison.Ordinal);
        Assert.Contains("data-eligible=\"Rho Spare Parts\"", await page.HtmlAsync(), StringComparison.Ordinal);
        var denied = await participant.GetAsync("/expo/manage", Ct);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("/account/denied", denied.Headers.Location!.AbsolutePath);
    }

    private static (string, string)[] EditionFields(string number) =>
    [
        ("Edition.Number", number), ("Edition.NameZh", "第三届中国国际供应链促进博览会"), ("Edition.NameEn", "3rd China International Supply Chain Expo"),
        ("Edition.ThemeZh", "链接世界 共创未来"), ("Edition.ThemeEn", "Link the world, create the future"), ("Edition.StartsOn", "2025-07-16"),
        ("Edition.EndsOn", "2025-07-20"), ("Edition.CityZh", "北京"), ("Edition.CityEn", "Beijing"), ("Edition.VenueZh", "中国国际展览中心（顺义馆）"),
        ("Edition.VenueEn", "China International Exhibition Center (Shunyi)"), ("Edition.FloorAreaM2", "150000"), ("Edition.GuestCountryIso3", ""),
    ];

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }, Ct))!;
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private static async Task<HttpClient> SignedInAsync(LianboApp app, TestUser user, string language)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user.Email, Password)).StatusCode);
        return client;
    }
}
