using Lianbo.Core.Data;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Matchmaking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>The participant directory in Debian's Chromium: in Chinese on a phone (390 px) and in English on a desktop (1400 px).</summary>
public class ParticipantDirectoryBrowserTests
{
    [Fact]
    public async Task A_participant_searches_saves_and_refuses_in_Chinese_on_a_phone_and_in_English_on_a_desktop()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var (page, url) = (session.Page, session.Url);
        var d = await ParticipantDirectoryTests.CreateAsync(session.Services);
        string china, netherlands;
        await using (var scope = session.Services.CreateAsyncScope())
        {
            var countries = scope.ServiceProvider.GetRequiredService<LianboDbContext>().Countries;
            china = await countries.Where(c => c.Iso3 == "CHN").Select(c => c.NameZh).SingleAsync(ct);
            netherlands = await countries.Where(c => c.Iso3 == "NLD").Select(c => c.NameEn).SingleAsync(ct);
        }

        var errors = session.CollectPageErrors();
        await session.SignInAsync(d.Viewer.Email, TestAccounts.Password);

        // 简体中文, 390 px wide: search by the Chinese name, save, find it among the saved, undo.
        // The language is switched first: on a phone the switch sits behind the menu button.
        await page.GoToAsync(url + "/participants");
        await session.ClickAndWaitAsync("#lang-zh");
        await page.SetViewportAsync(new ViewPortOptions { Width = 390, Height = 844, IsMobile = true, DeviceScaleFactor = 1 });
        await page.ReloadAsync();
        var title = await session.TextAsync("h1");
        await page.TypeAsync("#participant-search input[name=q]", "电芯");
        await session.ClickAndWaitAsync("#participant-search button[type=submit]");
        var names = await Texts(page, "#participants .participant .name");
        var country = await session.TextAsync("#participants .participant .country");
        // Nothing of the directory is wider than the phone.
        var widest = await page.EvaluateExpressionAsync<double>(
            "Math.max(...[...document.querySelectorAll('#participant-search, #participants, #participants *')].map(e => e.getBoundingClientRect().right))");
        await session.ClickAndWaitAsync("#participants .participant button.save");
        var savedBadge = await session.TextAsync("#participants .participant .badge.saved");
        await session.ClickAndWaitAsync("#saved-link");
        var savedNames = await Texts(page, "#participants .participant .name");
        await session.ClickAndWaitAsync("#participants .participant button.undo");
        var afterUndo = await page.QuerySelectorAsync("#participants .participant .badge");
        await page.GoToAsync(url + "/participants?marked=Saved");
        var nothingSaved = await session.TextAsync("#participants-empty");

        // English, 1400 px wide: a product search narrowed by country, "not interested", then the organisation's page.
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 900, DeviceScaleFactor = 1 });
        await session.ClickAndWaitAsync("#lang-en");
        await page.GoToAsync(url + "/participants");
        await page.TypeAsync("#participant-search input[name=product]", "8507");
        await session.ClickAndWaitAsync("#participant-search button[type=submit]");
        var byProduct = await Texts(page, "#participants .participant .name");
        await page.SelectAsync("#participant-search select[name=country]", "NLD");
        await session.ClickAndWaitAsync("#participant-search button[type=submit]");
        var byCountry = await Texts(page, "#participants .participant .name");
        var englishCountry = await session.TextAsync("#participants .participant .country");
        await session.ClickAndWaitAsync("#participants .participant button.not-interested");
        var refusedBadge = await session.TextAsync("#participants .participant .badge.refused");
        await session.ClickAndWaitAsync("#participants .participant a.name");
        var heading = await session.TextAsync("h1");
        var meeting = await page.EvaluateExpressionAsync<string>("document.querySelector('.mark-actions a.request-meeting').getAttribute('href')");
        var refusedOnPage = await session.TextAsync(".mark-actions .badge.refused");

        Assert.Equal("参会机构名录", title);
        Assert.Equal(["宁德电芯"], names);
        Assert.Equal(china, country);
        Assert.True(widest <= 390, $"the directory reaches {widest} px on a 390 px screen");
        Assert.Equal("已收藏", savedBadge);
        Assert.Equal(["宁德电芯"], savedNames);
        Assert.Null(afterUndo);
        Assert.StartsWith("还没有收藏", nothingSaved, StringComparison.Ordinal);
        Assert.Equal(["Delft Battery Lab", "Ningde Cells"], byProduct);
        Assert.Equal(["Delft Battery Lab"], byCountry);
        Assert.Equal(netherlands, englishCountry);
        Assert.Equal("Not interested: no longer recommended", refusedBadge);
        Assert.StartsWith("Delft Battery Lab", heading, StringComparison.Ordinal);
        Assert.Equal($"/meetings/new?to={d.Lab}", meeting);
        Assert.Equal(refusedBadge, refusedOnPage);
        Assert.Empty(errors);
    }

    private static Task<string[]> Texts(IPage page, string selector) =>
        page.EvaluateFunctionAsync<string[]>("s => [...document.querySelectorAll(s)].map(e => e.textContent.trim())", selector);
}
