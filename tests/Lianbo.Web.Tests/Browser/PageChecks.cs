using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Expo;
using Lianbo.Core.Tests;
using Lianbo.Web.Tests.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>What the layout and accessibility tests measure on a page in Chromium, and the signed-in organiser they need.</summary>
internal static class PageChecks
{
    /// <summary>
    /// How far the page is wider than the window, and the elements that stick out (those inside a box that scrolls or
    /// clips sideways do not widen the page and are not listed).
    /// </summary>
    public static async Task<(int ScrollWidth, int Width, string[] Wide)> OverflowAsync(IPage page)
    {
        var result = await page.EvaluateFunctionAsync<JsonElement>("""
            () => {
                const width = document.documentElement.clientWidth;
                const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
                const wide = [], anyWide = [];
                for (const el of document.body.querySelectorAll('*')) {
                    const r = el.getBoundingClientRect();
                    if ((r.width === 0 && r.height === 0) || r.right <= width + 1) continue;
                    anyWide.push(describe(el) + ' (right ' + Math.round(r.right) + ' px, in a box that scrolls or clips)');
                    let p = el.parentElement, clipped = false;
                    while (p && p !== document.body) {
                        if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
                        p = p.parentElement;
                    }
                    if (!clipped) wide.push(describe(el) + ' (right ' + Math.round(r.right) + ' px)');
                }
                // Positioned elements escape their scrolling box; when nothing else is found, the widest are named.
                return { scrollWidth: document.documentElement.scrollWidth, width, wide: (wide.length ? wide : anyWide).slice(0, 12) };
            }
            """);
        return (result.GetProperty("scrollWidth").GetInt32(), result.GetProperty("width").GetInt32(),
            [.. result.GetProperty("wide").EnumerateArray().Select(e => e.GetString()!)]);
    }

    /// <summary>Asserts that the page is no wider than the window, naming what sticks out when it is.</summary>
    public static async Task AssertFitsAsync(IPage page, string what)
    {
        var problem = await WiderThanWindowAsync(page, what);
        Assert.True(problem is null, problem);
    }

    /// <summary>Null when the page is no wider than the window; else how much wider, and what sticks out.</summary>
    public static async Task<string?> WiderThanWindowAsync(IPage page, string what)
    {
        var (scrollWidth, width, wide) = await OverflowAsync(page);
        return scrollWidth <= width ? null : $"{what}: the page is {scrollWidth} px wide in a {width} px window; sticking out: {string.Join("; ", wide)}";
    }

    /// <summary>An organiser who is also an analyst and a participant of an organisation: the longest signed-in menu.</summary>
    public static async Task<TestUser> OrganiserWithEveryRoleAsync(IServiceProvider services)
    {
        var user = await services.CreateUserAsync(Roles.Organiser, "Omega Supply Chain Services");
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LianboUser>>();
        var stored = (await users.FindByIdAsync(user.Id))!;
        var added = await users.AddToRolesAsync(stored, [Roles.Analyst, Roles.Participant]);
        Assert.True(added.Succeeded, string.Join("; ", added.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>The newest edition's number (the demo's, in these tests).</summary>
    public static async Task<int> NewestEditionAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ExpoQueries>().EditionsAsync()).First().Number;
    }

    /// <summary>Opens a page in a language (the address's culture, as the screenshots do) and waits for it to load.</summary>
    public static async Task OpenAsync(BrowserSession session, string path, string language)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var response = await session.Page.GoToAsync($"{session.Url}{path}{separator}culture={(language == "zh" ? "zh-CN" : "en")}");
        Assert.True(response.Ok, $"{path} ({language}): HTTP {(int)response.Status}");
    }
}
