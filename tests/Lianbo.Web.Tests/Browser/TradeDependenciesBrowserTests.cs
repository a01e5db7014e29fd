using Lianbo.Trade.Import;
using Lianbo.Trade.Store;
using Lianbo.Web.Tests.Trade;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Browser;

/// <summary>
/// The dependency pages in Debian's Chromium over the shipped BACI 2021 sample (South Africa's and Afghanistan's
/// exports): Namibia buys everything from South Africa, so every one of its products is a candidate chokepoint, and
/// Afghanistan is the only other exporter, hence the only substitute, wherever it sells the product.
/// </summary>
public class TradeDependenciesBrowserTests
{
    private const string Rows = "[...document.querySelectorAll('#chokepoints tbody tr')].map(r => [...r.cells].map(c => c.textContent.trim()))";
    // Rank, country and how many reasons, per candidate.
    private const string Candidates = "[...document.querySelectorAll('#substitutes tbody tr')].map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim(), String(r.querySelectorAll('ul.reasons li').length)])";
    private const string Reasons = "[...document.querySelectorAll('#substitutes tbody tr:first-child ul.reasons li')].map(li => li.textContent.trim())";

    [Fact]
    public async Task The_chokepoint_table_shows_an_importers_rows_in_English_and_in_Chinese_and_leads_to_the_substitutes()
    {
        await using var session = await StartWithSampleAsync();
        var page = session.Page;
        var errors = session.CollectPageErrors();

        await page.GoToAsync(session.Url + "/trade/2021/countries/NAM");
        await session.ClickAndWaitAsync("#dependencies-link");
        var english = await session.TextAsync("h1");
        var englishRows = await page.EvaluateExpressionAsync<string[][]>(Rows);

        await session.ClickAndWaitAsync("#lang-zh");
        var chinese = await session.TextAsync("h1");
        var chineseRows = await page.EvaluateExpressionAsync<string[][]>(Rows);
        var window = await session.TextAsync("#geodep-window");
        // Namibia's second largest import, cane sugar, which Afghanistan exports too.
        await session.ClickAndWaitAsync("#chokepoints a[href='/trade/2021/substitutes?importer=NAM&product=170199&supplier=ZAF']");
        var question = await session.TextAsync("#substitute-question");
        var candidates = await page.EvaluateExpressionAsync<string[][]>(Candidates);

        Assert.Equal("Import dependencies of Namibia, 2021", english);
        Assert.Equal("纳米比亚 2021 年的进口依赖", chinese);
        // Every row of the page (at most 200) names South Africa as the top supplier; the largest import, 271600, comes first.
        Assert.Equal(200, englishRows.Length);
        Assert.Equal(englishRows.Length, chineseRows.Length);
        // Each code with its name beside it, in the page's language.
        Assert.Equal("271600 Electrical energy", englishRows[0][0]);
        Assert.StartsWith("170199 Refined sugar", englishRows[1][0], StringComparison.Ordinal);
        Assert.Matches("^271600 \\p{IsCJKUnifiedIdeographs}", chineseRows[0][0]);
        Assert.All(englishRows, r => Assert.Equal("South Africa", r[3]));
        Assert.All(chineseRows, r => Assert.Equal("南非", r[3]));
        Assert.All(chineseRows, r => Assert.Equal("是", r[7]));
        Assert.Equal("GeoDep 时间窗：2021（已导入 3 年中的 1 年）。", window);
        Assert.Equal("谁能替代 南非 向 纳米比亚 供应 170199（2021 年）", question);
        Assert.Equal(["1", "阿富汗", "5"], Assert.Single(candidates));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_substitute_finder_ranks_suppliers_with_their_reasons_in_Chinese_and_in_English()
    {
        await using var session = await StartWithSampleAsync();
        var page = session.Page;
        var errors = session.CollectPageErrors();

        await page.GoToAsync(session.Url + "/trade/2021/substitutes");
        await session.ClickAndWaitAsync("#lang-zh");
        await page.TypeAsync("#substitute-form input[name=importer]", "NAM");
        await page.TypeAsync("#substitute-form input[name=product]", "2709");
        await session.ClickAndWaitAsync("#substitute-form button[type=submit]");
        var chinese = await session.TextAsync("#substitute-question");
        var chineseCandidates = await page.EvaluateExpressionAsync<string[][]>(Candidates);
        var chineseReasons = await page.EvaluateExpressionAsync<string[]>(Reasons);

        await session.ClickAndWaitAsync("#lang-en");
        var english = await session.TextAsync("#substitute-question");
        var englishCandidates = await page.EvaluateExpressionAsync<string[][]>(Candidates);
        var englishReasons = await page.EvaluateExpressionAsync<string[]>(Reasons);

        Assert.Equal("谁能替代 南非 向 纳米比亚 供应 2709（2021 年）", chinese);
        Assert.Equal("Who could replace South Africa as Namibia's supplier of 2709, 2021", english);
        Assert.Equal(["1", "阿富汗", "5"], Assert.Single(chineseCandidates));
        Assert.Equal(["1", "Afghanistan", "5"], Assert.Single(englishCandidates));
        Assert.Contains("尚未向 NAM 供应该产品", chineseReasons);
        Assert.Contains("does not supply NAM with it yet", englishReasons);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static async Task<BrowserSession> StartWithSampleAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var session = await BrowserSession.StartAsync(ct);
        try
        {
            await BaciImporter.ImportAsync(session.Services.GetRequiredService<TradeStore>(), TradeSamples.Baci2021, ct: ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }
}
