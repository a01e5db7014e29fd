using System.IO.Compression;
using Lianbo.Core.Files;
using Lianbo.Web.Tests.Browser;
using Lianbo.Web.Tests.Trade;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Scenarios;

/// <summary>
/// The scenario pages in Debian's Chromium over a generated product-level year and the demo expo: two presets run
/// from /scenarios (the rare-earth export ban, engine 1 only; the two-bloc decoupling, both engines), their permalinks
/// with maps, tables, Sankey and heat map drawn in English and in Chinese, a phone's width without sideways
/// scrolling, the compare page, a refused form, and the downloads.
/// </summary>
public class ScenarioBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth";

    // What sticks out, for the failure message.
    private const string Widest = "[...document.querySelectorAll('body *')].filter(e => !e.parentElement.closest('.scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        + ".slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')";

    [Fact]
    public async Task Presets_run_from_the_page_and_their_permalinks_draw_every_chart_in_both_languages_on_a_phone_too()
    {
        await using var session = await StartAsync();
        var page = session.Page;
        var errors = session.CollectPageErrors();

        await page.GoToAsync(session.Url + "/scenarios");
        Assert.Equal("Scenarios", await session.TextAsync("h1"));
        Assert.Equal("Scenarios", await session.TextAsync("#nav-scenarios"));
        await session.ClickAndWaitAsync("#scenario-rare-earth-export-ban button.run-scenario");
        var rareEarth = page.Url;
        Assert.Matches("/scenarios/runs/[A-Za-z0-9_-]{16}$", rareEarth);
        Assert.Equal("Rare-earth export ban (illustrative)", await session.TextAsync("h1"));
        Assert.Contains("illustrative", await session.TextAsync("#illustrative-note"), StringComparison.Ordinal);
        Assert.Contains("generated", await session.TextAsync("#generated-note"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("DS431", await session.TextAsync("#run-sources"), StringComparison.Ordinal);
        Assert.Contains("Engine 1", await session.TextAsync("#run-method"), StringComparison.Ordinal);
        await RenderedAsync(page, "#unmet-map", "#sankey");
        Assert.True(await CountAsync(page, "#importers-table tbody tr") > 0);
        Assert.True(await CountAsync(page, "#products-table tbody tr") > 0);
        Assert.True(await page.EvaluateExpressionAsync<int>("Number(document.querySelector('#sankey').dataset.links)") > 0);
        var importer = await session.TextAsync("#importers-table tbody tr td");

        await session.ClickAndWaitAsync("#lang-zh");
        Assert.Equal("稀土出口禁令（示意）", await session.TextAsync("h1"));
        Assert.Contains("生成数据", await session.TextAsync("#generated-note"), StringComparison.Ordinal);
        Assert.Equal("情景分析", await session.TextAsync("#nav-scenarios"));
        await RenderedAsync(page, "#unmet-map", "#sankey");
        Assert.NotEqual(importer, await session.TextAsync("#importers-table tbody tr td"));

        // Both engines: the decoupling of the two illustrative blocs, with the demo's exhibitors in the blocs.
        await page.GoToAsync(session.Url + "/scenarios");
        await session.ClickAndWaitAsync("#scenario-two-bloc-decoupling button.run-scenario");
        var decoupling = page.Url;
        Assert.Equal("两大阵营脱钩（示意）", await session.TextAsync("h1"));
        await RenderedAsync(page, "#gdp-map", "#unmet-map", "#sankey", "#heatmap");
        Assert.True(await CountAsync(page, "#gravity-table tbody tr") > 60);
        Assert.Contains("引擎 2", await session.TextAsync("#run-method"), StringComparison.Ordinal);
        var exhibitors = await CountAsync(page, "#exhibitors-hit tbody tr a.alternatives");
        Assert.True(exhibitors > 0 || await page.QuerySelectorAsync("#no-exhibitors-hit") is not null);
        await session.ClickAndWaitAsync("#lang-en");
        await RenderedAsync(page, "#gdp-map", "#heatmap");
        Assert.Equal("Two-bloc decoupling (illustrative)", await session.TextAsync("h1"));

        var compare = $"{session.Url}/scenarios/compare?a={Id(rareEarth)}&b={Id(decoupling)}";
        await page.GoToAsync(compare);
        Assert.Equal("Rare-earth export ban (illustrative)", await session.TextAsync("#side-a h2"));
        Assert.Equal("Two-bloc decoupling (illustrative)", await session.TextAsync("#side-b h2"));
        await RenderedAsync(page, "#gdp-map-b");
        Assert.True(await CountAsync(page, "#compare-a option") >= 3);

        await page.ScreenshotAsync("/tmp/scenario-run-desktop.png", new ScreenshotOptions { FullPage = true });
        await page.SetViewportAsync(new ViewPortOptions { Width = 390, Height = 844, IsMobile = true, DeviceScaleFactor = 1 });
        foreach (var url in new[] { session.Url + "/scenarios", rareEarth, decoupling, compare })
        {
            await page.GoToAsync(url);
            if (url == decoupling)
            {
                await RenderedAsync(page, "#gdp-map", "#heatmap");
                await page.ScreenshotAsync("/tmp/scenario-run-phone.png", new ScreenshotOptions { FullPage = true });
            }

            Assert.True(await page.EvaluateExpressionAsync<int>(Overflow) <= 0, $"{url} scrolls sideways at 390 px: " + await page.EvaluateExpressionAsync<string>(Widest));
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_refused_form_shows_the_problem_beside_its_field_keeps_what_was_typed_and_the_downloads_parse()
    {
        await using var session = await StartAsync(demo: false);
        var page = session.Page;
        var errors = session.CollectPageErrors();

        await page.GoToAsync(session.Url + "/scenarios");
        await page.TypeAsync("#scenario-id", "my-ban");
        await page.TypeAsync("#scenario-name-zh", "我的禁令");
        await page.TypeAsync("#scenario-name-en", "My ban");
        await page.TypeAsync("#scenario-description-zh", "稀土禁令的一个变体。");
        await page.TypeAsync("#scenario-description-en", "A variant of the rare-earth ban.");
        await page.TypeAsync("#shock-0 input.shock-exporters", "CHN");
        await page.TypeAsync("#shock-0 input.shock-products", "2805, 0000");
        await page.TypeAsync("#shock-0 input.shock-percent", "100");
        await session.ClickAndWaitAsync("#run-unsaved");
        var fields = await page.EvaluateExpressionAsync<string>("[...document.querySelectorAll('.field-error, #scenario-errors, #run-problem')].map(e => e.outerHTML).join(' | ')");
        Assert.True(await page.QuerySelectorAsync(".field-error[data-field='shocks[0].products[1]']") is not null, page.Url + " " + await session.TextAsync("body") + fields);
        var message = await session.TextAsync(".field-error[data-field='shocks[0].products[1]']");
        Assert.Contains("0000", message, StringComparison.Ordinal);
        Assert.Equal("2805, 0000", await page.EvaluateExpressionAsync<string>("document.querySelector('#shock-0 input.shock-products').value"));
        Assert.Equal("My ban", await page.EvaluateExpressionAsync<string>("document.querySelector('#scenario-name-en').value"));
        Assert.NotNull(await page.QuerySelectorAsync("#save-why"));

        // Corrected, it runs without being saved; the permalink says so, and its files download.
        await page.EvaluateExpressionAsync("document.querySelector('#shock-0 input.shock-products').value = '2805, 2846'");
        await session.ClickAndWaitAsync("#run-unsaved");
        Assert.True(page.Url.Contains("/scenarios/runs/", StringComparison.Ordinal), await page.EvaluateExpressionAsync<string>("document.querySelector('#scenario-errors')?.textContent ?? ''"));
        Assert.NotNull(await page.QuerySelectorAsync("#unsaved-note"));
        var links = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#downloads a')].map(a => a.href)");
        using var http = new HttpClient();
        var csv = UploadedCsv.Read(await http.GetByteArrayAsync(links.Single(l => l.Contains("table=importers", StringComparison.Ordinal)), Ct), "importers.csv");
        Assert.Equal("importer", csv[0].Cells[0].Text);
        Assert.True(csv.Count > 1);
        var xlsx = await http.GetByteArrayAsync(links.Single(l => l.Contains("format=xlsx", StringComparison.Ordinal)), Ct);
        Assert.Equal("importer", XlsxTable.Read(xlsx, "run.xlsx")[0].Cells[0].Text);
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var workbook = new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open());
        var sheets = await workbook.ReadToEndAsync(Ct);
        Assert.All(new[] { "importers", "products", "stages", "flows", "about" }, s => Assert.Contains($"name=\"{s}\"", sheets, StringComparison.Ordinal));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static string Id(string url) => url[(url.LastIndexOf('/') + 1)..];

    private static Task<int> CountAsync(IPage page, string selector) =>
        page.EvaluateFunctionAsync<int>("s => document.querySelectorAll(s).length", selector);

    private static async Task RenderedAsync(IPage page, params string[] selectors)
    {
        foreach (var selector in selectors)
        {
            await page.WaitForSelectorAsync(selector + "[data-rendered='true']", new WaitForSelectorOptions { Timeout = 20_000 });
        }
    }

    /// <summary>A generated year with products (the generator's file name marks it generated), as an analyst would import it.</summary>
    private static async Task<BrowserSession> StartAsync(bool demo = true)
    {
        var session = await BrowserSession.StartAsync(Ct, demo);
        try
        {
            await TradeSamples.ImportScenarioYearAsync(session.Services, session.Store.Directory, Ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }
}
