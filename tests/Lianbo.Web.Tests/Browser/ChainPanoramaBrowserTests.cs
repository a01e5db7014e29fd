namespace Lianbo.Web.Tests.Browser;

/// <summary>The smart-vehicle panorama in Debian's Chromium: the flow is drawn, in both languages.</summary>
public class ChainPanoramaBrowserTests
{
    [Fact]
    public async Task The_smart_vehicle_panorama_draws_its_flow_in_English_and_in_Chinese()
    {
        await using var session = await BrowserSession.StartAsync(TestContext.Current.CancellationToken);
        var page = session.Page;

        await page.GoToAsync(session.Url + "/chains");
        await session.ClickAndWaitAsync("a[href='/chains/smart-vehicles']");
        await page.WaitForSelectorAsync("#panorama-chart canvas");
        var english = await page.EvaluateExpressionAsync<string>("document.querySelector('h1').textContent.trim()");
        var upstream = await page.EvaluateExpressionAsync<string>("document.querySelector('.panorama-column h2').textContent.trim()");

        await session.ClickAndWaitAsync("#lang-zh");
        await page.WaitForSelectorAsync("#panorama-chart canvas");
        var chinese = await page.EvaluateExpressionAsync<string>("document.querySelector('h1').textContent.trim()");
        var nodes = await page.EvaluateExpressionAsync<string>("JSON.parse(document.getElementById('panorama-chart').dataset.panorama).nodes.map(n => n.name).join('|')");

        Assert.Equal(("Smart Vehicles Chain", "Upstream"), (english, upstream));
        Assert.Equal("智能汽车链", chinese);
        Assert.Contains("整车", nodes, StringComparison.Ordinal);
    }
}
