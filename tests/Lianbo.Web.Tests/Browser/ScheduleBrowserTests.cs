using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Scheduling;
using Lianbo.Core.Tests.Expo;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Meetings;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Browser;

/// <summary>The meeting schedule in Debian's Chromium: the organiser's grid, a table sheet, and a participant's agenda in Chinese.</summary>
public class ScheduleBrowserTests
{
    [Fact]
    public async Task The_organiser_runs_the_scheduler_sees_the_grid_and_why_a_meeting_was_not_placed_publishes_and_checks_it_in()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var page = session.Page;
        var (number, fixture) = await SetUpSignedInAsOrganiserAsync(session);
        await page.GoToAsync($"{session.Url}/expo/{number}/manage");
        await session.ClickAndWaitAsync("#schedule-link");
        Assert.Equal("0", await session.TextAsync("#fig-placed .value"));
        Assert.Contains("not scheduled yet", await session.TextAsync("#unscheduled"));

        await page.SelectAsync("#schedule-method", "heuristic");
        await session.ClickAndWaitAsync("#run-scheduler");
        Assert.Contains("1 meetings placed, 1 not placed", await session.TextAsync("#schedule-message"));
        Assert.Equal("Draft schedule", await session.TextAsync("#schedule-summary h2"));
        Assert.Equal("Heuristic", await session.TextAsync("#draft-method"));
        var cell = await session.TextAsync("#grid td.meeting");
        Assert.Contains("Alpha Cells", cell);
        Assert.Equal("one of them already has its maximum number of meetings", await session.TextAsync("#unscheduled tr[data-reason=ParticipantAtMaximum] .reason"));

        // Publishing asks first, saying what it does; nothing is published until it is confirmed.
        await session.ClickAndWaitAsync("#publish-schedule");
        Assert.Contains("1 meetings get their table and time", await session.TextAsync("#publish-confirm"));
        Assert.Equal("Draft schedule", await session.TextAsync("#schedule-summary h2"));
        await session.ClickAndWaitAsync("#confirm-publish");
        Assert.Contains("Published: 1 meetings", await session.TextAsync("#schedule-message"));
        Assert.Equal("Published schedule", await session.TextAsync("#schedule-summary h2"));
        Assert.Equal(cell, await session.TextAsync("#grid td.meeting"));

