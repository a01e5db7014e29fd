namespace Lianbo.Web.Tests.Browser;

/// <summary>The demo edition's dashboard and directory in Debian's Chromium, in both languages.</summary>
public class ExpoBrowserTests
{
    [Fact]
    public async Task The_dashboard_draws_its_charts_and_the_directory_filters_in_English_and_in_Chinese()
    {
        await using var session = await BrowserSession.StartAsync(TestContext.Current.CancellationToken, demo: true);
        var page = session.Page;
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e.Message);

        await page.GoToAsync(session.Url + "/expo");
        await session.ClickAndWaitAsync("#edition-2 h2 a");
        await page.WaitForSelectorAsync("#zone-chart canvas");
        await page.WaitForSelectorAsync("#compare-chart canvas");
        await page.WaitForSelectorAsync("#exhibitor-map canvas");
        var exhibitors = await session.TextAsync("#fig-exhibitors .value");
        var foreign = await session.TextAsync("#fig-foreign .value");

        await session.ClickAndWaitAsync("#lang-zh");
        await page.WaitForSelectorAsync("#zone-chart canvas");
        var label = await session.TextAsync("#fig-countries .label");
        var agreements = await session.TextAsync("#fig-agreements .value");

        await session.ClickAndWaitAsync("#directory-link");
        await page.TypeAsync("input[name=q]", "博世");
        await session.ClickAndWaitAsync("form.filters button[type=submit]");
        var count = await session.TextAsync("#count");
        var first = await session.TextAsync("#exhibitors tbody tr td a.name");

        await session.ClickAndWaitAsync("#lang-en");
        var english = await session.TextAsync("#exhibitors tbody tr td a.name");

        Assert.Equal(("620", "32%"), (exhibitors, foreign));
        Assert.Equal(("国家、地区和国际组织", "213 · 1,520亿元"), (label, agreements));
        Assert.Equal(("参展商：1 家", "博世"), (count, first));
        Assert.Equal("Bosch", english);
        Assert.Empty(errors);
    }
}
