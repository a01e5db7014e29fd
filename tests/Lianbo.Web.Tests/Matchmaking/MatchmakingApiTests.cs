using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Expo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Matchmaking;

public class MatchmakingApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_carmaker_gets_upstream_battery_and_chip_suppliers_with_reasons_in_its_language()
    {
        await using var app = await ExpoApiTests.StartWithDemoAsync();
        var user = await app.CreateUserAsync(Roles.Participant);
        // The user works for Xpeng (a demo exhibitor in the vehicles stage).
        var xpeng = await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            var id = await db.Organisations.Where(o => o.NameEn == "Xpeng").Select(o => o.Id).SingleAsync(Ct);
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.OrganisationId, id), Ct);
            return id;
        });
        var english = app.ClientFor(user);
        var chinese = app.ClientFor(user);
        chinese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var en = await english.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations?limit=10", Ct);
        var zh = await chinese.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations?limit=10", Ct);
        var bad = await english.GetAsync("/api/matchmaking/recommendations?limit=0", Ct);

        Assert.Equal(10, en!.Count);
        Assert.DoesNotContain(en, r => r.GetProperty("organisationId").GetGuid() == xpeng);
        Assert.True(en.Zip(en.Skip(1)).All(p => p.First.GetProperty("score").GetDouble() >= p.Second.GetProperty("score").GetDouble()));
        var reasons = en.SelectMany(r => r.GetProperty("reasons").EnumerateArray()).ToList();
        Assert.Contains(reasons, r => r.GetProperty("kind").GetString() == "UpstreamOfYou" && r.GetProperty("text").GetString()!.StartsWith("upstream of you", StringComparison.Ordinal));
        Assert.Contains(zh!.SelectMany(r => r.GetProperty("reasons").EnumerateArray()), r => r.GetProperty("text").GetString()!.Contains("上游", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("limit", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The same recommendations on the page, with their reasons.
        var page = await AccountPagesTests.SignedInAsync(app, user);
        var html = WebUtility.HtmlDecode(await page.GetStringAsync("/matchmaking", Ct));
        Assert.Contains(en[0].GetProperty("nameEn").GetString()!, html, StringComparison.Ordinal);
        Assert.Contains("upstream of you", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountPagesTests.Browser(app).GetAsync("/matchmaking", Ct)).StatusCode);
    }
}

public class MatchProfileApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_saved_profile_changes_the_recommendations_at_once_and_bad_fields_are_named(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var buyer = await app.CreateUserAsync(Roles.Participant, organisation: "EV Maker");
        var seller = await app.CreateUserAsync(Roles.Participant, organisation: "Cell Maker", isPublic: true);
        var client = app.ClientFor(buyer);
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            db.OrganisationProducts.Add(new Lianbo.Core.Expo.OrganisationProduct { OrganisationId = seller.OrganisationId!.Value, Hs = "850760" });
            return await db.SaveChangesAsync(Ct);
        });

        var before = await client.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations", Ct);
        var saved = await client.PutAsJsonAsync("/api/matchmaking/profile", new { needHs = new[] { "8507" }, needText = "动力电池电芯", seeks = "Supplier" }, Ct);
        var after = await client.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations", Ct);
        var bad = await client.PutAsJsonAsync("/api/matchmaking/profile", new { needHs = new[] { "0199", "85x" }, needStages = new[] { "smart-vehicles/nowhere" }, targetCountries = new[] { "XXA" } }, Ct);
        var body = await bad.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Empty(before!);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var match = Assert.Single(after!);
        Assert.Equal(seller.OrganisationId, match.GetProperty("organisationId").GetGuid());
        Assert.Contains(match.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("kind").GetString() == "SuppliesProduct");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(2, body.GetProperty("errors").GetProperty("needHs").GetArrayLength());
        Assert.True(body.GetProperty("errors").TryGetProperty("needStages", out _));
        Assert.True(body.GetProperty("errors").TryGetProperty("targetCountries", out _));
        Assert.Equal(["8507"], (await client.GetFromJsonAsync<JsonElement>("/api/matchmaking/profile", Ct)).GetProperty("needHs").EnumerateArray().Select(c => c.GetString()));
    }
}
