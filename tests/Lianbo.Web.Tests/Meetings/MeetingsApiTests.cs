using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Meetings;

public class MeetingsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Contact_details_travel_only_with_an_accepted_request_and_the_inbox_speaks_the_callers_language(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var buyer = await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await app.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);
        var buyerClient = app.ClientFor(buyer);
        var sellerClient = app.ClientFor(seller);
        sellerClient.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var slot = DateTimeOffset.UtcNow.Date.AddDays(10).AddHours(2);

        var asked = await buyerClient.PostAsJsonAsync("/api/meetings/requests", new { to = seller.OrganisationId, message = "We need LFP cells", slots = new[] { new { startsAt = slot, minutes = 30 } } }, Ct);
        var request = await asked.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = request.GetProperty("id").GetGuid();
        var before = await (await buyerClient.GetAsync($"/api/organisations/{seller.OrganisationId}", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var inbox = await sellerClient.GetFromJsonAsync<JsonElement>("/api/meetings/inbox", Ct);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal(JsonValueKind.Null, request.GetProperty("contact").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("contact").ValueKind);
        Assert.Equal("Buyer Motors公司 向贵机构申请洽谈", inbox.GetProperty("notices")[0].GetProperty("text").GetString());
        Assert.True(inbox.GetProperty("requests")[0].GetProperty("awaitingYou").GetBoolean());

        var accepted = await sellerClient.PostAsJsonAsync($"/api/meetings/requests/{id}/accept", new { slot }, Ct);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var after = await buyerClient.GetFromJsonAsync<JsonElement>($"/api/organisations/{seller.OrganisationId}", Ct);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(buyer.Email, body.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(seller.Email, after.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(slot, body.GetProperty("meeting").GetProperty("startsAt").GetDateTimeOffset());
        var read = await sellerClient.PostAsync("/api/meetings/notices/read", null, Ct);
        Assert.Equal(1, await read.Content.ReadFromJsonAsync<int>(Ct));
    }

    [Fact]
    public async Task A_bad_request_names_its_fields_and_a_second_answer_is_a_conflict_in_the_callers_language()
    {
        await using var app = await LianboApp.StartAsync();
        var buyer = await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await app.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);
        var client = app.ClientFor(buyer);

        var bad = await client.PostAsJsonAsync("/api/meetings/requests", new { to = buyer.OrganisationId, slots = new[] { new { startsAt = DateTimeOffset.UtcNow.AddDays(-1), minutes = 500 } } }, Ct);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["slots[0]", "to"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        var id = (await (await client.PostAsJsonAsync("/api/meetings/requests", new { to = seller.OrganisationId }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var sellerClient = app.ClientFor(seller);
        sellerClient.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        Assert.Equal(HttpStatusCode.OK, (await sellerClient.PostAsJsonAsync($"/api/meetings/requests/{id}/decline", new { message = "暂无需求" }, Ct)).StatusCode);
        var again = await sellerClient.PostAsJsonAsync($"/api/meetings/requests/{id}/accept", new { }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已谢绝", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Only_the_sender_withdraws_the_recipient_declines_and_an_accepted_request_awaits_nobody(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var buyer = await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await app.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);
        var buyerClient = app.ClientFor(buyer);
        var (sellerZh, sellerEn) = (app.ClientFor(seller), app.ClientFor(seller));
        sellerZh.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        sellerEn.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var slot = DateTimeOffset.UtcNow.Date.AddDays(10).AddHours(2);
        async Task<Guid> AskAsync() => (await (await buyerClient.PostAsJsonAsync("/api/meetings/requests", new { to = seller.OrganisationId, slots = new[] { new { startsAt = slot, minutes = 30 } } }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        // The recipient may not withdraw the request: it is told, in its language, to decline it.
        var first = await AskAsync();
        var zh = await sellerZh.PostAsJsonAsync($"/api/meetings/requests/{first}/cancel", new { }, Ct);
        var en = await sellerEn.PostAsJsonAsync($"/api/meetings/requests/{first}/cancel", new { }, Ct);
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (zh.StatusCode, en.StatusCode));
        Assert.Contains("只有发出申请的机构可以撤回", (await zh.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Only the organisation that sent this request may withdraw it", (await en.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Having proposed other times, it still cannot withdraw, but it may decline.
        Assert.Equal(HttpStatusCode.OK, (await sellerEn.PostAsJsonAsync($"/api/meetings/requests/{first}/counter", new { slots = new[] { new { startsAt = slot.AddDays(1), minutes = 30 } } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await sellerEn.PostAsJsonAsync($"/api/meetings/requests/{first}/cancel", new { }, Ct)).StatusCode);
        var declined = await sellerEn.PostAsJsonAsync($"/api/meetings/requests/{first}/decline", new { }, Ct);
        Assert.Equal("Declined", (await declined.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());

        // The sender withdraws its own.
        var second = await AskAsync();
        var withdrawn = await buyerClient.PostAsJsonAsync($"/api/meetings/requests/{second}/cancel", new { }, Ct);
        Assert.Equal("Cancelled", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());

        // Once accepted, the request awaits neither side.
        var third = await AskAsync();
        Assert.Equal(HttpStatusCode.OK, (await sellerEn.PostAsJsonAsync($"/api/meetings/requests/{third}/accept", new { slot }, Ct)).StatusCode);
        foreach (var client in new[] { sellerEn, buyerClient })
        {
            var request = (await client.GetFromJsonAsync<JsonElement>("/api/meetings/inbox", Ct)).GetProperty("requests").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == third);
            Assert.Equal("Accepted", request.GetProperty("status").GetString());
            Assert.False(request.GetProperty("awaitingYou").GetBoolean());
        }
    }

    [Fact]
    public async Task A_declined_request_keeps_the_two_out_of_each_others_recommendations()
    {
        await using var app = await LianboApp.StartAsync();
        var buyer = await app.CreateUserAsync(Roles.Participant, "EV Maker", isPublic: true);
        var seller = await app.CreateUserAsync(Roles.Participant, "Cell Maker", isPublic: true);
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            db.OrganisationProducts.Add(new OrganisationProduct { OrganisationId = seller.OrganisationId!.Value, Hs = "850760" });
            return await db.SaveChangesAsync(Ct);
        });
        var client = app.ClientFor(buyer);
        await client.PutAsJsonAsync("/api/matchmaking/profile", new { needHs = new[] { "8507" }, seeks = "Supplier" }, Ct);

        async Task<List<Guid>> PartnersAsync() => [.. (await client.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations", Ct))!.Select(r => r.GetProperty("organisationId").GetGuid())];
        var before = await PartnersAsync();
        var id = (await (await client.PostAsJsonAsync("/api/meetings/requests", new { to = seller.OrganisationId }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await app.ClientFor(seller).PostAsJsonAsync($"/api/meetings/requests/{id}/decline", new { }, Ct);
        var after = await PartnersAsync();

        Assert.Contains(seller.OrganisationId!.Value, before);
        Assert.DoesNotContain(seller.OrganisationId.Value, after);
    }
}

public class SupplyDemandPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_buyer_posts_a_need_over_the_api_and_sees_it_with_its_shortlist_on_the_page_in_both_languages()
    {
        await using var app = await LianboApp.StartAsync();
        var buyer = await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var supplier = await app.CreateUserAsync(Roles.Participant, "Hanil Cells", isPublic: true);
        var expo = await Expo.ExpoFixture.CreateAsync(app);
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            db.OrganisationProducts.Add(new OrganisationProduct { OrganisationId = supplier.OrganisationId!.Value, Hs = "850760" });
            return await db.SaveChangesAsync(Ct);
        });

        var posted = await app.ClientFor(buyer).PostAsJsonAsync($"/api/editions/{expo.Edition}/needs", new { title = "LFP cells", needHs = new[] { "8507" } }, Ct);
        var bad = await app.ClientFor(buyer).PostAsJsonAsync($"/api/editions/{expo.Edition}/needs", new { title = "", avoidCountries = new[] { "XXA" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(["avoidCountries", "needHs", "title"], (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        var page = await AccountPagesTests.SignedInAsync(app, buyer);
        var english = WebUtility.HtmlDecode(await page.GetStringAsync($"/expo/{expo.Number}/sessions", Ct));
        await page.SwitchLanguageAsync("zh-CN", "/");
        var chinese = WebUtility.HtmlDecode(await page.GetStringAsync($"/expo/{expo.Number}/sessions", Ct));
        var other = WebUtility.HtmlDecode(await (await AccountPagesTests.SignedInAsync(app, supplier)).GetStringAsync($"/expo/{expo.Number}/sessions", Ct));

        Assert.Contains("Supply-demand sessions", english, StringComparison.Ordinal);
        Assert.Contains("LFP cells", english, StringComparison.Ordinal);
        Assert.Contains("data-supplier=\"Hanil Cells\"", english, StringComparison.Ordinal);
        Assert.Contains("供需对接会", chinese, StringComparison.Ordinal);
        Assert.Contains("Hanil Cells公司", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("LFP cells", other, StringComparison.Ordinal);
    }
}
