using System.Net;
using System.Net.Sockets;
using Lianbo.Core.Tests;
using Lianbo.Web.Platform;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>The country page in Debian's Chromium against the app on a real port.</summary>
public class CountryPageBrowserTests
{
    private const string BrowserVariable = "LIANBO_TEST_BROWSER";

    [Fact]
    public async Task A_visitor_switches_to_Chinese_and_finds_China()
    {
        var chromium = Environment.GetEnvironmentVariable(BrowserVariable) ?? "/usr/bin/chromium";
        Assert.SkipUnless(File.Exists(chromium), $"Browser tests need Debian's Chromium at {chromium} (or {BrowserVariable}); the README's test command installs it.");
        await using var store = await TestStore.CreateAsync("sqlite");
        var url = $"http://127.0.0.1:{FreePort()}";
        await using var app = LianboWebApp.Build([$"--Lianbo:Url={url}", $"--Lianbo:DataDirectory={store.Directory}"]);
        await app.Services.InitialiseStoresAsync(TestContext.Current.CancellationToken);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var profile = Directory.CreateDirectory(Path.Combine(store.Directory, "chromium-profile")).FullName;
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            UserDataDir = profile,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=en-US",
            ],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetExtraHttpHeadersAsync(new Dictionary<string, string> { ["Accept-Language"] = "en-US,en" });

        await page.GoToAsync(url + "/countries");
        Assert.Equal("Countries and territories", await Text(page, "h1"));

        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("#lang-zh"));
        Assert.Equal("国家和地区", await Text(page, "h1"));

        await page.TypeAsync("input[name=q]", "中国");
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("form.filters button[type=submit]"));
        var names = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('td .name')].map(e => e.textContent)");
        Assert.Contains("中国", names);
        Assert.Contains("中国香港", names);

        // The choice is remembered: a fresh visit to another page comes in Chinese too.
        await page.GoToAsync(url + "/");
        Assert.Equal("zh-CN", await page.EvaluateExpressionAsync<string>("document.documentElement.lang"));
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    private static Task<string> Text(IPage page, string selector) =>
        page.EvaluateFunctionAsync<string>("s => document.querySelector(s).textContent.trim()", selector);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
