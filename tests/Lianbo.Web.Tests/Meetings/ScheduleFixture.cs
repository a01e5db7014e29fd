using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Lianbo.Core.Scheduling;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Meetings;

/// <summary>
/// A small scheduling case at an edition: 5 days of 4 half-hour slots from 09:00 Beijing time (the first slot blocked
/// for the opening), two tables in hall A1, at most one meeting per participant; the participant has accepted
/// meetings with two organisations, none with a time yet, so a draft places one and cannot place the other (the
/// participant is at its maximum). Made through the product's own use cases: requests asked and accepted, the grid
/// and tables set by the organiser.
/// </summary>
public sealed record ScheduleFixture(Guid Edition, Guid Participant, TestUser First, TestUser Second, Guid Table, string TableCode)
{
    public static readonly ScheduleSettingsDto Settings = new("Asia/Shanghai", new TimeOnly(9, 0), 30, 4, 0, 1, 0, [0]);

    /// <param name="participant">A participant with an organisation (the one whose agenda the tests read).</param>
    public static async Task<ScheduleFixture> CreateAsync(IServiceProvider services, Guid edition, TestUser participant)
    {
        var first = await services.CreateUserAsync(Roles.Participant, "Xian Motors", isPublic: true);
        var second = await services.CreateUserAsync(Roles.Participant, "Yantai Cells", isPublic: true);
        await using var scope = services.CreateAsyncScope();
        var s = scope.ServiceProvider;
        var schedules = s.GetRequiredService<MeetingSchedules>();
        var requests = s.GetRequiredService<MeetingRequests>();
        Check(await schedules.SaveSettingsAsync(Viewer.CommandLine, edition, Settings));
        var tables = Check(await schedules.SaveTablesAsync(Viewer.CommandLine, edition, [new("T1", "A1", 2), new("T2", "A1", 2)]));
        foreach (var other in new[] { first, second })
        {
            var asked = Check(await requests.CreateAsync(ViewerOf(participant), new(other.OrganisationId, "Cells for 2027", null, edition, MeetingPriority.MustMeet)));
            Check(await requests.AcceptAsync(ViewerOf(other), asked.Id, new()));
        }

        return new ScheduleFixture(edition, participant.OrganisationId!.Value, first, second, tables[0].Id, tables[0].Code);
    }

    /// <summary>Runs the scheduler and publishes its draft, as an organiser would.</summary>
    public async Task PublishAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var schedules = scope.ServiceProvider.GetRequiredService<MeetingSchedules>();
        Check(await schedules.RunDraftAsync(Viewer.CommandLine, Edition));
        Check(await schedules.PublishAsync(Viewer.CommandLine, Edition));
    }

    /// <summary>The participant's meeting with a time (after publishing) and when it starts.</summary>
    public async Task<(Guid Id, DateTimeOffset StartsAt, Guid Counterpart)> PlacedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
        var m = await db.Meetings.AsNoTracking().SingleAsync(m => m.EditionId == Edition && m.StartsAt != null);
        return (m.Id, m.StartsAt!.Value, m.OrganisationA == Participant ? m.OrganisationB : m.OrganisationA);
    }

    /// <summary>The meeting the scheduler could not place.</summary>
    public async Task<Guid> UnplacedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
        return await db.Meetings.Where(m => m.EditionId == Edition && m.StartsAt == null).Select(m => m.Id).SingleAsync();
    }

    /// <summary>The participant's calendar link token.</summary>
    public static async Task<string> CalendarTokenAsync(IServiceProvider services, TestUser participant)
    {
        await using var scope = services.CreateAsyncScope();
        return Check(await scope.ServiceProvider.GetRequiredService<MeetingSchedules>().AgendaAsync(ViewerOf(participant))).CalendarToken;
    }

    public static Viewer ViewerOf(TestUser user) => new(user.Id, user.OrganisationId, true, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });

    private static T Check<T>(Core.Outcome<T> outcome) =>
        outcome.IsValid ? outcome.Value! : throw new InvalidOperationException(string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) + outcome.Detail);
}
