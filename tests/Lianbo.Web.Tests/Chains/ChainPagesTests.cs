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
}
