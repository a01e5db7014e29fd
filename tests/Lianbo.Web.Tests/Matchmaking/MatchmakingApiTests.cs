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
