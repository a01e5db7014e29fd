using System.Text.Json;
using Lianbo.Web.Tests.Accounts;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>
/// The main pages on a phone (390 px) and a desktop (1400 px), in English and Chinese: never wider than the window,
/// the menu behind a button on the phone, and an organiser's whole menu (every role) on one line on the desktop.
/// </summary>
public class LayoutBrowserTests
{
    private static readonly ViewPortOptions Phone = new() { Width = 390, Height = 844, DeviceScaleFactor = 1 };
    private static readonly ViewPortOptions Desktop = new() { Width = 1400, Height = 900, DeviceScaleFactor = 1 };

    private static string[] MainPages(int edition) =>
    [
        "/", "/expo", $"/expo/{edition}", $"/expo/{edition}/exhibitors", "/chains", "/chains/smart-vehicles", "/countries", "/trade", "/indices",
        "/scenarios", "/matchmaking", "/meetings", "/account", $"/expo/{edition}/manage", $"/expo/{edition}/manage/venue",
        $"/expo/{edition}/manage/exhibitors", $"/expo/{edition}/manage/records", $"/expo/{edition}/manage/programmes", $"/expo/{edition}/schedule", "/audit", "/users",
    ];

    [Fact]
    public async Task Every_main_page_fits_a_phone_and_a_desktop_and_the_organisers_menu_is_one_line_at_1400_px()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct, demo: true);
        var page = session.Page;
        var edition = await PageChecks.NewestEditionAsync(session.Services);

        // Signed out first: the sign-in page and the home page, whose menu has the sign-in links.
        foreach (var language in new[] { "en", "zh" })
        {
            foreach (var path in new[] { "/", "/account/login", "/account/register" })
            {
                await page.SetViewportAsync(Phone);
                await PageChecks.OpenAsync(session, path, language);
                await PageChecks.AssertFitsAsync(page, $"{path} ({language}, 390 px, signed out)");
            }
        }

        // Every page in both languages at both widths, each problem listed, then the verdict.
        var organiser = await PageChecks.OrganiserWithEveryRoleAsync(session.Services);
        await session.SignInAsync(organiser.Email, TestAccounts.Password);
        var problems = new List<string>();
        foreach (var language in new[] { "en", "zh" })
        {
            foreach (var path in MainPages(edition))
            {
                await page.SetViewportAsync(Desktop);
                await PageChecks.OpenAsync(session, path, language);
                problems.Add(await PageChecks.WiderThanWindowAsync(page, $"{path} ({language}, 1400 px)") ?? "");
                var lines = await MenuLinesAsync(page);
                if (lines.Length != 1)
                {
                    // A picture of the header to see why, kept after the test.
                    var picture = Path.Combine(Path.GetTempPath(), $"lianbo-menu-{language}-{Guid.NewGuid():N}.png");
                    await page.ScreenshotAsync(picture, new ScreenshotOptions { Clip = new PuppeteerSharp.Media.Clip { X = 0, Y = 0, Width = 1400, Height = 200 } });
                    problems.Add($"{path} ({language}, 1400 px): the menu takes {lines.Length} lines: {string.Join(" / ", lines)} (picture: {picture})");
                }

                await page.SetViewportAsync(Phone);
                await page.ReloadAsync();
                problems.Add(await PageChecks.WiderThanWindowAsync(page, $"{path} ({language}, 390 px)") ?? "");
            }
        }

        problems.RemoveAll(p => p.Length == 0);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task On_a_phone_the_menu_opens_behind_a_button_that_says_whether_it_is_open()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var page = session.Page;
        var organiser = await PageChecks.OrganiserWithEveryRoleAsync(session.Services);
        await session.SignInAsync(organiser.Email, TestAccounts.Password);
        await page.SetViewportAsync(Phone);
        await PageChecks.OpenAsync(session, "/", "zh");

        Assert.Equal("false", await page.EvaluateExpressionAsync<string>("document.querySelector('#menu-button').getAttribute('aria-expanded')"));
        Assert.False(await VisibleAsync(page, "#nav-trade"));
        await page.ClickAsync("#menu-button");
        Assert.Equal("true", await page.EvaluateExpressionAsync<string>("document.querySelector('#menu-button').getAttribute('aria-expanded')"));
        Assert.True(await VisibleAsync(page, "#nav-trade"));
        Assert.True(await VisibleAsync(page, "#lang-en"));
        await PageChecks.AssertFitsAsync(page, "/ (zh, 390 px, menu open)");
        if (Environment.GetEnvironmentVariable(ScreenshotTests.FolderVariable) is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(Path.Combine(Directory.CreateDirectory(folder).FullName, "menu-zh-phone.png"));
        }

        // The organiser's pages are a menu of their own inside it, opened without a script (a <details>).
        Assert.False(await VisibleAsync(page, "#nav-audit"));
        await page.ClickAsync("#organiser-menu summary");
        Assert.True(await VisibleAsync(page, "#nav-audit"));
        await session.ClickAndWaitAsync("#nav-audit");
        Assert.EndsWith("/audit", page.Url, StringComparison.Ordinal);
        Assert.Equal("false", await page.EvaluateExpressionAsync<string>("document.querySelector('#menu-button').getAttribute('aria-expanded')"));

        // On a desktop there is no button: the menu is shown as it is.
        await page.SetViewportAsync(Desktop);
        Assert.False(await VisibleAsync(page, "#menu-button"));
        Assert.True(await VisibleAsync(page, "#nav-trade"));
    }

    private static Task<bool> VisibleAsync(IPage page, string selector) =>
        page.EvaluateFunctionAsync<bool>("s => { const e = document.querySelector(s); return !!e && e.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }); }", selector);

    /// <summary>The header's items grouped by the line they are on (by their vertical middles), each line's texts joined.</summary>
    private static async Task<string[]> MenuLinesAsync(IPage page)
    {
        var lines = await page.EvaluateFunctionAsync<JsonElement>("""
            () => {
                const items = [...document.querySelectorAll('header.top .brand, header.top nav a, header.top .user > a, header.top .user > details > summary, header.top .lang button')]
                    .filter(e => e.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }));
                const lines = [];
                for (const e of items) {
                    const r = e.getBoundingClientRect(), middle = (r.top + r.bottom) / 2;
                    let line = lines.find(l => Math.abs(l.middle - middle) < 12);
                    if (!line) { line = { middle, texts: [] }; lines.push(line); }
                    line.texts.push(e.textContent.trim());
                }
                return lines.map(l => l.texts.join(' | '));
            }
            """);
        return [.. lines.EnumerateArray().Select(l => l.GetString()!)];
    }
}
