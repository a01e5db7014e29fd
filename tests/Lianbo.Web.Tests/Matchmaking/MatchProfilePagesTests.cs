using System.Net;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Matchmaking;

/// <summary>The match profile page over HTTP: who may save, who only reads, and the organiser's <c>?organisation=</c>.</summary>
public class MatchProfilePagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_member_who_is_not_the_admin_sees_the_profile_read_only_and_cannot_save_it(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var admin = await app.CreateUserAsync(Roles.Participant, organisation: "Qingdao Cold Chain");
        var member = await app.CreateUserAsync(Roles.Participant);
        var organisation = admin.OrganisationId!.Value;
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            db.OrganisationProducts.Add(new Core.Expo.OrganisationProduct { OrganisationId = organisation, Hs = "841861" });
            db.OrganisationStages.Add(new Core.Expo.OrganisationStage { OrganisationId = organisation, ChainId = "green-agriculture", StageId = "cold-chain-and-distribution" });
            await db.Users.Where(u => u.Id == member.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.OrganisationId, organisation), Ct);
            return await db.SaveChangesAsync(Ct);
        });
        var memberPage = await AccountPagesTests.SignedInAsync(app, member);
        var adminPage = await AccountPagesTests.SignedInAsync(app, admin);

        var seen = WebUtility.HtmlDecode(await memberPage.GetStringAsync("/matchmaking/profile", Ct));
        var posted = await memberPage.PostFormAsync("/matchmaking/profile", "match-profile", ("Form.NeedHs", "8418"), ("Form.Seeks", "Supplier"));
        var refusal = await posted.HtmlAsync();
        var stored = await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().MatchProfiles.AnyAsync(p => p.OrganisationId == organisation, Ct));
        var adminSees = await adminPage.GetStringAsync("/matchmaking/profile", Ct);

        Assert.Contains("id=\"profile-read-only\"", seen, StringComparison.Ordinal);
        Assert.Contains("<fieldset class=\"profile-fields\" disabled", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"save-profile\"", seen, StringComparison.Ordinal);
        Assert.Contains("data-hs=\"841861\"", seen, StringComparison.Ordinal);
        Assert.Contains("Heat pumps; other than air conditioning machines", seen, StringComparison.Ordinal);
        Assert.Contains("data-stage=\"green-agriculture/cold-chain-and-distribution\"", seen, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Matches("id=\"profile-refused\">Only the organisation's admin \\(or an organiser\\) changes its match profile", refusal);
        Assert.DoesNotContain("id=\"profile-saved\"", refusal, StringComparison.Ordinal);
        Assert.False(stored);
        Assert.DoesNotContain("id=\"profile-read-only\"", adminSees, StringComparison.Ordinal);
        Assert.Contains("id=\"save-profile\"", adminSees, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_organiser_saves_any_organisations_profile_and_other_organisations_cannot_open_it(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var admin = await app.CreateUserAsync(Roles.Participant, organisation: "Xiamen Solar");
        var outsider = await app.CreateUserAsync(Roles.Participant, organisation: "Other Works");
        var organiser = AccountPagesTests.Browser(app, "zh-CN");
        await organiser.SignInAsync((await app.CreateUserAsync(Roles.Organiser)).Email, "correct horse battery staple");
        var path = $"/matchmaking/profile?organisation={admin.OrganisationId}";

        var refused = await (await organiser.PostFormAsync(path, "match-profile", ("Form.NeedHs", "8599"), ("Form.TargetCountries", "XXA"))).HtmlAsync();
        var saved = await (await organiser.PostFormAsync(path, "match-profile",
            ("Form.NeedHs", "2804 ，381800"), ("Form.NeedText", "高纯多晶硅"), ("Form.Seeks", "Supplier"), ("Form.Seeks", "Research"), ("Form.TargetRegions", "142"))).HtmlAsync();
        var profile = await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().MatchProfiles.AsNoTracking().SingleAsync(p => p.OrganisationId == admin.OrganisationId, Ct));
        var foreign = WebUtility.HtmlDecode(await (await AccountPagesTests.SignedInAsync(app, outsider)).GetStringAsync(path, Ct));
        var noOrganisation = WebUtility.HtmlDecode(await organiser.GetStringAsync("/matchmaking/profile", Ct));

        Assert.Matches("data-field=\"needHs\">“8599”不是 HS 编码", refused);
        Assert.Matches("data-field=\"targetCountries\">“XXA”不是", refused);
        Assert.Contains("id=\"profile-saved\"", saved, StringComparison.Ordinal);
        Assert.Contains("匹配档案已保存", saved, StringComparison.Ordinal);
        Assert.Contains("value=\"2804, 381800\"", saved, StringComparison.Ordinal);
        Assert.Equal(("2804,381800", "高纯多晶硅", "142"), (profile.NeedHs, profile.NeedText, profile.TargetRegions));
        Assert.Equal(Lianbo.Matching.PartnerTypes.Supplier | Lianbo.Matching.PartnerTypes.Research, profile.Seeks);
        Assert.Contains("id=\"profile-problem\">You can see recommendations for your own organisation only.", foreign, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"profile-form\"", foreign, StringComparison.Ordinal);
        Assert.Contains("id=\"profile-problem\">您不属于任何机构", noOrganisation, StringComparison.Ordinal);
    }
}
