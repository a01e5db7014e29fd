using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Web.Tests.Accounts;

namespace Lianbo.Web.Tests.Matchmaking;

public class CrossLanguageMatchingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<JsonElement> Supplies(List<JsonElement> found, Guid partner) =>
        [.. found.Where(r => r.GetProperty("organisationId").GetGuid() == partner)
            .SelectMany(r => r.GetProperty("reasons").EnumerateArray()).Where(r => r.GetProperty("kind").GetString() == "SuppliesProduct")];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_Chinese_only_need_finds_an_English_only_supplier_with_the_words_of_both_and_the_firm_decides_what_was_read(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var roaster = await app.CreateUserAsync(Roles.Participant, organisation: "Kunming Roaster");
        var grower = await app.CreateUserAsync(Roles.Participant, organisation: "Sidama Growers", isPublic: true);
        var tea = await app.CreateUserAsync(Roles.Participant, organisation: "Kericho Tea", isPublic: true);
        var english = app.ClientFor(roaster);
        var chinese = app.ClientFor(roaster);
        chinese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        // Neither side enters a code: the roaster writes only Chinese, the growers only English.
        Assert.Equal(HttpStatusCode.OK, (await english.PutAsJsonAsync("/api/matchmaking/profile",
            new { needText = "采购埃塞俄比亚水洗咖啡生豆，每年约20个货柜", seeks = "Supplier", provides = "Buyer" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(grower).PutAsJsonAsync("/api/matchmaking/profile",
            new { offerText = "Washed Yirgacheffe green coffee beans, Grade 1, for specialty roasters", provides = "Supplier", seeks = "Buyer" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(tea).PutAsJsonAsync("/api/matchmaking/profile",
            new { offerText = "Black tea, CTC and orthodox, from the Kenyan highlands", provides = "Supplier", seeks = "Buyer" }, Ct)).StatusCode);

        var en = await english.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations", Ct);
        var zh = await chinese.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations", Ct);

        // The growers are found, the tea garden (another heading) is not; the reason names the product in the reader's
        // language with the words each side wrote.
        var reason = Assert.Single(Supplies(en!, grower.OrganisationId!.Value)).GetProperty("text").GetString()!;
        Assert.Contains("0901 (Coffee", reason, StringComparison.Ordinal);
        Assert.Contains("you wrote “咖啡生豆”", reason, StringComparison.Ordinal);
        Assert.Contains("they wrote “green coffee beans”", reason, StringComparison.Ordinal);
        // The tea garden fits by chapter only (09), so it comes after the growers.
        var order = en!.Select(r => r.GetProperty("organisationId").GetGuid()).ToList();
        Assert.True(order.IndexOf(grower.OrganisationId.Value) < Math.Max(order.IndexOf(tea.OrganisationId!.Value), order.Count));
        var zhReason = Assert.Single(Supplies(zh!, grower.OrganisationId.Value)).GetProperty("text").GetString()!;
        Assert.Contains("0901（咖啡", zhReason.Replace(" (", "（", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("您写的是“咖啡生豆”", zhReason, StringComparison.Ordinal);
        Assert.Contains("对方写的是“green coffee beans”", zhReason, StringComparison.Ordinal);

        // The roaster sees what was read from its text, removes it, and the growers go; restoring brings them back.
        var read = await english.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/read-products", Ct);
        var coffee = Assert.Single(read!);
        Assert.Equal(("0901", "咖啡生豆", false, false), (coffee.GetProperty("hs").GetString(), coffee.GetProperty("words").GetString(),
            coffee.GetProperty("offered").GetBoolean(), coffee.GetProperty("removed").GetBoolean()));
        var removed = await english.PostAsJsonAsync("/api/matchmaking/read-products", new { offered = false, hs = "0901", decision = "Remove" }, Ct);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.True((await removed.Content.ReadFromJsonAsync<List<JsonElement>>(Ct))!.Single().GetProperty("removed").GetBoolean());
        Assert.Empty(Supplies((await english.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations", Ct))!, grower.OrganisationId.Value));
        Assert.Equal(HttpStatusCode.OK, (await english.PostAsJsonAsync("/api/matchmaking/read-products", new { offered = false, hs = "0901", decision = "Restore" }, Ct)).StatusCode);
        Assert.Single(Supplies((await english.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations", Ct))!, grower.OrganisationId.Value));

        // Confirmed, the code is entered on the profile and no longer listed as read.
        var confirmed = await english.PostAsJsonAsync("/api/matchmaking/read-products", new { offered = false, hs = "0901", decision = "Confirm" }, Ct);
        Assert.Empty((await confirmed.Content.ReadFromJsonAsync<List<JsonElement>>(Ct))!);
        Assert.Equal(["0901"], (await english.GetFromJsonAsync<JsonElement>("/api/matchmaking/profile", Ct)).GetProperty("needHs").EnumerateArray().Select(c => c.GetString()));

        // A code the text does not name, or a decision without its fields, is refused with the field named.
        var notRead = await chinese.PostAsJsonAsync("/api/matchmaking/read-products", new { offered = true, hs = "0902", decision = "Remove" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notRead.StatusCode);
        Assert.Contains("并非从该文字中读出", (await notRead.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("hs")[0].GetString(), StringComparison.Ordinal);
        var missing = await english.PostAsJsonAsync("/api/matchmaking/read-products", new { hs = "0901" }, Ct);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("offered", out _) && errors.TryGetProperty("decision", out _));
    }

    [Fact]
    public async Task The_profile_page_lists_what_was_read_and_the_admin_removes_it_in_Chinese()
    {
        await using var app = await LianboApp.StartAsync();
        var maker = await app.CreateUserAsync(Roles.Participant, organisation: "Cell Maker");
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(maker).PutAsJsonAsync("/api/matchmaking/profile",
            new { offerText = "LFP battery cells for energy storage", needText = "采购电池级碳酸锂", seeks = "Supplier" }, Ct)).StatusCode);
        var page = await AccountPagesTests.SignedInAsync(app, maker);
        await page.SwitchLanguageAsync("zh-CN", "/matchmaking/profile");

        var html = WebUtility.HtmlDecode(await page.GetStringAsync("/matchmaking/profile", Ct));
        Assert.Contains("从您的文字中读出的产品", html, StringComparison.Ordinal);
        Assert.Contains("data-read=\"offer-850760\"", html, StringComparison.Ordinal);
        Assert.Contains("“<span lang=\"en\">LFP battery</span>”", html, StringComparison.Ordinal);
        Assert.Contains("data-read=\"need-283691\"", html, StringComparison.Ordinal);
        Assert.Contains("“<span lang=\"zh-CN\">电池级碳酸锂</span>”", html, StringComparison.Ordinal);

        var posted = await page.PostFormAsync("/matchmaking/profile", "read-products", ("Form.Choice", "Remove|need|283691"));
        var after = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync(Ct));
        Assert.Contains("已移除 HS 283691", after, StringComparison.Ordinal);
        Assert.Contains("<tr data-read=\"need-283691\" class=\"removed\">", after, StringComparison.Ordinal);
        Assert.Contains("id=\"restore-need-283691\"", after, StringComparison.Ordinal);

        // Saving new texts reads them again on the same page.
        var resaved = await page.PostFormAsync("/matchmaking/profile", "match-profile",
            ("Form.OfferText", "LFP battery cells for energy storage"), ("Form.NeedText", "采购单水氢氧化锂"), ("Form.Seeks", "Supplier"));
        var reread = WebUtility.HtmlDecode(await resaved.Content.ReadAsStringAsync(Ct));
        Assert.Contains("data-read=\"need-282520\"", reread, StringComparison.Ordinal);
        Assert.DoesNotContain("data-read=\"need-283691\"", reread, StringComparison.Ordinal);
    }
}
