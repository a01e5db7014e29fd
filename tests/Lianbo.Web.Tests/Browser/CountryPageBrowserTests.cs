namespace Lianbo.Web.Tests.Browser;

/// <summary>The country page in Debian's Chromium against the app on a real port.</summary>
public class CountryPageBrowserTests
{
    [Fact]
    public async Task A_visitor_switches_to_Chinese_and_finds_China()
    {
        await using var session = await BrowserSession.StartAsync(TestContext.Current.CancellationToken);
        var page = session.Page;

        await page.GoToAsync(session.Url + "/countries");
        Assert.Equal("Countries and territories", await Text(session, "h1"));

        await session.ClickAndWaitAsync("#lang-zh");
        Assert.Equal("国家和地区", await Text(session, "h1"));

        await page.TypeAsync("input[name=q]", "中国");
        await session.ClickAndWaitAsync("form.filters button[type=submit]");
        var names = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('td .name')].map(e => e.textContent)");
        Assert.Contains("中国", names);
        Assert.Contains("中国香港", names);

        // The choice is remembered: a fresh visit to another page comes in Chinese too.
        await page.GoToAsync(session.Url + "/");
        Assert.Equal("zh-CN", await page.EvaluateExpressionAsync<string>("document.documentElement.lang"));
    }

    private static Task<string> Text(BrowserSession session, string selector) =>
        session.Page.EvaluateFunctionAsync<string>("s => document.querySelector(s).textContent.trim()", selector);
}
