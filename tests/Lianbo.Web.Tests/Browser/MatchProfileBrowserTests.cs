using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Matching;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Browser;

/// <summary>An organisation's admin fills in the match profile in Debian's Chromium, in English and in Chinese.</summary>
public class MatchProfileBrowserTests
{
    private const string BatteryStage = "smart-vehicles/traction-batteries-and-electric-drive";

    [Fact]
    public async Task An_admin_fills_in_the_profile_in_English_and_in_Chinese_and_sees_a_bad_code_beside_its_field()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var (page, url) = (session.Page, session.Url);
        var admin = await session.Services.CreateUserAsync(Roles.Participant, organisation: "Hangzhou EV Works");
        var cells = await session.Services.CreateUserAsync(Roles.Participant, organisation: "Ningbo Cells", isPublic: true);
        var organisation = admin.OrganisationId!.Value;
        await session.Services.CreateUserAsync(Roles.Participant, organisation: "Unlisted Works");
        await using (var scope = session.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
            db.OrganisationProducts.Add(new OrganisationProduct { OrganisationId = organisation, Hs = "870380" });
            db.OrganisationStages.Add(new OrganisationStage { OrganisationId = organisation, ChainId = "smart-vehicles", StageId = "vehicles" });
            await db.SaveChangesAsync(ct);
        }

        await page.GoToAsync(url + "/account/login");
        await page.TypeAsync("#email", admin.Email);
        await page.TypeAsync("#password", "correct horse battery staple");
        await session.ClickAndWaitAsync("main form button[type=submit]");

        // From the recommendations to the profile: what the expo data says the organisation offers, read-only.
        await page.GoToAsync(url + "/matchmaking");
        await session.ClickAndWaitAsync("#edit-match-profile");
        var offered = await session.TextAsync("#offered-products tr[data-hs='870380']");
        var stage = await session.TextAsync("#offered-stages li");
        var choices = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#excluded option')].map(o => o.textContent.trim())");

        // English: fill in every kind of field and save.
        await FillAsync(session, "#need-hs", "8507, 850760");
        await page.ClickAsync($"input[name='Form.NeedStages'][value='{BatteryStage}']");
        await FillAsync(session, "#need-text", "Lithium-ion traction battery cells and electric drive units");
        await FillAsync(session, "#offer-text", "Electric SUVs, an assembly plant in Hangzhou, joint development");
        await page.ClickAsync("#provides-buyer");
        await page.ClickAsync("#seeks-supplier");
        await page.ClickAsync("#seeks-research");
        await FillAsync(session, "#target-countries", "deu kor");
        await page.ClickAsync("#region-142");
        await page.SelectAsync("#excluded", cells.OrganisationId!.Value.ToString());
        await page.ClickAsync("#accepts-competitors");
        await session.ClickAndWaitAsync("#save-profile");
        var savedEnglish = await session.TextAsync("#profile-saved");
        var link = await page.EvaluateExpressionAsync<string>("document.querySelector('#saved-to-recommendations').getAttribute('href')");
        var needHs = await page.EvaluateExpressionAsync<string>("document.querySelector('#need-hs').value");
        var englishProfile = await ProfileAsync(session, organisation, ct);

        // A code that is no HS 2022 code comes back beside the field, nothing saved.
        await FillAsync(session, "#need-hs", "8507, 8599");
        await session.ClickAndWaitAsync("#save-profile");
        var englishError = await session.TextAsync("#profile-needs .field-error[data-field=needHs]");
        var notSaved = await page.QuerySelectorAsync("#profile-saved");

        // 简体中文: the same page in Chinese, the Chinese error, then a Chinese need text saved.
        await page.GoToAsync(url + "/matchmaking/profile");
        await session.ClickAndWaitAsync("#lang-zh");
        var title = await session.TextAsync("h1");
        var label = await session.TextAsync("#seeks legend");
        await FillAsync(session, "#need-hs", "850760 9899");
        await session.ClickAndWaitAsync("#save-profile");
        var chineseError = await session.TextAsync("#profile-needs .field-error[data-field=needHs]");
        var kept = await page.EvaluateExpressionAsync<string>("document.querySelector('#need-hs').value");
        await FillAsync(session, "#need-hs", "850760");
        await FillAsync(session, "#need-text", "动力电池电芯与电驱动系统");
        await page.ClickAsync("#seeks-research");
        await session.ClickAndWaitAsync("#save-profile");
        var savedChinese = await session.TextAsync("#profile-saved");
        var chineseProfile = await ProfileAsync(session, organisation, ct);

        Assert.Contains("Vehicles; with only electric motor for propulsion", offered, StringComparison.Ordinal);
        Assert.Equal("Smart Vehicles Chain · Vehicles", stage);
        Assert.Equal(["Ningbo Cells"], choices);
        Assert.StartsWith("The match profile is saved", savedEnglish, StringComparison.Ordinal);
        Assert.Equal("/matchmaking", link);
        Assert.Equal("8507, 850760", needHs);
        Assert.Equal(("8507,850760", BatteryStage, "DEU,KOR", "142"), (englishProfile.NeedHs, englishProfile.NeedStages, englishProfile.TargetCountries, englishProfile.TargetRegions));
        Assert.Equal((PartnerTypes.Buyer, PartnerTypes.Supplier | PartnerTypes.Research), (englishProfile.Provides, englishProfile.Seeks));
        Assert.Equal((cells.OrganisationId.ToString(), true), (englishProfile.Excluded, englishProfile.AcceptsCompetitors));
        Assert.Equal("\"8599\" is not an HS code: give 2, 4 or 6 digits", englishError);
        Assert.Null(notSaved);
        Assert.Equal(("我的匹配档案", "贵机构寻找"), (title, label));
        Assert.Equal("“9899”不是 HS 编码：请给出 2、4 或 6 位数字", chineseError);
        Assert.Equal("850760 9899", kept);
        Assert.StartsWith("匹配档案已保存", savedChinese, StringComparison.Ordinal);
        Assert.Equal(("850760", "动力电池电芯与电驱动系统", PartnerTypes.Supplier), (chineseProfile.NeedHs, chineseProfile.NeedText, chineseProfile.Seeks));
        Assert.Equal((BatteryStage, "DEU,KOR", true), (chineseProfile.NeedStages, chineseProfile.TargetCountries, chineseProfile.AcceptsCompetitors));
    }

    // Replaces what a field holds by typing, as a person selects it all and types over it.
    private static async Task FillAsync(BrowserSession session, string selector, string text)
    {
        await session.Page.EvaluateFunctionAsync("s => document.querySelector(s).value = ''", selector);
        await session.Page.TypeAsync(selector, text);
    }

    private static async Task<Core.Matchmaking.MatchProfile> ProfileAsync(BrowserSession session, Guid organisation, CancellationToken ct)
    {
        await using var scope = session.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LianboDbContext>().MatchProfiles.AsNoTracking().SingleAsync(p => p.OrganisationId == organisation, ct);
    }
}
