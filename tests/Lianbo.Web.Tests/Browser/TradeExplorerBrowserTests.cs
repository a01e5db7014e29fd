using Lianbo.Trade.Import;
using Lianbo.Trade.Store;
using Lianbo.Web.Tests.Trade;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Browser;

/// <summary>The trade explorer in Debian's Chromium: the world map is drawn from the page's data, in both languages, without script errors.</summary>
public class TradeExplorerBrowserTests
{
    // world-atlas 110m has 177 shapes; Northern Cyprus, Somaliland and Kosovo have no ISO code and join Cyprus,
    // Somalia and Serbia, so the registered map has 174 regions, each named by a three-digit ISO numeric code.
    private const string RegionsScript = "(() => { const f = echarts.getMap('lianbo-world').geoJSON.features;"
        + " return [f.length, f.filter(x => /^[0-9]{3}$/.test(x.properties.name)).length]; })()";

    [Fact]
    public async Task The_trade_explorer_draws_its_world_map_in_English_and_in_Chinese()
    {
        await using var session = await BrowserSession.StartAsync(TestContext.Current.CancellationToken);
        await BaciImporter.ImportAsync(session.Services.GetRequiredService<TradeStore>(), TradeSamples.Baci2021, ct: TestContext.Current.CancellationToken);
        var page = session.Page;
        var errors = session.CollectPageErrors();

        await page.GoToAsync(session.Url + "/");
        await session.ClickAndWaitAsync("#nav-trade");
        await page.WaitForSelectorAsync("#trade-map[data-rendered='true'] canvas");
        var english = await session.TextAsync("h1");
        var englishSeries = await page.EvaluateExpressionAsync<string>("echarts.getInstanceByDom(document.getElementById('trade-map')).getOption().series[0].name");
        var southAfrica = await page.EvaluateExpressionAsync<double>(
            "echarts.getInstanceByDom(document.getElementById('trade-map')).getOption().series[0].data.find(d => d.name === '710').value");
        var regions = await page.EvaluateExpressionAsync<int[]>(RegionsScript);

        await session.ClickAndWaitAsync("#lang-zh");
        await page.WaitForSelectorAsync("#trade-map[data-rendered='true'] canvas");
        var chinese = await session.TextAsync("h1");
        var chineseSeries = await page.EvaluateExpressionAsync<string>("echarts.getInstanceByDom(document.getElementById('trade-map')).getOption().series[0].name");
        // The tooltip names the country in the page's language, with the value and its unit.
        await page.EvaluateExpressionAsync("echarts.getInstanceByDom(document.getElementById('trade-map')).dispatchAction({ type: 'showTip', seriesIndex: 0, name: '710' })");
        await page.WaitForSelectorAsync("#trade-map .world-map-tooltip");
        var tooltip = await session.TextAsync("#trade-map .world-map-tooltip");

        Assert.Equal(("Trade explorer", "Exports"), (english, englishSeries));
        Assert.Equal(("贸易数据浏览", "出口额"), (chinese, chineseSeries));
        Assert.True(southAfrica > 0);
        Assert.Matches("^出口额\\s*南非: [0-9,.]+ 百万美元$", tooltip);
        Assert.Equal([174, 174], regions);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
