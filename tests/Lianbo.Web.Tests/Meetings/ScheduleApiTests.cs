using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Tests.Expo;
using Lianbo.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Meetings;

public class ScheduleApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<Guid> EditionAsync(LianboApp app) =>
        app.WithServicesAsync(async s => (await ExpoBuilder.CreateAsync(s.GetRequiredService<LianboDbContext>())).Edition);

    [Fact]
    public async Task Wrong_settings_tables_and_methods_are_refused_naming_their_fields()
    {
        await using var app = await LianboApp.StartAsync();
        var edition = await EditionAsync(app);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));

        var settings = await organiser.PutAsJsonAsync($"/api/editions/{edition}/schedule/settings", new
        {
            timeZone = "Mars/Olympus", dayStart = "09:00:00", slotMinutes = 5, slotsPerDay = 16, minMeetings = 3, maxMeetings = 2, walkingSlots = 0, blockedSlots = new[] { 80 },
        }, Ct);
        var tables = await organiser.PutAsJsonAsync($"/api/editions/{edition}/schedule/tables", new
        {
            tables = new object[] { new { code = "T1", hall = "A1" }, new { code = "t1", hall = "A1" }, new { code = "T3", hall = "Z7", capacity = 1 } },
        }, Ct);
        var method = await organiser.PostAsync($"/api/editions/{edition}/schedule/draft?method=magic", null, Ct);
        var noTables = await organiser.PostAsync($"/api/editions/{edition}/schedule/draft", null, Ct);
        var noDraft = await organiser.PostAsync($"/api/editions/{edition}/schedule/publish", null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, settings.StatusCode);
        Assert.Equal(["blockedSlots", "minMeetings", "slotMinutes", "timeZone"], await FieldsAsync(settings));
        Assert.Equal(HttpStatusCode.BadRequest, tables.StatusCode);
        Assert.Equal(["tables[1].code", "tables[2].capacity", "tables[2].hall"], await FieldsAsync(tables));
        Assert.Equal(["method"], await FieldsAsync(method));
        Assert.Equal(["tables"], await FieldsAsync(noTables));
        Assert.Equal(HttpStatusCode.NotFound, noDraft.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.GetAsync($"/api/editions/{Guid.NewGuid()}/schedule/settings", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_organiser_drafts_and_publishes_and_the_participant_gets_its_agenda_and_calendar_in_the_expos_time_zone(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var edition = await EditionAsync(app);
        var participant = await app.CreateUserAsync(Roles.Participant, "Alpha Cells", isPublic: true);
        var bystander = await app.CreateUserAsync(Roles.Participant, "Beta Motors");
        var fixture = await ScheduleFixture.CreateAsync(app.Services, edition, participant);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));

        var settings = await organiser.GetFromJsonAsync<JsonElement>($"/api/editions/{edition}/schedule/settings", Ct);
        Assert.Equal(4, settings.GetProperty("slotsPerDay").GetInt32());
        Assert.Equal([0], settings.GetProperty("blockedSlots").EnumerateArray().Select(b => b.GetInt32()));

        var run = await organiser.PostAsync($"/api/editions/{edition}/schedule/draft?method=heuristic", null, Ct);
        var draft = await run.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal(1, draft.GetProperty("placed").GetInt32());
        Assert.Equal(1, draft.GetProperty("unscheduled").GetInt32());
        Assert.Equal("Heuristic", draft.GetProperty("method").GetString());

        var view = await organiser.GetFromJsonAsync<JsonElement>($"/api/editions/{edition}/schedule/draft", Ct);
        Assert.Equal("Draft", view.GetProperty("source").GetString());
        Assert.Equal(20, view.GetProperty("slots").GetArrayLength());
        Assert.True(view.GetProperty("slots")[0].GetProperty("blocked").GetBoolean());
        Assert.Equal("ParticipantAtMaximum", view.GetProperty("unscheduled")[0].GetProperty("reason").GetString());
        var placed = view.GetProperty("placed")[0];
        Assert.Equal(TimeSpan.FromHours(8), placed.GetProperty("startsAt").GetDateTimeOffset().Offset);

        Assert.Equal(HttpStatusCode.OK, (await organiser.PostAsync($"/api/editions/{edition}/schedule/publish", null, Ct)).StatusCode);
        var published = await organiser.GetFromJsonAsync<JsonElement>($"/api/editions/{edition}/schedule/draft?published=true", Ct);
        var (meeting, startsAt, counterpart) = await fixture.PlacedAsync(app.Services);
        Assert.Equal("Published", published.GetProperty("source").GetString());
        Assert.Equal(meeting, published.GetProperty("placed")[0].GetProperty("meetingId").GetGuid());
        Assert.Equal(placed.GetProperty("startsAt").GetDateTimeOffset(), startsAt);

        // The agenda is the organisation's own: another participant sees none of it.
        var agenda = await app.ClientFor(participant).GetFromJsonAsync<JsonElement>("/api/meetings/my-agenda", Ct);
        var other = await app.ClientFor(bystander).GetFromJsonAsync<JsonElement>("/api/meetings/my-agenda", Ct);
        var item = agenda.GetProperty("meetings")[0];
        Assert.Equal(1, agenda.GetProperty("meetings").GetArrayLength());
        Assert.Equal(1, agenda.GetProperty("unslotted").GetInt32());
        Assert.Equal(counterpart, item.GetProperty("counterpartId").GetGuid());
        Assert.Equal("Asia/Shanghai", item.GetProperty("timeZone").GetString());
        Assert.Equal("Hall A1", item.GetProperty("hallEn").GetString());
        Assert.Equal(0, other.GetProperty("meetings").GetArrayLength());
        Assert.NotEqual(agenda.GetProperty("calendarToken").GetString(), other.GetProperty("calendarToken").GetString());

        // The calendar needs no sign-in: the link is the secret. Times are local to the expo, with the zone's definition.
        var anonymous = app.ClientFor(null);
        var token = agenda.GetProperty("calendarToken").GetString();
        var ics = await anonymous.GetAsync($"/api/meetings/{token}.ics?lang=zh", Ct);
        var text = await ics.Content.ReadAsStringAsync(Ct);
        var local = startsAt.ToOffset(TimeSpan.FromHours(8));
        var name = counterpart == fixture.First.OrganisationId ? "Xian Motors公司" : "Yantai Cells公司";
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        Assert.Contains("BEGIN:VTIMEZONE", text, StringComparison.Ordinal);
        Assert.Contains($"DTSTART;TZID=Asia/Shanghai:{local:yyyyMMdd'T'HHmmss}", text, StringComparison.Ordinal);
        Assert.Contains("洽谈：" + name, text, StringComparison.Ordinal);
        var unknown = await anonymous.GetAsync("/api/meetings/0123456789abcdef.ics", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);

        // A new link replaces the old one.
        var reset = await app.ClientFor(participant).PostAsync("/api/meetings/calendar/reset", null, Ct);
        var link = await reset.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.EndsWith($"/api/meetings/{link.GetProperty("token").GetString()}.ics", link.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/meetings/{token}.ics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(link.GetProperty("url").GetString()!).PathAndQuery, Ct)).StatusCode);

        // The table's sheet and check-in: held is counted; a meeting without a time cannot be checked in.
        var sheet = await organiser.GetFromJsonAsync<JsonElement>($"/api/editions/{edition}/schedule/tables/{published.GetProperty("placed")[0].GetProperty("tableId").GetGuid()}/sheet", Ct);
        Assert.Equal(meeting, sheet.GetProperty("meetings")[0].GetProperty("meetingId").GetGuid());
        var held = await organiser.PostAsJsonAsync($"/api/meetings/{meeting}/attendance", new { attendance = "Held" }, Ct);
        Assert.Equal("Held", await held.Content.ReadFromJsonAsync<string>(Ct));
        Assert.Equal(1, (await organiser.GetFromJsonAsync<JsonElement>($"/api/editions/{edition}/schedule/draft?published=true", Ct)).GetProperty("held").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await organiser.PostAsJsonAsync($"/api/meetings/{await fixture.UnplacedAsync(app.Services)}/attendance", new { attendance = "NoShow" }, Ct)).StatusCode);
        Assert.Equal(["attendance"], await FieldsAsync(await organiser.PostAsJsonAsync($"/api/meetings/{meeting}/attendance", new { }, Ct)));
    }

    private static async Task<List<string>> FieldsAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal)];
}
