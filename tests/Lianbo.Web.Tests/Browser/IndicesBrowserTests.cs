using Lianbo.Trade.Import;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Store;
using Lianbo.Web.Tests.Trade;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Browser;

/// <summary>The indices page in Debian's Chromium: the world map of scores is drawn, in both languages, without script errors.</summary>
public class IndicesBrowserTests
{
    [Fact]
    public async Task The_indices_page_draws_its_world_map_in_English_and_in_Chinese_and_leads_to_a_countrys_history()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var store = session.Services.GetRequiredService<TradeStore>();
        await BaciImporter.ImportAsync(store, TradeSamples.Baci2021, ct: ct);
        await new IndexBuilder(store).BuildAsync(IndexBuilder.LoadDefinitions(), draws: 20, ct: ct);
        var page = session.Page;
        var errors = session.CollectPageErrors();

        await page.GoToAsync(session.Url + "/");
        await session.ClickAndWaitAsync("#nav-indices");
        await page.WaitForSelectorAsync("#index-map[data-rendered='true'] canvas");
        const string series = "echarts.getInstanceByDom(document.getElementById('index-map')).getOption().series[0]";
        var englishSeries = await page.EvaluateExpressionAsync<string>(series + ".name");
        var southAfrica = await page.EvaluateExpressionAsync<double>(series + ".data.find(d => d.name === '710').value");
        // The world trend: the world value by year, and the CCPIT's printed values as marks at their years.
        await page.WaitForSelectorAsync("#world-trend[data-finished='true'] canvas");
        const string trend = "echarts.getInstanceByDom(document.getElementById('world-trend')).getOption()";
        var trendYears = await page.EvaluateExpressionAsync<string[]>(trend + ".xAxis[0].data");
        var trendNames = await page.EvaluateExpressionAsync<string[]>(trend + ".series.map(s => s.name)");
        var world2021 = await page.EvaluateExpressionAsync<double>(trend + ".series[0].data[" + trend + ".xAxis[0].data.indexOf('2021')]");
        var ccpit2014 = await page.EvaluateExpressionAsync<double>(trend + ".series[1].data[" + trend + ".xAxis[0].data.indexOf('2014')]");
        var built = (await new IndexStore(store).FindAsync("connectivity", ct))!.Years.Single(y => y.Year == 2021).Global!.Value;

        await session.ClickAndWaitAsync("#lang-zh");
        await page.WaitForSelectorAsync("#index-map[data-rendered='true'] canvas");
        var chinese = await session.TextAsync("h1");
        var chineseSeries = await page.EvaluateExpressionAsync<string>(series + ".name");
        await session.ClickAndWaitAsync("#ranking a[href='/indices/connectivity/countries/ZAF']");
        var history = await session.TextAsync("h1");

        Assert.Equal("Supply-chain connectivity index", englishSeries);
        Assert.Equal(["2014", "2021", "2023"], trendYears);
        Assert.Equal("Lianbo world value", trendNames[0]);
        Assert.Contains("CCPIT", trendNames[1], StringComparison.Ordinal);
        Assert.Equal(Math.Round(built, 4), world2021, 1e-12);
        Assert.Equal(0.271, ccpit2014, 1e-12);
        Assert.InRange(southAfrica, 0, 2);
        Assert.Equal(("连接指数与促进指数", "供应链连接指数"), (chinese, chineseSeries));
        Assert.Equal("南非：供应链连接指数", history);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
