using Lianbo.Core.Accounts;
using Lianbo.Web.Tests.Accounts;

namespace Lianbo.Web.Tests.Browser;

/// <summary>The annual report's page in Chromium: the link to it, a build asked for with the form, followed and previewed in its frame.</summary>
public class ReportsBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_analyst_builds_the_report_on_the_page_and_previews_it_in_its_sandboxed_frame()
    {
        await using var session = await BrowserSession.StartAsync(Ct);
        var page = session.Page;
        var errors = session.CollectPageErrors();
        var analyst = await session.Services.CreateUserAsync(Roles.Analyst);
        await session.SignInAsync(analyst.Email, TestAccounts.Password);

        var link = await page.EvaluateExpressionAsync<string>("document.querySelector('#account-menu #nav-reports')?.getAttribute('href') ?? ''");
        await PageChecks.OpenAsync(session, "/reports", "en");
        await page.EvaluateExpressionAsync("document.querySelector('#report-year').value = '2024'");
        await page.SelectAsync("#report-lang", "en");
        await page.SelectAsync("#report-format", "html");
        await session.ClickAndWaitAsync("#report-build");
        var afterPost = page.Url;

        // The page reloads itself every 3 s while the build waits or runs; it is looked at again until the build is done.
        string status = "";
        for (var i = 0; i < 120 && status is not ("Done" or "Failed"); i++)
        {
            await Task.Delay(500, Ct);
            await page.GoToAsync(session.Url + "/reports");
            status = await page.EvaluateExpressionAsync<string>("document.querySelector('#reports-table tbody tr')?.dataset.status ?? ''");
        }

        await session.ClickAndWaitAsync("#reports-table a.report-preview");
        var frame = await page.WaitForSelectorAsync("#report-frame");
        var sandbox = await page.EvaluateExpressionAsync<string>("document.querySelector('#report-frame').getAttribute('sandbox')");
        var content = await (await frame.ContentFrameAsync()).GetContentAsync();

        Assert.Equal("/reports", link);
        Assert.Equal(session.Url + "/reports", afterPost);
        Assert.Equal("Done", status);
        Assert.Equal("", sandbox);
        Assert.Contains("2024", content, StringComparison.Ordinal);
        Assert.Empty(errors);
    }
}
