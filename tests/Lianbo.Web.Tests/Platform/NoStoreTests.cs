using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Web.Tests.Accounts;

namespace Lianbo.Web.Tests.Platform;

public class NoStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Answers_with_personal_data_or_secrets_are_not_stored_by_caches()
    {
        await using var app = await LianboApp.StartAsync();
        var member = await app.CreateUserAsync(Roles.Participant, "Xi Fasteners", isPublic: true);
        var calendar = await Meetings.ScheduleFixture.CalendarTokenAsync(app.Services, member);
        var page = await AccountPagesTests.SignedInAsync(app, member);

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["/api/me"] = await app.ClientFor(member).GetAsync("/api/me", Ct),
            ["/api/organisations/{id} with contact details"] = await app.ClientFor(member).GetAsync($"/api/organisations/{member.OrganisationId}", Ct),
            ["the calendar feed"] = await app.ClientFor(null).GetAsync($"/api/meetings/{calendar}.ics", Ct),
            ["a signed-in page"] = await page.GetAsync("/countries", Ct),
            ["a signed-in download"] = await page.GetAsync("/account/export.json", Ct),
        };
        var publicApi = await app.ClientFor(null).GetAsync("/api/countries", Ct);

        Assert.Equal(HttpStatusCode.OK, responses["/api/organisations/{id} with contact details"].StatusCode);
        Assert.Equal(member.Email, (await responses["/api/organisations/{id} with contact details"].Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("contact").GetProperty("email").GetString());
        Assert.All(responses, r => Assert.True(r.Value.Headers.CacheControl?.NoStore == true, $"{r.Key}: Cache-Control {r.Value.Headers.CacheControl}"));
        Assert.Equal(HttpStatusCode.OK, responses["the calendar feed"].StatusCode);
        Assert.NotEqual(true, publicApi.Headers.CacheControl?.NoStore);
    }
}
