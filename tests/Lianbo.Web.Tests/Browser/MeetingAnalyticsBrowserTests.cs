using Lianbo.Core.Accounts;
using Lianbo.Web.Tests.Accounts;

namespace Lianbo.Web.Tests.Browser;

/// <summary>The meeting analytics of the demo's 2nd edition in Debian's Chromium, reached from the dashboard.</summary>
public class MeetingAnalyticsBrowserTests
{
    [Fact]
    public async Task An_organiser_opens_the_analytics_from_the_dashboard_and_sees_the_bars_per_chain_in_both_languages()
    {
        await using var session = await BrowserSession.StartAsync(TestContext.Current.CancellationToken, demo: true);
        var page = session.Page;
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e.Message);
        var organiser = await session.Services.CreateUserAsync(Roles.Organiser);

        await session.SignInAsync(organiser.Email, TestAccounts.Password);
        await page.GoToAsync(session.Url + "/expo/2");
        await session.ClickAndWaitAsync("#meetings-link");
        await page.WaitForSelectorAsync("#zone-meetings-chart canvas");
        var requests = await session.TextAsync("#fig-requests .value");
        var firstPair = await session.TextAsync("#pair-table tbody tr td");

        await session.ClickAndWaitAsync("#lang-zh");
        await page.WaitForSelectorAsync("#zone-meetings-chart canvas");
        var label = await session.TextAsync("#fig-meetings .label");
        var rows = await page.EvaluateFunctionAsync<int>("() => document.querySelectorAll('#exhibitor-table tbody tr').length");

        Assert.Equal(("6,100", "Large firm ↔ SME"), (requests, firstPair));
        Assert.Equal(("已确认洽谈", 50), (label, rows));
        Assert.Empty(errors);
    }
}
