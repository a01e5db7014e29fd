using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lianbo.Web.Tests.Expo;

public class ExpoPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboard_directory_and_exhibitor_page_render_the_demo_in_both_languages()
    {
        await using var app = await ExpoApiTests.StartWithDemoAsync();
        var english = app.CreateClient();
        var chinese = app.CreateClient();
        chinese.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");

        var editionsZh = WebUtility.HtmlDecode(await chinese.GetStringAsync("/expo", Ct));
        var dashboardEn = WebUtility.HtmlDecode(await english.GetStringAsync("/expo/2", Ct));
        var dashboardZh = WebUtility.HtmlDecode(await chinese.GetStringAsync("/expo/2", Ct));
        var directoryEn = WebUtility.HtmlDecode(await english.GetStringAsync("/expo/2/exhibitors?q=bosch", Ct));
        var directoryZh = WebUtility.HtmlDecode(await chinese.GetStringAsync("/expo/2/exhibitors?chain=green-agriculture&country=NZL", Ct));
        var missing = await english.GetAsync("/expo/99", Ct);

        Assert.Contains("第二届中国国际供应链促进博览会", editionsZh, StringComparison.Ordinal);
        Assert.Contains("620", dashboardEn, StringComparison.Ordinal);
        Assert.Contains("previous: 515", dashboardEn, StringComparison.Ordinal);
        Assert.Contains("152 bn yuan", dashboardEn, StringComparison.Ordinal);
        Assert.Contains("32%", dashboardEn, StringComparison.Ordinal);
        Assert.Contains("1,520亿元", dashboardZh, StringComparison.Ordinal);
        Assert.Contains("国家、地区和国际组织", dashboardZh, StringComparison.Ordinal);
        Assert.Contains("data-map=", dashboardZh, StringComparison.Ordinal);
        Assert.Contains("Exhibitors: 1<", directoryEn, StringComparison.Ordinal);
        Assert.Contains("Bosch", directoryEn, StringComparison.Ordinal);
        Assert.Contains("恒天然", directoryZh, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var latest = (await english.GetFromJsonAsync<List<JsonElement>>("/api/editions", Ct))![0].GetProperty("id").GetGuid();
        var xpeng = (await english.GetFromJsonAsync<JsonElement>($"/api/editions/{latest}/exhibitors?search=xpeng", Ct)).GetProperty("items")[0].GetProperty("id").GetGuid();
        var pageZh = WebUtility.HtmlDecode(await chinese.GetStringAsync($"/expo/exhibitors/{xpeng}", Ct));
        var pageEn = WebUtility.HtmlDecode(await english.GetStringAsync($"/expo/exhibitors/{xpeng}", Ct));
        Assert.Contains("小鹏汽车", pageZh, StringComparison.Ordinal);
        Assert.Contains("联合展示", pageZh, StringComparison.Ordinal);
        Assert.Contains("力拓", pageZh, StringComparison.Ordinal);
        Assert.Contains("Joint exhibit", pageEn, StringComparison.Ordinal);
        Assert.Contains("Rio Tinto", pageEn, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await english.GetAsync($"/expo/exhibitors/{Guid.NewGuid()}", Ct)).StatusCode);
    }
}
