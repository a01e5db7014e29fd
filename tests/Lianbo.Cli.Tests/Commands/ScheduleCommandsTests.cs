using Lianbo.Core.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Tests.Commands;

public sealed class ScheduleCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_publish_and_export_schedule_the_demos_unslotted_meetings_without_double_booking()
    {
        await using var store = await CliStore.CreateAsync();
        Assert.Equal(0, (await store.RunAsync("demo", "load")).ExitCode);
        int waiting;
        Guid second;
        await using (var db = store.Open())
        {
            second = await db.Editions.Where(e => e.Number == 2).Select(e => e.Id).SingleAsync(Ct);
            waiting = await db.Meetings.CountAsync(m => m.Status == MeetingStatus.Confirmed && m.StartsAt == null && m.EditionId == second, Ct);
        }

        var run = await store.RunAsync("schedule", "run", "--edition", "2", "--method", "Heuristic");
        var publish = await store.RunAsync("schedule", "publish", "--edition", "2");
        var csv = Path.Combine(store.DataDirectory, "schedule.csv");
        var export = await store.RunAsync("schedule", "export", "--edition", "2", "--output", csv);
        var unknown = await store.RunAsync("schedule", "run", "--edition", "9");
        var again = await store.RunAsync("schedule", "publish", "--edition", "2");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.StartsWith("Draft: ", run.Out, StringComparison.Ordinal);
        Assert.Equal(0, publish.ExitCode);
        Assert.StartsWith("Published: ", publish.Out, StringComparison.Ordinal);
        Assert.Equal((2, "No edition number 9"), (unknown.ExitCode, unknown.Error.Trim()));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("no draft", again.Error, StringComparison.OrdinalIgnoreCase);

        await using var check = store.Open();
        var placed = await check.Meetings.Where(m => m.Status == MeetingStatus.Confirmed && m.Slot != null).ToListAsync(Ct);
        var people = placed.SelectMany(m => new[] { (m.EditionId, m.OrganisationA, m.Slot), (m.EditionId, m.OrganisationB, m.Slot) }).ToList();
        Assert.Equal(people.Count, people.Distinct().Count());
        Assert.Equal(placed.Count, placed.Select(m => (m.TableId, m.Slot)).Distinct().Count());
        var stillWaiting = await check.Meetings.CountAsync(m => m.Status == MeetingStatus.Confirmed && m.StartsAt == null && m.EditionId == second, Ct);
        Assert.True(waiting > 0 && stillWaiting < waiting, $"{waiting} → {stillWaiting}");

        Assert.Equal(0, export.ExitCode);
        var lines = await File.ReadAllLinesAsync(csv, Ct);
        Assert.StartsWith("Day,Time,Table,Hall,Requester,Counterpart,Priority,Attendance", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(placed.Count(m => m.EditionId == second) + stillWaiting, lines.Length - 1);
    }
}
