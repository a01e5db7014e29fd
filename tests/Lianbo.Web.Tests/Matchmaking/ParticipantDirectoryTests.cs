using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Matchmaking;

/// <summary>
/// The participant directory over HTTP: search by either name, product (code or name in either language), stage,
/// country and type; unlisted organisations never in it; each user's marks private to them; "not interested" fed to the
/// real recommender as a refusal and undone.
/// </summary>
public class ParticipantDirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal sealed record Directory(TestUser Viewer, Guid Cells, Guid Motors, Guid Lab, Guid Hidden);

    /// <summary>
    /// Three listed organisations and one unlisted: a Chinese cell maker (850760, battery stage), a German carmaker
    /// (870380, vehicles), a Dutch research lab (heading 8507), and an unlisted cell maker just like the first.
    /// </summary>
    internal static async Task<Directory> CreateAsync(IServiceProvider services)
    {
        var viewer = await services.CreateUserAsync(Roles.Participant, organisation: "Viewer Trading", isPublic: true);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
        Guid Add(string en, string zh, string? country, OrganisationType type, bool listed, string hs, string? stage)
        {
            var org = new Organisation { Id = Guid.NewGuid(), NameEn = en, NameZh = zh, CountryIso3 = country, Type = type, IsPublic = listed, CreatedAt = DateTimeOffset.UtcNow };
            db.Organisations.Add(org);
            db.OrganisationProducts.Add(new OrganisationProduct { OrganisationId = org.Id, Hs = hs });
            if (stage is not null)
            {
                db.OrganisationStages.Add(new OrganisationStage { OrganisationId = org.Id, ChainId = "smart-vehicles", StageId = stage });
            }

            return org.Id;
        }

        var directory = new Directory(viewer,
            Add("Ningde Cells", "宁德电芯", "CHN", OrganisationType.Enterprise, true, "850760", "traction-batteries-and-electric-drive"),
            Add("Bavaria Motors", "巴伐利亚汽车", "DEU", OrganisationType.Enterprise, true, "870380", "vehicles"),
            Add("Delft Battery Lab", "代尔夫特电池实验室", "NLD", OrganisationType.UniversityOrResearch, true, "8507", null),
            Add("Hidden Cells Works", "隐藏电芯厂", "CHN", OrganisationType.Enterprise, false, "850760", "traction-batteries-and-electric-drive"));
        await db.SaveChangesAsync(Ct);
        return directory;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Search_finds_by_either_name_product_code_or_name_stage_country_and_type_and_never_an_unlisted_organisation(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var d = await CreateAsync(app.Services);
        var english = app.ClientFor(d.Viewer);
        var chinese = app.ClientFor(d.Viewer);
        chinese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        async Task<List<Guid>> Found(HttpClient client, string query) =>
            [.. (await client.GetFromJsonAsync<JsonElement>("/api/matchmaking/participants?pageSize=100&" + query, Ct)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

        var everyone = await Found(english, "");
        Assert.Equal([d.Motors, d.Lab, d.Cells], everyone);
        Assert.Equal([d.Motors, d.Lab, d.Cells], await Found(english, "search=&product=%20"));
        Assert.Equal([d.Cells], await Found(english, "search=cells"));
        Assert.Equal([d.Cells], await Found(english, "search=NINGDE"));
        Assert.Equal([d.Cells], await Found(chinese, "search=电芯"));
        Assert.Equal([d.Motors], await Found(chinese, "search=巴伐利亚"));
        // A code finds who offers it or its heading; a heading finds who offers a narrower code.
        Assert.Equal([d.Lab, d.Cells], await Found(english, "product=850760"));
        Assert.Equal([d.Lab, d.Cells], await Found(english, "product=8507"));
        Assert.Equal([d.Motors], await Found(english, "product=87"));
        Assert.Equal([d.Lab], await Found(english, "product=850780"));
        Assert.Empty(await Found(english, "product=870110"));
        // Words of the HS names, in English and in Chinese (850760 锂离子蓄电池 within 8507 蓄电池).
        Assert.Equal([d.Cells], await Found(english, "product=LITHIUM"));
        Assert.Equal([d.Lab, d.Cells], await Found(english, "product=accumulators"));
        Assert.Equal([d.Cells], await Found(chinese, "product=锂离子"));
        Assert.Equal([d.Lab, d.Cells], await Found(chinese, "product=蓄电池"));
        Assert.Equal([d.Motors], await Found(english, "stage=smart-vehicles/vehicles"));
        Assert.Equal([d.Cells], await Found(english, "stage=smart-vehicles/traction-batteries-and-electric-drive"));
        Assert.Equal([d.Motors], await Found(english, "country=deu"));
        Assert.Equal([d.Cells], await Found(english, "country=CHN"));
        Assert.Equal([d.Lab], await Found(english, "type=UniversityOrResearch"));
        Assert.Equal([d.Lab], await Found(english, "product=8507&country=NLD"));
        Assert.Empty(await Found(english, "product=8507&country=DEU"));
        Assert.Equal(everyone, await Found(chinese, ""));

        // Paging: two pages that together hold everyone once.
        var first = await english.GetFromJsonAsync<JsonElement>("/api/matchmaking/participants?pageSize=2", Ct);
        var second = await english.GetFromJsonAsync<JsonElement>("/api/matchmaking/participants?pageSize=2&page=2", Ct);
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(everyone, first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetGuid()));

        // A card: country named in the language, products named, no contact details.
        var card = (await chinese.GetFromJsonAsync<JsonElement>("/api/matchmaking/participants?search=宁德", Ct)).GetProperty("items")[0];
        var china = await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().Countries.Where(c => c.Iso3 == "CHN").Select(c => c.NameZh).SingleAsync(Ct));
        Assert.Equal(("CHN", china), (card.GetProperty("countryIso3").GetString(), card.GetProperty("countryName").GetString()));
        Assert.Equal("锂离子蓄电池", card.GetProperty("products")[0].GetProperty("name").GetString());
        Assert.False(card.TryGetProperty("contact", out _));

        // The unlisted organisation: no page, no mark; organisers' and its own searches aside, nobody finds it.
        var page = await AccountPagesTests.SignedInAsync(app, d.Viewer);
        var html = WebUtility.HtmlDecode(await page.GetStringAsync("/participants?q=cells", Ct));
        Assert.Contains("Ningde Cells", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden Cells Works", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/participants/{d.Hidden}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync($"/participants/{d.Cells}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await english.PutAsJsonAsync($"/api/matchmaking/marks/{d.Hidden}", new { kind = "Saved" }, Ct)).StatusCode);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        Assert.DoesNotContain(d.Hidden, await Found(organiser, "search=cells"));
        Assert.Equal(HttpStatusCode.Redirect, (await AccountPagesTests.Browser(app).GetAsync("/participants", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("type=Bank", "type")]
    [InlineData("marked=Liked", "marked")]
    [InlineData("stage=vehicles", "stage")]
    public async Task A_bad_search_gets_a_problem_naming_the_field(string query, string field)
    {
        await using var app = await LianboApp.StartAsync();
        var user = await app.CreateUserAsync(Roles.Participant, organisation: "Asker");

        var response = await app.ClientFor(user).GetAsync("/api/matchmaking/participants?" + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Marks_are_private_replace_each_other_and_are_undone(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var d = await CreateAsync(app.Services);
        var other = await app.CreateUserAsync(Roles.Participant, organisation: "Other Firm", isPublic: true);
        var colleague = await app.CreateUserAsync(Roles.Participant);
        await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().Users.Where(u => u.Id == colleague.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.OrganisationId, d.Viewer.OrganisationId), Ct));
        var me = app.ClientFor(d.Viewer);
        async Task<List<(Guid Id, string? Mark)>> Marked(HttpClient client, string kind) =>
            [.. (await client.GetFromJsonAsync<JsonElement>("/api/matchmaking/participants?marked=" + kind, Ct)).GetProperty("items").EnumerateArray()
                .Select(i => (i.GetProperty("id").GetGuid(), i.GetProperty("mark").GetString()))];
        async Task<string?> MarkOn(HttpClient client, Guid id) =>
            (await client.GetFromJsonAsync<JsonElement>("/api/matchmaking/participants?pageSize=100", Ct)).GetProperty("items").EnumerateArray()
                .Single(i => i.GetProperty("id").GetGuid() == id).GetProperty("mark").GetString();

        var saved = await me.PutAsJsonAsync($"/api/matchmaking/marks/{d.Cells}", new { kind = "Saved" }, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await me.PutAsJsonAsync($"/api/matchmaking/marks/{d.Motors}", new { kind = "NotInterested" }, Ct)).StatusCode);

        Assert.Equal([(d.Cells, "Saved")], await Marked(me, "Saved"));
        Assert.Equal([(d.Motors, "NotInterested")], await Marked(me, "NotInterested"));
        // Nobody else sees them: not another organisation's user, not a colleague, not an organiser.
        foreach (var stranger in new[] { other, colleague, await app.CreateUserAsync(Roles.Organiser) })
        {
            var client = app.ClientFor(stranger);
            Assert.Empty(await Marked(client, "Saved"));
            Assert.Empty(await Marked(client, "NotInterested"));
            Assert.Null(await MarkOn(client, d.Cells));
            // Nor undo them: they have no mark there to undo.
            Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/matchmaking/marks/{d.Cells}", Ct)).StatusCode);
        }

        var strangerPage = WebUtility.HtmlDecode(await (await AccountPagesTests.SignedInAsync(app, other)).GetStringAsync("/participants?marked=Saved", Ct));
        Assert.Contains("Nothing saved yet", strangerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Ningde Cells", strangerPage, StringComparison.Ordinal);
        Assert.Equal("Saved", await MarkOn(me, d.Cells));

        // "Not interested" replaces "saved"; undo removes the mark, once.
        Assert.Equal(HttpStatusCode.OK, (await me.PutAsJsonAsync($"/api/matchmaking/marks/{d.Cells}", new { kind = "NotInterested" }, Ct)).StatusCode);
        Assert.Empty(await Marked(me, "Saved"));
        Assert.Equal([d.Motors, d.Cells], (await Marked(me, "NotInterested")).Select(m => m.Id));
        Assert.Equal(HttpStatusCode.NoContent, (await me.DeleteAsync($"/api/matchmaking/marks/{d.Cells}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await me.DeleteAsync($"/api/matchmaking/marks/{d.Cells}", Ct)).StatusCode);
        Assert.Null(await MarkOn(me, d.Cells));
        Assert.Equal([(d.Motors, "NotInterested")], await Marked(me, "NotInterested"));

        // Bad marks, each naming its field, nothing stored.
        foreach (var (body, field) in new (object Body, string Field)[] { (new { kind = "Liked" }, "kind"), (new { }, "kind"), (new { kind = 7 }, "kind") })
        {
            var bad = await me.PutAsJsonAsync($"/api/matchmaking/marks/{d.Lab}", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _));
        }

        var own = await me.PutAsJsonAsync($"/api/matchmaking/marks/{d.Viewer.OrganisationId}", new { kind = "Saved" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        Assert.True((await own.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("organisation", out _));
        Assert.Null(await MarkOn(me, d.Lab));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Not_interested_keeps_an_organisation_out_of_the_recommendations_both_ways_until_undone(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var buyer = await app.CreateUserAsync(Roles.Participant, organisation: "EV Maker", isPublic: true);
        var first = await app.CreateUserAsync(Roles.Participant, organisation: "First Cells", isPublic: true);
        var second = await app.CreateUserAsync(Roles.Participant, organisation: "Second Cells", isPublic: true);
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            db.OrganisationProducts.Add(new OrganisationProduct { OrganisationId = first.OrganisationId!.Value, Hs = "850760" });
            db.OrganisationProducts.Add(new OrganisationProduct { OrganisationId = second.OrganisationId!.Value, Hs = "8507" });
            return await db.SaveChangesAsync(Ct);
        });
        var client = app.ClientFor(buyer);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/matchmaking/profile", new { needHs = new[] { "850760" }, seeks = "Supplier" }, Ct)).StatusCode);
        var before = await RecommendedAsync(client);
        Assert.Contains(first.OrganisationId!.Value, before);
        Assert.Contains(second.OrganisationId!.Value, before);
        Assert.Contains(buyer.OrganisationId!.Value, await RecommendedAsync(app.ClientFor(first)));

        // Through the page, as a person does: "not interested" on the recommendation.
        var page = await AccountPagesTests.SignedInAsync(app, buyer);
        var html = WebUtility.HtmlDecode(await page.GetStringAsync("/matchmaking", Ct));
        Assert.Contains($"href=\"/participants/{first.OrganisationId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/meetings/new?to={first.OrganisationId}\"", html, StringComparison.Ordinal);
        var refused = WebUtility.HtmlDecode(await (await page.PostFormAsync("/matchmaking", $"refuse-{first.OrganisationId}")).HtmlAsync());
        Assert.Contains("Not interested: no longer recommended", refused, StringComparison.Ordinal);

        var after = await RecommendedAsync(client);
        Assert.DoesNotContain(first.OrganisationId.Value, after);
        Assert.Contains(second.OrganisationId.Value, after);
        // A refusal works both ways, as a declined request does.
        Assert.DoesNotContain(buyer.OrganisationId.Value, await RecommendedAsync(app.ClientFor(first)));
        // The page no longer shows it either; the directory shows it as refused, with its undo.
        Assert.DoesNotContain($"data-organisation=\"{first.OrganisationId}\"", await page.GetStringAsync("/matchmaking", Ct), StringComparison.Ordinal);
        var undone = await page.PostFormAsync("/participants?marked=NotInterested", $"undo-{first.OrganisationId}");
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);

        Assert.Contains(first.OrganisationId.Value, await RecommendedAsync(client));
        Assert.Contains(buyer.OrganisationId.Value, await RecommendedAsync(app.ClientFor(first)));

        // Also a restarted app (a recommender built afresh from the store) honours a refusal made over the API.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/matchmaking/marks/{second.OrganisationId}", new { kind = "NotInterested" }, Ct)).StatusCode);
        await using var restarted = app.Restarted();
        Assert.DoesNotContain(second.OrganisationId.Value, await RecommendedAsync(restarted.ClientFor(buyer)));
    }

    [Fact]
    public async Task Empty_pages_say_what_to_do_next()
    {
        await using var app = await LianboApp.StartAsync();
        var d = await CreateAsync(app.Services);
        var page = await AccountPagesTests.SignedInAsync(app, d.Viewer);

        var recommendations = WebUtility.HtmlDecode(await page.GetStringAsync("/matchmaking", Ct));
        var none = WebUtility.HtmlDecode(await page.GetStringAsync("/participants?q=nobody-by-this-name&country=DEU", Ct));
        var nothingSaved = WebUtility.HtmlDecode(await page.GetStringAsync("/participants?marked=Saved", Ct));
        var chinese = AccountPagesTests.Browser(app, "zh-CN");
        await chinese.SignInAsync(d.Viewer.Email, TestAccounts.Password);
        var chineseNone = WebUtility.HtmlDecode(await chinese.GetStringAsync("/participants?q=无此机构", Ct));

        Assert.Contains("id=\"match-no-profile\"", recommendations, StringComparison.Ordinal);
        Assert.Contains("Fill your profile to get recommendations", recommendations, StringComparison.Ordinal);
        Assert.Contains("href=\"/matchmaking/profile\" class=\"button\"", recommendations, StringComparison.Ordinal);
        Assert.Contains("Widen it", none, StringComparison.Ordinal);
        Assert.Contains("id=\"clear-filters\"", none, StringComparison.Ordinal);
        Assert.Contains("Press “Save”", nothingSaved, StringComparison.Ordinal);
        Assert.Contains("请放宽搜索", chineseNone, StringComparison.Ordinal);
    }

    private static async Task<List<Guid>> RecommendedAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations?limit=20", Ct))!.Select(r => r.GetProperty("organisationId").GetGuid())];
}
