using System.Net;

namespace Lianbo.Web.Tests.Platform;

public class LanguageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("zh", "zh-CN")]
    [InlineData("zh-TW,zh;q=0.9", "zh-CN")]
    [InlineData("zh-Hans-SG", "zh-CN")]
    [InlineData("fr-FR,zh;q=0.8,en;q=0.5", "zh-CN")]
    [InlineData("fr-FR,en-GB;q=0.9,zh;q=0.5", "en")]
    [InlineData("en-US", "en")]
    [InlineData("de-DE", "en")]
    public async Task Any_Chinese_the_browser_prefers_gets_the_Chinese_pages(string acceptLanguage, string served)
    {
        await using var app = await LianboApp.StartAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/countries", Ct));

        Assert.Contains($"lang=\"{served}\"", html, StringComparison.Ordinal);
    }
}
