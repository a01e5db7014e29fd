using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Expo;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Meetings;

/// <summary>The meeting analytics over HTTP: the API with tokens, the page and its downloads with the cookie.</summary>
public class MeetingStatisticsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Organisers_get_the_figures_and_the_files_participants_get_403_and_bad_parameters_name_themselves()
    {
        await using var app = await LianboApp.StartAsync();
        var expo = await ExpoFixture.CreateAsync(app);
        await app.WithServicesAsync(async s =>
        {
            // One accepted request between the fixture's two exhibitors, one declined from a visitor that does not exhibit.
            var db = s.GetRequiredService<LianboDbContext>();
            var (a, b) = (expo.ExhibitingOrganisations[0], expo.ExhibitingOrganisations[1]);
            var visitor = new Organisation { Id = Guid.NewGuid(), NameEn = "Visiting Buyer", NameZh = "采购商", CountryIso3 = "FRA", CreatedAt = DateTimeOffset.UtcNow };
            var now = DateTimeOffset.UtcNow;
            var accepted = new MeetingRequest
            {
                Id = Guid.NewGuid(), EditionId = expo.Edition, FromOrganisationId = a, ToOrganisationId = b, CreatedByUserId = "t", Status = MeetingRequestStatus.Accepted,
                OpenPairKey = MeetingRequest.PairKey(a, b, expo.Edition), CreatedAt = now.AddHours(-3), UpdatedAt = now, ExpiresAt = now.AddDays(7),
            };
            db.Organisations.Add(visitor);
            db.MeetingRequests.AddRange(accepted, new MeetingRequest
            {
                Id = Guid.NewGuid(), EditionId = expo.Edition, FromOrganisationId = visitor.Id, ToOrganisationId = a, CreatedByUserId = "t", Status = MeetingRequestStatus.Declined,
                CreatedAt = now.AddHours(-2), UpdatedAt = now, ExpiresAt = now.AddDays(7),
            });
            db.Meetings.Add(new Meeting { Id = Guid.NewGuid(), RequestId = accepted.Id, EditionId = expo.Edition, OrganisationA = a, OrganisationB = b, Minutes = 30, CreatedAt = now });
            return await db.SaveChangesAsync();
        });
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        var participant = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Alpha Cells"));
        var url = $"/api/editions/{expo.Edition}/meetings";

        var figures = await organiser.GetFromJsonAsync<JsonElement>($"{url}/statistics", Ct);
        Assert.Equal((2, 1, 1, 0.5), (figures.GetProperty("requests").GetInt32(), figures.GetProperty("accepted").GetInt32(), figures.GetProperty("declined").GetInt32(),
            figures.GetProperty("acceptanceRate").GetDouble()));
        Assert.Equal(2.5, figures.GetProperty("medianHoursToAnswer").GetDouble(), 0.01);
        Assert.Equal("Omicron Batteries", figures.GetProperty("perExhibitor")[0].GetProperty("nameEn").GetString());
        var zones = figures.GetProperty("perZone").EnumerateArray().ToList();
        Assert.Equal(["smart-vehicles", "spare", null], zones.Select(z => z.GetProperty("code").GetString()));
        Assert.Equal("Not exhibiting", zones[^1].GetProperty("nameEn").GetString());
        Assert.Equal("ForeignDomestic", figures.GetProperty("pairs")[1].GetProperty("kind").GetString());

        var csv = await organiser.GetAsync($"{url}/export?format=csv&table=summary", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lianbo-meetings-2-summary.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("Meeting requests,2", await csv.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var xlsx = await organiser.GetAsync($"{url}/export?format=XLSX", Ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);

        var refused = await participant.GetAsync($"{url}/statistics", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.GetAsync($"{url}/export?format=csv", Ct)).StatusCode);

        var badFormat = await organiser.GetAsync($"{url}/export?format=ods", Ct);
        var badTable = await organiser.GetAsync($"{url}/export?format=csv&table=requests", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        Assert.True((await badFormat.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("format", out _));
        var table = (await badTable.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("table")[0].GetString();
        Assert.Equal("Unknown table \"requests\": choose exhibitors, summary or zones", table);
        var missing = await organiser.GetAsync($"/api/editions/{Guid.NewGuid()}/meetings/statistics", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_page_shows_the_demo_editions_meetings_in_both_languages_with_its_downloads_to_organisers_only()
    {
        await using var app = await ExpoApiTests.StartWithDemoAsync();
        var user = await app.CreateUserAsync(Roles.Organiser);
        var organiser = await AccountPagesTests.SignedInAsync(app, user);

        var english = await (await organiser.GetAsync("/expo/2/meetings", Ct)).HtmlAsync();
        Assert.Contains("<h1>Meeting analytics <span class=\"other\">2nd China International Supply Chain Expo (demo)</span>", english, StringComparison.Ordinal);
        Assert.Contains("6,100", english, StringComparison.Ordinal);
        Assert.Contains("Large firm ↔ SME", english, StringComparison.Ordinal);
        Assert.Contains("Not exhibiting", english, StringComparison.Ordinal);
        Assert.Contains("data-chart=", english, StringComparison.Ordinal);
        Assert.Contains("href=\"/expo/2/meetings.xlsx\"", english, StringComparison.Ordinal);
        Assert.Contains("The 50 exhibitors with the most meetings, of 620", english, StringComparison.Ordinal);
        Assert.Equal(50, english.Split("href=\"/expo/exhibitors/").Length - 1);

        var chinese = AccountPagesTests.Browser(app, "zh-CN");
        await chinese.SignInAsync(user.Email, TestAccounts.Password);
        var zh = await (await chinese.GetAsync("/expo/2/meetings", Ct)).HtmlAsync();
        Assert.Contains("<h1>洽谈数据分析 <span class=\"other\">第二届中国国际供应链促进博览会（示例）</span>", zh, StringComparison.Ordinal);
        Assert.Contains("大企业 ↔ 中小企业", zh, StringComparison.Ordinal);
        Assert.Contains("非参展机构", zh, StringComparison.Ordinal);
        Assert.Contains("智能汽车链", zh, StringComparison.Ordinal);

        var csv = await chinese.GetAsync("/expo/2/meetings.csv", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("中文名称,英文名称,国家或地区,展区,已确认洽谈", lines[0], StringComparison.Ordinal);
        Assert.Equal(621, lines.Length);
        Assert.Equal(HttpStatusCode.OK, (await organiser.GetAsync("/expo/2/meetings.xlsx", Ct)).StatusCode);
        Assert.Contains("href=\"/expo/2/meetings\"", await (await organiser.GetAsync("/expo/2", Ct)).HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.GetAsync("/expo/9/meetings", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.GetAsync("/expo/9/meetings.csv", Ct)).StatusCode);

        var participant = await AccountPagesTests.SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Beta Motors"));
        foreach (var path in new[] { "/expo/2/meetings", "/expo/2/meetings.csv" })
        {
            Assert.Equal("/account/denied", (await participant.GetAsync(path, Ct)).Headers.Location?.AbsolutePath);
        }

        Assert.DoesNotContain("href=\"/expo/2/meetings\"", await (await participant.GetAsync("/expo/2", Ct)).HtmlAsync(), StringComparison.Ordinal);
    }
}
