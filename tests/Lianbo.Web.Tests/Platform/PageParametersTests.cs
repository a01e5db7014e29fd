using System.Net;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Expo;

namespace Lianbo.Web.Tests.Platform;

/// <summary>
/// A query value a page cannot read (a word for a number, a NUL): the page is shown without it, with a notice naming it in
/// the reader's language, and answers 400; an empty value is simply not given.
/// </summary>
// The tests read, and the one that writes adds an edition of its own that the others never see, so they share one app.
public class PageParametersTests(SharedApps apps) : IClassFixture<SharedApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "/countries?page=abc", "The address gives page = “abc”, which is not a whole number: the page is shown without it.")]
    [InlineData("en", "/countries?region=xyz&ldc=true", "The address gives region = “xyz”, which is not a whole number: the page is shown without it.")]
    [InlineData("en", "/countries?ldc=maybe", "The address gives ldc = “maybe”, which is not true or false: the page is shown without it.")]
    [InlineData("en", "/countries?q=%00", "The address gives q = “\uFFFD”, which is not text without a NUL character: the page is shown without it.")]
    [InlineData("zh-CN", "/countries?page=2147483648", "地址中的 page = “2147483648” 不是整数：页面已忽略该值。")]
    [InlineData("zh-CN", "/trade?year=..", "地址中的 year = “..” 不是整数：页面已忽略该值。")]
    public async Task A_value_a_page_cannot_read_is_left_out_with_a_notice_naming_it(string language, string url, string notice)
    {
        var app = await apps.GetAsync();

        var response = await AccountPagesTests.Browser(app, language).GetAsync(url, Ct);
        var html = await response.HtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(notice, html, StringComparison.Ordinal);
        Assert.Contains("id=\"ignored-parameters\"", html, StringComparison.Ordinal);
        Assert.Contains("</footer>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exhibitor_directory_with_a_word_for_its_page_shows_the_first_page_and_says_so()
    {
        var app = await apps.GetAsync();
        var expo = await ExpoFixture.CreateAsync(app);

        var response = await AccountPagesTests.Browser(app).GetAsync($"/expo/{expo.Number}/exhibitors?page=abc&country=CHN", Ct);
        var html = await response.HtmlAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The address gives page = “abc”, which is not a whole number", html, StringComparison.Ordinal);
        // The other filter still applies: the Chinese exhibitor is listed, the Australian one is not.
        Assert.Contains("Omicron Batteries", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Pi Mining", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_value_is_not_given_and_the_page_answers_as_without_it()
    {
        var app = await apps.GetAsync();

        var response = await AccountPagesTests.Browser(app).GetAsync("/countries?region=&ldc=&page=&q=", Ct);
        var html = await response.HtmlAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("id=\"ignored-parameters\"", html, StringComparison.Ordinal);
        Assert.Contains("Afghanistan", html, StringComparison.Ordinal);
    }
}
