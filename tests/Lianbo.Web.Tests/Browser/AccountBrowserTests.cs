using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Lianbo.Core.Tests;
using Lianbo.Web.Platform;
using Lianbo.Web.Tests.Accounts;
using Microsoft.AspNetCore.Builder;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>A participant's first visit, in Debian's Chromium against the app on a real port.</summary>
public class AccountBrowserTests
{
    [Fact]
    public async Task A_participant_registers_confirms_signs_in_switches_to_Chinese_and_creates_and_revokes_a_token()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var (page, url) = (session.Page, session.Url);
        const string email = "lin@example.com", password = "a long enough passphrase";

        // Register a participant with a new organisation in China.
        await page.GoToAsync(url + "/account/register");
        await page.TypeAsync("#email", email);
        await page.TypeAsync("#password", password);
        await page.TypeAsync("#display-name", "Lin Wei");
        await page.TypeAsync("#organisation-name-en", "Suzhou Cathode Materials");
        await page.TypeAsync("#organisation-name-zh", "苏州正极材料");
        await page.SelectAsync("#country", "CHN");
        await page.ClickAsync("#accept-privacy");
        await session.ClickAndWaitAsync("main form button[type=submit]");
        Assert.Contains(email, await session.TextAsync("#registered"));

        // The confirmation link arrives by e-mail (the pickup folder) and confirms the address.
        var link = MailFolder.Link(session.Store.Directory, email, "/account/confirm?");
        Assert.StartsWith(url, link);
        await page.GoToAsync(link);
        Assert.NotEmpty(await session.TextAsync("#confirmed"));

        // Signing in leads to the account page.
        await page.GoToAsync(url + "/account/login");
        await page.TypeAsync("#email", email);
        await page.TypeAsync("#password", password);
        await session.ClickAndWaitAsync("main form button[type=submit]");
        Assert.Equal(url + "/account", page.Url);
        Assert.Equal("My account", await session.TextAsync("h1"));
        Assert.Equal("Lin Wei", await session.TextAsync("#display-name"));

        // 简体中文: the account page comes back in Chinese.
        await session.ClickAndWaitAsync("#lang-zh");
        Assert.Equal(url + "/account", page.Url);
        Assert.Equal("我的账户", await session.TextAsync("h1"));
        Assert.Equal("zh-CN", await page.EvaluateExpressionAsync<string>("document.documentElement.lang"));

        // A read-write token is shown once, right after it is created.
        await page.GoToAsync(url + "/account/tokens");
        await page.TypeAsync("#token-name", "ERP sync");
        await page.SelectAsync("#token-scope", "ReadWrite");
        await session.ClickAndWaitAsync("#create-token button[type=submit]");
        var token = await session.TextAsync("#new-token");
        Assert.StartsWith("lb_", token);
        await page.GoToAsync(url + "/account/tokens");
        Assert.Null(await page.QuerySelectorAsync("#new-token"));
        Assert.DoesNotContain(token, await page.GetContentAsync());

        // The token works for the API, and the account kept the language chosen in the page.
        using var api = new HttpClient { BaseAddress = new Uri(url) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var me = await api.GetAsync("/api/me", ct))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            using var body = JsonDocument.Parse(await me.Content.ReadAsStringAsync(ct));
            Assert.Equal(email, body.RootElement.GetProperty("email").GetString());
            Assert.Equal("zh-CN", body.RootElement.GetProperty("preferredCulture").GetString());
        }

        // Revoked in the page, it no longer opens the API.
        await session.ClickAndWaitAsync("button[name=RevokeId]");
        Assert.Contains("ERP sync", await session.TextAsync("#tokens-message"));
        Assert.Null(await page.QuerySelectorAsync("button[name=RevokeId]"));
        using (var me = await api.GetAsync("/api/me", ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }
    }
}
