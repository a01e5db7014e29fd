using System.Net;
using System.Net.Sockets;
using Lianbo.Core.Tests;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Builder;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>
/// The app on a free local port over a SQLite store of its own (as a first start leaves it), and a page in headless
/// Chromium (Debian's, or LIANBO_TEST_BROWSER); the test is skipped, with the reason, when there is no Chromium.
/// One Chromium serves the whole test run (it takes a second or two of CPU to start, and a run opens a few dozen
/// sessions); each session has a browser context of its own, with its own cookies, storage and cache, as a new
/// browser would, closed with the session.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string BrowserVariable = "LIANBO_TEST_BROWSER";

    private readonly WebApplication _app;
    private readonly IBrowserContext _context;

    private BrowserSession(TestStore store, WebApplication app, IBrowserContext context, IPage page, string url) =>
        (Store, _app, _context, Page, Url) = (store, app, context, page, url);

    public TestStore Store { get; }
    public IPage Page { get; }

    /// <summary>The app's services, for loading data the way the command-line tool does on the server.</summary>
    public IServiceProvider Services => _app.Services;
    public string Url { get; }

    /// <param name="demo">Load the demo editions, as the run command does on a fresh store.</param>
    public static async Task<BrowserSession> StartAsync(CancellationToken ct, bool demo = false)
    {
        var chromium = Environment.GetEnvironmentVariable(BrowserVariable) ?? "/usr/bin/chromium";
        Assert.SkipUnless(File.Exists(chromium), $"Browser tests need Debian's Chromium at {chromium} (or {BrowserVariable}); the README's test command installs it.");
        var store = await TestStore.CreatePreparedAsync("sqlite");
        var url = $"http://127.0.0.1:{FreePort()}";
        var app = LianboWebApp.Build([$"--Lianbo:Url={url}", $"--Lianbo:DataDirectory={store.Directory}", $"--Lianbo:LoadDemoOnFreshStore={demo}", "--Lianbo:LoadOpenData=false"]);
        await app.Services.InitialiseStoresAsync(ct);
        await app.StartAsync(ct);
        var context = await (await Chromium.GetOrAdd(chromium, LaunchAsync).Value).CreateBrowserContextAsync();
        var page = await context.NewPageAsync();
        await page.SetExtraHttpHeadersAsync(new Dictionary<string, string> { ["Accept-Language"] = "en-US,en" });
        return new BrowserSession(store, app, context, page, url);
    }

    // One Chromium per executable and test process, closed (and its profile removed) when the run ends.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<IBrowser>>> Chromium = new();

    private static Lazy<Task<IBrowser>> LaunchAsync(string chromium) => new(async () =>
    {
        var profile = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "lianbo-chromium-" + Guid.NewGuid().ToString("N"))).FullName;
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
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
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().GetAwaiter().GetResult();
            Directory.Delete(profile, recursive: true);
        };
        return browser;
    });

    /// <summary>Clicks something that loads a new document (a form's button, or a link that bypasses enhanced navigation) and waits for it.</summary>
    /// <summary>
    /// From now on, the page's script errors and console errors, collected in the list returned. The app has no favicon:
    /// the browser's own request for it is not an error of the page.
    /// </summary>
    public List<string> CollectPageErrors()
    {
        var errors = new List<string>();
        Page.PageError += (_, e) => errors.Add(e.Message);
        Page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error && e.Message.Location?.URL?.EndsWith("/favicon.ico", StringComparison.Ordinal) != true)
            {
                errors.Add($"{e.Message.Text} {e.Message.Location?.URL}");
            }
        };
        return errors;
    }

    public Task ClickAndWaitAsync(string selector) => Task.WhenAll(Page.WaitForNavigationAsync(), Page.ClickAsync(selector));

    /// <summary>Signs in through the login page (after signing out whoever was signed in).</summary>
    public async Task SignInAsync(string email, string password)
    {
        if (await Page.QuerySelectorAsync("#sign-out") is not null)
        {
            // The button is in the account's menu, which may be closed: pressed by script, as a person would after opening it.
            await Task.WhenAll(Page.WaitForNavigationAsync(), Page.EvaluateExpressionAsync("document.querySelector('#sign-out').click()"));
        }

        await Page.GoToAsync(Url + "/account/login");
        await Page.TypeAsync("#email", email);
        await Page.TypeAsync("#password", password);
        await ClickAndWaitAsync("main form button[type=submit]");
    }

    public Task<string> TextAsync(string selector) =>
        Page.EvaluateFunctionAsync<string>("s => document.querySelector(s).textContent.trim()", selector);

    public async ValueTask DisposeAsync()
    {
        await Page.DisposeAsync();
        await _context.CloseAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
