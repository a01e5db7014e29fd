using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lianbo.Web.Tests.Platform;

// Every test only reads, so they share one app.
public class LanguageTests(SharedApps apps) : IClassFixture<SharedApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("zh", "zh-CN")]
    [InlineData("zh-TW,zh;q=0.9", "zh-CN")]
    [InlineData("zh-Hans-SG", "zh-CN")]
    [InlineData("fr-FR,zh;q=0.8,en;q=0.5", "zh-CN")]
    [InlineData("fr-FR,en-GB;q=0.9,zh;q=0.5", "en")]
    [InlineData("zh;q=0,en;q=0.5", "en")]
    [InlineData("en-US", "en")]
    [InlineData("de-DE", "en")]
    public async Task Any_Chinese_the_browser_prefers_gets_the_Chinese_pages(string acceptLanguage, string served)
    {
        var app = await apps.GetAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/countries", Ct));

        Assert.Contains($"lang=\"{served}\"", html, StringComparison.Ordinal);
    }

    // Every Chinese tag a browser sends gets Simplified Chinese, the only Chinese Lianbo has: pages and API errors alike.
    [Theory]
    [InlineData("zh", true)]
    [InlineData("zh-Hans", true)]
    [InlineData("zh-TW", true)]
    [InlineData("zh-HK", true)]
    [InlineData("zh-CN", true)]
    [InlineData("zh-SG", true)]
    [InlineData("en-US", false)]
    [InlineData("fr", false)]
    public async Task Each_Chinese_tag_gets_Chinese_pages_and_problem_details(string tag, bool chinese)
    {
        var app = await apps.GetAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Accept-Language", tag);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/countries", Ct));
        var missing = await client.GetAsync("/api/no-such-thing", Ct);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Contains(chinese ? "<html lang=\"zh-CN\"" : "<html lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains(chinese ? "简体中文" : "English", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(chinese ? "未找到" : "Not found", problem.GetProperty("title").GetString());
        Assert.Equal(chinese ? "/api/no-such-thing 没有接口；请查看 /openapi/v1.json" : "There is no API endpoint at /api/no-such-thing; see /openapi/v1.json",
            problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("zh-TW", "en", "en")]
    [InlineData("en-US", "zh-CN", "zh-CN")]
    public async Task The_language_chosen_with_the_switch_wins_over_the_browser(string tag, string cookie, string served)
    {
        var app = await apps.GetAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Accept-Language", tag);
        client.DefaultRequestHeaders.Add("Cookie", $".AspNetCore.Culture=c%3D{cookie}%7Cuic%3D{cookie}");

        var html = await client.GetStringAsync("/countries", Ct);
        var problem = await (await client.GetAsync("/api/no-such-thing", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Contains($"<html lang=\"{served}\"", html, StringComparison.Ordinal);
        Assert.Equal(served == "en" ? "Not found" : "未找到", problem.GetProperty("title").GetString());
    }
}