        // The floor staff's sheet of that table: the meeting at its Beijing time, checked in as held.
        var (meeting, startsAt, _) = await fixture.PlacedAsync(session.Services);
        var table = await page.EvaluateFunctionAsync<string>("() => document.querySelector('#grid td.meeting').closest('tr').dataset.table");
        await page.GoToAsync($"{session.Url}/expo/{number}/schedule/tables/{table}");
        var row = $"tr[data-meeting='{meeting}']";
        Assert.Equal(startsAt.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), await session.TextAsync(row + " .time"));
        await session.ClickAndWaitAsync(row + " button.held");
        Assert.Equal("Held", await session.TextAsync(row + " .attendance"));
    }

    [Fact]
    public async Task A_participant_sees_its_agenda_in_Chinese_at_the_expos_time_and_is_kept_out_of_the_organisers_grid()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var page = session.Page;
        var (number, fixture) = await SetUpAsync(session);
        await fixture.PublishAsync(session.Services);
        var (meeting, startsAt, counterpart) = await fixture.PlacedAsync(session.Services);
        var name = counterpart == fixture.First.OrganisationId ? "Xian Motors公司" : "Yantai Cells公司";

        await session.SignInAsync(Participant!.Email, TestAccounts.Password);
        await session.ClickAndWaitAsync("#lang-zh");
        await page.GoToAsync(session.Url + "/meetings");
        Assert.NotNull(await page.QuerySelectorAsync("#agenda-link"));
        await page.GoToAsync(session.Url + "/meetings/agenda");
        Assert.Equal("我的日程", await session.TextAsync("h1"));
        var row = $"tr[data-meeting='{meeting}']";
        var local = startsAt.ToOffset(TimeSpan.FromHours(8));
        Assert.StartsWith(local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) + "–", await session.TextAsync(row + " .time"));
        Assert.Contains(name, await session.TextAsync(row + " .counterpart"));
        Assert.Contains(local.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture), await session.TextAsync(".agenda-day h2"));
        Assert.Contains("中国标准时间（北京）", await session.TextAsync(".agenda-day h2"));
        Assert.Contains("1 场已接受的洽谈", await session.TextAsync("#unslotted"));
        var link = await page.EvaluateFunctionAsync<string>("() => document.querySelector('#calendar-url').value");
        Assert.StartsWith(session.Url + "/api/meetings/", link);
        Assert.EndsWith(".ics?lang=zh", link);

        await session.ClickAndWaitAsync("#reset-calendar");
        Assert.NotEqual(link, await page.EvaluateFunctionAsync<string>("() => document.querySelector('#calendar-url').value"));

        await page.GoToAsync($"{session.Url}/expo/{number}/schedule");
        Assert.Contains("/account/denied", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_organiser_sets_the_grid_and_the_tables_on_the_page_and_a_bad_value_is_named_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var page = session.Page;
        var (number, fixture) = await SetUpSignedInAsOrganiserAsync(session);
        await page.GoToAsync($"{session.Url}/expo/{number}/schedule");
        Task Fill(string selector, string value) => page.EvaluateFunctionAsync("(s, v) => document.querySelector(s).value = v", selector, value);

        // A blocked slot past the grid's last (4 slots a day): the field is named and nothing is saved.
        await Fill("#settings-minutes", "45");
        await Fill("#settings-blocked", "1, 999");
        await session.ClickAndWaitAsync("#save-settings");
        Assert.Contains("blocked slots", await session.TextAsync("#schedule-settings .field-error[data-field=blockedSlots]"));
        Assert.Equal(30, (await SettingsAsync(session, fixture)).SlotMinutes);

        await Fill("#settings-minutes", "45");
        await Fill("#settings-blocked", "1");
        await session.ClickAndWaitAsync("#save-settings");
        Assert.Equal("Saved.", await session.TextAsync("#schedule-message"));
        var settings = await SettingsAsync(session, fixture);
        Assert.Equal(45, settings.SlotMinutes);
        Assert.Equal([1], settings.BlockedSlots);

        // A table with 1 seat is refused with its line's field, and the tables stay as they were; then a third is added.
        await Fill("#tables-lines", "T1,A1,2\nT2,A1,2\nT3,A1,1");
        await session.ClickAndWaitAsync("#save-tables");
        Assert.NotNull(await page.QuerySelectorAsync("#schedule-settings .field-error[data-field='tables[2].capacity']"));
        Assert.Equal(["T1", "T2"], (await TablesAsync(session, fixture)).Select(t => t.Code));

        await Fill("#tables-lines", "T1,A1,2\nT2,A1,2\nT3,A1,4");
        await session.ClickAndWaitAsync("#save-tables");
        Assert.Equal("Saved.", await session.TextAsync("#schedule-message"));
        Assert.Equal([("T1", 2), ("T2", 2), ("T3", 4)], (await TablesAsync(session, fixture)).Select(t => (t.Code, t.Capacity)));
        Assert.Equal(3, (await page.QuerySelectorAllAsync("#table-sheets .sheet-link")).Length);

        // The same page in Chinese.
        await session.ClickAndWaitAsync("#lang-zh");
        await Fill("#settings-blocked", "1");
        await session.ClickAndWaitAsync("#save-settings");
        Assert.Equal("已保存。", await session.TextAsync("#schedule-message"));
    }

    private static async Task<ScheduleSettingsDto> SettingsAsync(BrowserSession session, ScheduleFixture fixture)
    {
        await using var scope = session.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<MeetingSchedules>().SettingsAsync(fixture.Edition)).Value!;
    }

    private static async Task<List<TableDto>> TablesAsync(BrowserSession session, ScheduleFixture fixture)
    {
        await using var scope = session.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<MeetingSchedules>().TablesAsync(fixture.Edition)).Value!;
    }

    private TestUser? Participant { get; set; }

    private async Task<(int Number, ScheduleFixture Fixture)> SetUpAsync(BrowserSession session)
    {
        var expo = await WithDbAsync(session, db => ExpoBuilder.CreateAsync(db));
        Participant = await session.Services.CreateUserAsync(Roles.Participant, "Alpha Cells", isPublic: true);
        return (expo.Number, await ScheduleFixture.CreateAsync(session.Services, expo.Edition, Participant));
    }

    // The edition and its meetings as SetUpAsync makes them, with an organiser signed in.
    private async Task<(int Number, ScheduleFixture Fixture)> SetUpSignedInAsOrganiserAsync(BrowserSession session)
    {
        var set = await SetUpAsync(session);
        var organiser = await session.Services.CreateUserAsync(Roles.Organiser);
        await session.SignInAsync(organiser.Email, TestAccounts.Password);
        return set;
    }

    private static async Task<T> WithDbAsync<T>(BrowserSession session, Func<LianboDbContext, Task<T>> work)
    {
        await using var scope = session.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LianboDbContext>());
    }
}
