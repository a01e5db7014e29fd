using System.Net;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Web.Tests.Accounts;

namespace Lianbo.Web.Tests.Platform;

public class PlatformTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_reports_both_stores_and_the_trade_store_file_exists()
    {
        await using var app = await LianboApp.StartAsync();

        var body = await app.CreateClient().GetStringAsync("/healthz", Ct);

        Assert.Equal("Healthy", body);
        Assert.True(File.Exists(Path.Combine(app.Store.Directory, "trade.duckdb")));
        Assert.True(File.Exists(Path.Combine(app.Store.Directory, "lianbo.db")));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_reference_API_and_the_reference_page_is_served()
    {
        await using var app = await LianboApp.StartAsync();
        var client = app.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct));
        var reference = await client.GetAsync("/api-reference/", Ct);

        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/countries", out _));
        Assert.True(paths.TryGetProperty("/api/hs/{code}", out _));
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public async Task The_language_switch_remembers_the_choice_and_refuses_foreign_return_addresses()
    {
        await using var app = await LianboApp.StartAsync();
        var client = AccountPagesTests.Browser(app);

        var toChinese = await client.SwitchLanguageAsync("zh-CN", "/countries", page: "/countries");
        var offsite = await client.SwitchLanguageAsync("en", "//evil.example/");
        var unknown = await client.SwitchLanguageAsync("fr", "/");
        // Control characters would make a Location header no server may send: the switch goes home instead.
        var controls = await client.SwitchLanguageAsync("en", "/countries\n\u001b");
        var oldLink = await client.GetAsync("/culture?returnUrl=%2Fcountries%0a%1b", Ct);

        Assert.Equal(HttpStatusCode.Redirect, toChinese.StatusCode);
        Assert.Equal("/countries", toChinese.Headers.Location?.OriginalString);
        Assert.Contains(toChinese.Headers.GetValues("Set-Cookie"), c => c.Contains("zh-CN", StringComparison.Ordinal));
        Assert.Equal("/", offsite.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/"), (controls.StatusCode, controls.Headers.Location?.OriginalString));
        Assert.Equal((HttpStatusCode.Redirect, "/"), (oldLink.StatusCode, oldLink.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task The_language_changes_only_by_a_form_post_from_this_site()
    {
        await using var app = await LianboApp.StartAsync();
        var client = AccountPagesTests.Browser(app);
        var member = await AccountPagesTests.SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Language Ltd"));

        var link = await client.GetAsync("/culture?set=zh-CN&returnUrl=/countries", Ct);
        var crossSite = await PostCultureAsync(client, ("Sec-Fetch-Site", "cross-site"));
        var otherOrigin = await PostCultureAsync(client, ("Origin", "https://elsewhere.example"));
        var memberWithoutToken = await PostCultureAsync(member, ("Sec-Fetch-Site", "same-origin"));
        var page = await client.GetStringAsync("/countries", Ct);
        var memberPage = await member.GetStringAsync("/countries", Ct);
        var sameSite = await PostCultureAsync(client, ("Sec-Fetch-Site", "same-origin"), ("Origin", "http://localhost"));

        // A link (or an image) on another site changes nothing, and neither does a post the browser says came from
        // another site, nor a signed-in user's post without the page's token.
        Assert.Equal((HttpStatusCode.Redirect, "/countries"), (link.StatusCode, link.Headers.Location?.OriginalString));
        Assert.Contains("Countries and territories", page, StringComparison.Ordinal);
        foreach (var refused in new[] { crossSite, otherOrigin, memberWithoutToken })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.False(refused.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)));
        }

        Assert.False(link.Headers.TryGetValues("Set-Cookie", out var linkCookies) && linkCookies.Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, sameSite.StatusCode);
        Assert.Contains(sameSite.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
        // The switch itself: one form posting to /culture, a button per language; the token only in a signed-in user's page.
        Assert.Matches("<form method=\"post\" action=\"/culture\"[^>]*>\\s*<input type=\"hidden\" name=\"returnUrl\"", page);
        Assert.Matches("<form method=\"post\" action=\"/culture\"[^>]*>\\s*<input type=\"hidden\" name=\"__RequestVerificationToken\"", memberPage);
        Assert.Contains("name=\"set\" value=\"zh-CN\" id=\"lang-zh\"", page, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostCultureAsync(HttpClient client, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/culture")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["set"] = "zh-CN", ["returnUrl"] = "/" }),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task The_country_page_renders_in_both_languages()
    {
        await using var app = await LianboApp.StartAsync();
        var english = app.CreateClient();
        var chinese = app.CreateClient();
        chinese.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");

        // Blazor's static renderer writes non-ASCII text as character references, so compare decoded text.
        var en = WebUtility.HtmlDecode(await english.GetStringAsync("/countries?group=BRICS", Ct));
        var zh = WebUtility.HtmlDecode(await chinese.GetStringAsync("/countries?group=BRICS", Ct));

        Assert.Contains("Countries and territories", en, StringComparison.Ordinal);
        Assert.Contains("Indonesia", en, StringComparison.Ordinal);
        Assert.Contains("国家和地区", zh, StringComparison.Ordinal);
        Assert.Contains("印度尼西亚", zh, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-CN\"", zh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_page_is_a_404_page_for_people_and_ProblemDetails_for_the_API()
    {
        await using var app = await LianboApp.StartAsync();
        var client = app.CreateClient();

        var page = await client.GetAsync("/no-such-page", Ct);
        var api = await client.GetAsync("/api/no-such-thing", Ct);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Page not found", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("--Lianbo:Database:Provider=oracle", "Lianbo:Database:Provider")]
    [InlineData("--Lianbo:Url=http://127.0.0.1:99999", "Lianbo:Url")]
    [InlineData("--Lianbo:Url=not a url", "Lianbo:Url")]
    public void A_bad_setting_stops_start_up_naming_it(string argument, string setting)
    {
        var error = Assert.Throws<ConfigurationException>(() => LianboWebApp.Build([argument]));

        Assert.Equal(setting, error.Setting);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_stops_start_up_with_one_line_naming_the_setting()
    {
        var error = new StringWriter();

        var code = await LianboWebApp.RunAsync(
            [
                "--Lianbo:Database:Provider=postgres",
                "--Lianbo:Database:ConnectionString=Host=127.0.0.1;Port=1;Database=x;Username=x;Timeout=3",
                "--Lianbo:DataDirectory=" + Path.Combine(Path.GetTempPath(), "lianbo-unreachable-" + Guid.NewGuid().ToString("N")),
            ],
            error,
            Ct);

        Assert.Equal(2, code);
        Assert.StartsWith("Setting Lianbo:Database:ConnectionString: cannot open PostgreSQL 127.0.0.1:1/x", error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().Trim().Split('\n'));
    }

    [Fact]
    public async Task A_port_in_use_stops_start_up_naming_the_url_setting()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var store = await Lianbo.Core.Tests.TestStore.CreateAsync("sqlite");
        var error = new StringWriter();

        // Neither the demo nor the open data: the port is taken whatever the store holds.
        var code = await LianboWebApp.RunAsync(
            [$"--Lianbo:Url=http://127.0.0.1:{port}", $"--Lianbo:DataDirectory={store.Directory}", "--Lianbo:LoadDemoOnFreshStore=false", "--Lianbo:LoadOpenData=false"], error, Ct);

        Assert.Equal(2, code);
        Assert.StartsWith("Setting Lianbo:Url:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FreshSignInMinutes", "0")]
    [InlineData("FailedSignInsPerAddress", "1000")]
    public async Task A_security_setting_out_of_range_stops_start_up_naming_it_before_the_store_is_prepared(string setting, string value)
    {
        var data = Directory.CreateTempSubdirectory("lianbo-security-setting-");
        try
        {
            var error = new StringWriter();

            var code = await LianboWebApp.RunAsync([$"--Lianbo:Url=http://127.0.0.1:5079", $"--Lianbo:DataDirectory={data.FullName}", $"--Lianbo:Security:{setting}={value}"], error, Ct);

            Assert.Equal(2, code);
            Assert.Contains(setting, error.ToString(), StringComparison.Ordinal);
            // Refused at once: a first start would have made the database (and loaded minutes of data) first.
            Assert.False(File.Exists(Path.Combine(data.FullName, "lianbo.db")), "the store was prepared before the setting was checked");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
