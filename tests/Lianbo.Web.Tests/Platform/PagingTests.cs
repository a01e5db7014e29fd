using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Scenarios;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Platform;

/// <summary>The list endpoints paged by <c>page</c> and <c>pageSize</c> (docs/api.md, "Paging and limits").</summary>
public class PagingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Scenarios_come_a_page_at_a_time(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);

        // The six presets.
        await AssertPagesAsync(app.ClientFor(null), "/api/scenarios", 6, "id");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Runs_of_a_scenario_come_a_page_at_a_time(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        await app.WithServicesAsync(async s =>
        {
            var store = s.GetRequiredService<ScenarioStore>();
            var preset = (await store.GetAsync(null, "rare-earth-export-ban", Ct))!;
            for (var i = 0; i < 5; i++)
            {
                Assert.True((await store.SaveRunAsync(null, preset.Definition, "{}", generated: false, Ct)).Value is not null);
            }

            return 0;
        });

        await AssertPagesAsync(app.ClientFor(null), "/api/scenarios/rare-earth-export-ban/runs", 5, "id");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Versions_of_a_scenario_come_a_page_at_a_time(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        Assert.Equal(HttpStatusCode.Created, (await analyst.PostAsync("/api/scenarios", Json(Scenarios.ScenariosApiTests.File()), Ct)).StatusCode);
        for (var version = 2; version <= 5; version++)
        {
            (await analyst.PutAsync("/api/scenarios/my-scenario", Json(Scenarios.ScenariosApiTests.File(version: version.ToString(CultureInfo.InvariantCulture))), Ct)).EnsureSuccessStatusCode();
        }

        await AssertPagesAsync(analyst, "/api/scenarios/my-scenario/versions", 5, "version");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Needs_come_a_page_at_a_time(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var buyer = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true));
        var expo = await Expo.ExpoFixture.CreateAsync(app);
        for (var i = 0; i < 5; i++)
        {
            (await buyer.PostAsJsonAsync($"/api/editions/{expo.Edition}/needs", new { title = "Cells " + i, needHs = new[] { "8507" } }, Ct)).EnsureSuccessStatusCode();
        }

        await AssertPagesAsync(buyer, $"/api/editions/{expo.Edition}/needs", 5, "id");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Tokens_come_a_page_at_a_time(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var user = await app.CreateUserAsync(Roles.Participant);
        await app.WithServicesAsync(async s =>
        {
            for (var i = 0; i < 4; i++)
            {
                await s.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "t" + i, TokenScope.Read, 30, TokenOrigin.Session, Ct);
            }

            return 0;
        });

        // The user's own test token and four more.
        await AssertPagesAsync(app.ClientFor(user), "/api/me/tokens", 5, "id");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Members_come_a_page_at_a_time(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var admin = await app.CreateUserAsync(Roles.Participant, organisation: "Many Hands");
        var colleagues = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            colleagues.Add((await app.CreateUserAsync(Roles.Participant)).Id);
        }

        await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().Users.Where(u => colleagues.Contains(u.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.OrganisationId, admin.OrganisationId), Ct));

        await AssertPagesAsync(app.ClientFor(admin), $"/api/organisations/{admin.OrganisationId}/members", 5, "userId");
    }

    [Theory]
    [InlineData("sqlite", "/api/scenarios")]
    [InlineData("postgres", "/api/scenarios")]
    [InlineData("sqlite", "/api/scenarios/rare-earth-export-ban/versions")]
    [InlineData("postgres", "/api/scenarios/rare-earth-export-ban/versions")]
    [InlineData("sqlite", "/api/scenarios/rare-earth-export-ban/runs")]
    [InlineData("postgres", "/api/scenarios/rare-earth-export-ban/runs")]
    [InlineData("sqlite", "/api/me/tokens")]
    [InlineData("postgres", "/api/me/tokens")]
    [InlineData("sqlite", "/api/organisations/{org}/members")]
    [InlineData("postgres", "/api/organisations/{org}/members")]
    [InlineData("sqlite", "/api/editions/{org}/needs")]
    [InlineData("postgres", "/api/editions/{org}/needs")]
    public async Task A_bad_page_or_page_size_is_a_problem_naming_it_in_either_language(string provider, string url)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var user = await app.CreateUserAsync(Roles.Organiser, organisation: "Checker");
        var client = app.ClientFor(user);
        url = url.Replace("{org}", user.OrganisationId.ToString(), StringComparison.Ordinal);

        var english = await ProblemAsync(client, url + "?page=0&pageSize=201", "en");
        var chinese = await ProblemAsync(client, url + "?pageSize=0", "zh-CN");

        Assert.Equal(["page must be greater than 0"], Strings(english.GetProperty("page")));
        Assert.Equal(["results per page must be between 1 and 200"], Strings(english.GetProperty("pageSize")));
        Assert.Equal(["每页条数 必须在 1 到 200 之间"], Strings(chinese.GetProperty("pageSize")));
    }

    // Two pages of two continue each other without repeating, the last page holds the rest, and each says the total.
    private static async Task AssertPagesAsync(HttpClient client, string url, int total, string key)
    {
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var pages = new List<JsonElement>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await client.GetFromJsonAsync<JsonElement>($"{url}{separator}page={page}&pageSize=2", Ct));
        }

        var all = await client.GetFromJsonAsync<JsonElement>(url, Ct);
        Assert.All(pages, p => Assert.Equal(total, p.GetProperty("total").GetInt32()));
        Assert.Equal(2, pages[1].GetProperty("pageNumber").GetInt32());
        Assert.Equal(2, pages[1].GetProperty("pageSize").GetInt32());
        var paged = pages.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty(key).ToString()).ToList();
        Assert.Equal(all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(key).ToString()), paged.Take(total));
        Assert.Equal(total, paged.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(50, all.GetProperty("pageSize").GetInt32());
    }

    private static async Task<JsonElement> ProblemAsync(HttpClient client, string url, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
