using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Web.Tests.Accounts;

namespace Lianbo.Web.Tests.Platform;

/// <summary>
/// The framework's own refusals (a query value that does not bind, one that is missing, a body that is not the JSON
/// expected) and text with a NUL character: 400 with a ProblemDetails body naming the field in the caller's language.
/// </summary>
public class BadRequestsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "page", "page: “abc” is not a value this takes")]
    [InlineData("zh-CN", "page", "页码：“abc”不是此处可接受的值")]
    public async Task A_query_value_that_does_not_bind_is_named_in_the_callers_language(string language, string field, string message)
    {
        await using var app = await LianboApp.StartAsync();

        var (status, errors) = await ProblemAsync(await Client(app, null, language).GetAsync("/api/countries?page=abc", Ct));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, errors.GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task A_missing_query_value_is_named()
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));

        var (status, errors) = await ProblemAsync(await analyst.PostAsync("/api/trade/imports?fileName=flows.csv", new StringContent("x"), Ct));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("kind is required", errors.GetProperty("kind")[0].GetString());
    }

    [Theory]
    [InlineData("en", """{"code":"BAD","nameEn":"Bad","nameZh":"坏","members":"CHN"}""", "members", "members has a value of the wrong type or form (line 1, position ")]
    [InlineData("zh-CN", """{"code":"BAD","nameEn":"Bad","nameZh":"坏","members":["CHN", 5]}""", "members[1]", "成员 #2 的值类型或格式不正确（请求正文第 1 行")]
    [InlineData("en", """{"code":"BAD","nameEn":"Bad",""", "body", "the body is not the JSON this takes (line 1, position ")]
    [InlineData("en", """[]""", "body", "the body is not the JSON this takes (line 1, position ")]
    public async Task A_body_that_is_not_the_JSON_expected_names_the_member_in_the_callers_language(string language, string body, string field, string message)
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = Client(app, await app.CreateUserAsync(Roles.Organiser), language);

        var (status, errors) = await ProblemAsync(await organiser.PostAsync("/api/country-groups", new StringContent(body, Encoding.UTF8, "application/json"), Ct));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(message, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    // PostgreSQL can neither store nor compare text with a NUL character (a server error before); SQLite can.
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_NUL_in_a_query_value_is_refused_naming_it(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);

        var (status, errors) = await ProblemAsync(await app.CreateClient().GetAsync("/api/trade/2021/dependencies?importer=ZAF&bloc=EU%00", Ct));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("bloc contains a NUL character, which no text here may hold", errors.GetProperty("bloc")[0].GetString());
    }

    [Theory]
    [InlineData("sqlite", HttpStatusCode.OK)]
    [InlineData("postgres", HttpStatusCode.BadRequest)]
    public async Task Text_with_a_NUL_in_a_body_is_never_a_server_error(string provider, HttpStatusCode expected)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));

        var response = await organiser.PostAsJsonAsync("/api/country-groups", new { code = "NUL", nameEn = "Nul\0group", nameZh = "空字符", members = new[] { "CHN" } }, Ct);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("the request holds text with a NUL character", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    // The API's fallback takes every address under /api/ first; it still tells a wrong method or body type from no endpoint.
    [Fact]
    public async Task Another_method_is_a_405_and_another_body_type_a_415_not_a_404()
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));

        var delete = await app.CreateClient().DeleteAsync("/api/countries", Ct);
        var plain = await organiser.PostAsync("/api/chains/import?fileName=x.json", new StringContent("[]", Encoding.UTF8, "text/plain"), Ct);
        var nowhere = await app.CreateClient().GetAsync("/api/editions/not-a-guid", Ct);

        Assert.Equal((HttpStatusCode.MethodNotAllowed, "GET"), (delete.StatusCode, string.Join(",", delete.Content.Headers.Allow)));
        Assert.Equal("/api/countries takes GET, not DELETE", (await delete.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.StartsWith("/api/chains/import takes a body of type application/json", (await plain.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
    }

    [Theory]
    [InlineData("en", "GET", "/api/countries?page=abc", "Bad request")]
    [InlineData("zh-CN", "GET", "/api/countries?page=abc", "请求有误")]
    [InlineData("zh-CN", "GET", "/api/me", "需要登录")]
    [InlineData("zh-CN", "DELETE", "/api/chains", "不支持此请求方法")]
    [InlineData("zh-CN", "GET", "/api/no-such-endpoint", "未找到")]
    public async Task A_refusal_is_titled_in_the_callers_language(string language, string method, string path, string title)
    {
        await using var app = await LianboApp.StartAsync();

        var response = await Client(app, null, language).SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
    }

    private static HttpClient Client(LianboApp app, TestUser? user, string language)
    {
        var client = app.ClientFor(user);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Errors)> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (response.StatusCode, problem.GetProperty("errors"));
    }
}
