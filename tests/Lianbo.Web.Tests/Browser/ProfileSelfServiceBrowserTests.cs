using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>
/// An organisation's admin describes what it offers in Debian's Chromium: HS products found by a search in English on a
/// desktop and in Chinese on a 390 px phone, the organiser's items kept and marked; then its logo, a bad file refused.
/// </summary>
public class ProfileSelfServiceBrowserTests
{
    [Fact]
    public async Task An_admin_picks_products_by_searching_in_English_and_in_Chinese_on_a_phone_and_uploads_a_logo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var page = session.Page;
        var admin = await session.Services.CreateUserAsync(Roles.Participant, organisation: "Hangzhou EV Works", isPublic: true);
        var organisation = admin.OrganisationId!.Value;
        await using (var scope = session.Services.CreateAsyncScope())
        {
            // What the organiser's exhibitor data says.
            var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
            db.OrganisationProducts.Add(new OrganisationProduct { OrganisationId = organisation, Hs = "870380" });
            db.OrganisationStages.Add(new OrganisationStage { OrganisationId = organisation, ChainId = "smart-vehicles", StageId = "vehicles" });
            await db.SaveChangesAsync(ct);
        }

        await session.SignInAsync(admin.Email, TestAccounts.Password);

        // English, desktop: search by a word, tick a match, tick a stage, save.
        await page.GoToAsync(session.Url + "/matchmaking/profile");
        await page.TypeAsync("#hs-search", "lithium-ion");
        await session.ClickAndWaitAsync("#hs-search-button");
        var englishMatch = await session.TextAsync("#offered-products tr[data-hs='850760']");
        var organiserBox = await page.EvaluateExpressionAsync<bool>("document.querySelector(\"#offered-products tr[data-hs='870380'] input\").disabled");
        await page.ClickAsync("#offer-hs-850760");
        await page.ClickAsync("#offer-stages input[value='smart-vehicles/traction-batteries-and-electric-drive']");
        await session.ClickAndWaitAsync("#save-offers");
        var savedEnglish = await session.TextAsync("#offers-saved");
        var setBy = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#offered-products tr')].slice(1).map(r => r.dataset.hs + ':' + r.dataset.setBy)");

        // 简体中文 on a phone: search by a Chinese word, tick the first match not yet chosen, save; the page fits.
        // The language is switched first: on a phone the switch sits behind the menu button.
        await session.ClickAndWaitAsync("#lang-zh");
        await page.SetViewportAsync(new ViewPortOptions { Width = 390, Height = 844 });
        await page.TypeAsync("#hs-search", "锂");
        await session.ClickAndWaitAsync("#hs-search-button");
        var chineseCode = await page.EvaluateExpressionAsync<string>("document.querySelector(\"#offered-products tr[data-set-by='none']\").dataset.hs");
        var chineseName = await session.TextAsync($"#offered-products tr[data-hs='{chineseCode}'] td:nth-child(3)");
        var organiserBadge = await session.TextAsync("#offered-products tr[data-hs='870380'] .badge");
        var ownBadge = await session.TextAsync("#offered-products tr[data-hs='850760'] .badge");
        var widths = await page.EvaluateExpressionAsync<double[]>(
            "['#hs-search', '#hs-search-button', '#save-offers'].map(s => document.querySelector(s).getBoundingClientRect().right)");
        await page.ClickAsync($"#offer-hs-{chineseCode}");
        await session.ClickAndWaitAsync("#save-offers");
        var savedChinese = await session.TextAsync("#offers-saved");

        // The logo: a text file named like a PNG is refused in Chinese; a real PNG is shown.
        var directory = Directory.CreateTempSubdirectory("lianbo-logo-");
        var fake = Path.Combine(directory.FullName, "logo.png");
        var real = Path.Combine(directory.FullName, "real.png");
        await File.WriteAllTextAsync(fake, "not an image", ct);
        await File.WriteAllBytesAsync(real, OrganisationProfileApiTests.Png, ct);
        await page.GoToAsync(session.Url + "/organisation");
        await (await page.QuerySelectorAsync("#logo-file")).UploadFileAsync(fake);
        await session.ClickAndWaitAsync("#logo-upload");
        var refused = await session.TextAsync("#organisation .field-error[data-field=logo], .field-error[data-field=logo]");
        await (await page.QuerySelectorAsync("#logo-file")).UploadFileAsync(real);
        await session.ClickAndWaitAsync("#logo-upload");
        await page.WaitForFunctionAsync("() => document.querySelector('#logo-image')?.complete");
        var logoWidth = await page.EvaluateExpressionAsync<int>("document.querySelector('#logo-image').naturalWidth");
        directory.Delete(recursive: true);

        await using var check = session.Services.CreateAsyncScope();
        var store = check.ServiceProvider.GetRequiredService<LianboDbContext>();
        var products = await store.OrganisationProducts.AsNoTracking().Where(p => p.OrganisationId == organisation).OrderBy(p => p.Hs)
            .Select(p => new { p.Hs, p.SetByParticipant }).ToListAsync(ct);
        var stages = await store.OrganisationStages.AsNoTracking().Where(s => s.OrganisationId == organisation).OrderBy(s => s.StageId)
            .Select(s => new { s.StageId, s.SetByParticipant }).ToListAsync(ct);

        Assert.Contains("lithium-ion", englishMatch, StringComparison.OrdinalIgnoreCase);
        Assert.True(organiserBox, "the organiser's item cannot be unticked by the organisation");
        Assert.StartsWith("What your organisation offers is saved", savedEnglish, StringComparison.Ordinal);
        Assert.Contains("850760:participant", setBy);
        Assert.Contains("870380:organiser", setBy);
        Assert.Contains("锂", chineseName, StringComparison.Ordinal);
        Assert.Equal(("主办方设定", "机构自行添加"), (organiserBadge, ownBadge));
        Assert.All(widths, right => Assert.True(right <= 390, $"a control ends at {right} px on a 390 px screen"));
        Assert.StartsWith("贵机构的供给已保存", savedChinese, StringComparison.Ordinal);
        Assert.Equal(
            [new { Hs = "850760", SetByParticipant = true }, new { Hs = "870380", SetByParticipant = false }, new { Hs = chineseCode, SetByParticipant = true }],
            products.OrderBy(p => p.Hs == chineseCode ? 1 : 0).ThenBy(p => p.Hs, StringComparer.Ordinal));
        Assert.Equal([new { StageId = "traction-batteries-and-electric-drive", SetByParticipant = true }, new { StageId = "vehicles", SetByParticipant = false }], stages);
        Assert.Equal("标志必须是 PNG、JPEG 或 WebP 图片；无论文件名如何，此文件都不是这三种格式", refused);
        Assert.Equal(4, logoWidth);
    }
}
