using System.Net;

namespace Lianbo.Web.Tests.Chains;

public class ChainPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_chain_list_and_a_panorama_render_in_both_languages()
    {
        await using var app = await LianboApp.StartAsync();
        var english = app.CreateClient();
        var chinese = app.CreateClient();
        chinese.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");

        var listEn = WebUtility.HtmlDecode(await english.GetStringAsync("/chains", Ct));
        var listZh = WebUtility.HtmlDecode(await chinese.GetStringAsync("/chains", Ct));
        var panoramaZh = WebUtility.HtmlDecode(await chinese.GetStringAsync("/chains/smart-vehicles", Ct));
        var panoramaEn = WebUtility.HtmlDecode(await english.GetStringAsync("/chains/smart-vehicles", Ct));
        var missing = await english.GetAsync("/chains/no-such-chain", Ct);

        Assert.Contains("Smart Vehicles Chain", listEn, StringComparison.Ordinal);
        Assert.Contains("供应链服务展区", listZh, StringComparison.Ordinal);
        Assert.Contains("智能汽车链", panoramaZh, StringComparison.Ordinal);
        Assert.Contains("上游", panoramaZh, StringComparison.Ordinal);
        Assert.Contains("850760", panoramaEn, StringComparison.Ordinal);
        Assert.Contains("lithium-ion", panoramaEn, StringComparison.Ordinal);
        Assert.Contains("Downstream", panoramaEn, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task With_BACI_loaded_each_goods_stage_shows_world_exports_top_exporters_and_China_share()
    {
        await using var app = await LianboApp.StartAsync();
        var chinese = app.CreateClient();
        chinese.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");
        var before = WebUtility.HtmlDecode(await chinese.GetStringAsync("/chains/smart-vehicles", Ct));
        await Trade.TradeSamples.ImportBaci2021Async(app, Ct);

        var after = WebUtility.HtmlDecode(await chinese.GetStringAsync("/chains/smart-vehicles", Ct));

        Assert.Contains("尚未导入贸易数据", before, StringComparison.Ordinal);
        Assert.DoesNotContain("全球出口", before, StringComparison.Ordinal);
        Assert.Contains("BACI HS92 序列，2021 年", after, StringComparison.Ordinal);
        Assert.Contains("全球出口", after, StringComparison.Ordinal);
        // The sample holds only South Africa's and Afghanistan's exports, so South Africa leads the mineral stages.
        Assert.Contains("南非", after, StringComparison.Ordinal);
    }
}
