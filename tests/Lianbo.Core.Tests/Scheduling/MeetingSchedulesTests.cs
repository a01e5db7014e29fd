using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Meetings;
using Lianbo.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lianbo.Core.Tests.Scheduling;

public class MeetingSchedulesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Now = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);
    private static readonly Viewer Organiser = new("organiser", null, false, new HashSet<string>(StringComparer.Ordinal) { Roles.Organiser });

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_hundred_accepts_at_one_participants_slot_give_one_meeting_and_199_clear_conflicts(string provider)
    {
        await using var world = await World.CreateAsync(provider, tables: 5);
        var host = await world.OrganisationAsync("Host");
        var guests = new List<Guid>();
        for (var i = 0; i < 200; i++)
        {
            guests.Add(await world.OrganisationAsync($"Guest {i}"));
        }

        var at = world.Grid.StartOf(3);
        var requests = new List<Guid>();
        foreach (var guest in guests)
        {
            requests.Add(await world.RequestAsync(guest, host, at));
        }

        var outcomes = await world.AcceptAllAsync(host, requests, at);

        Assert.Single(outcomes, o => o.IsValid);
        Assert.All(outcomes.Where(o => !o.IsValid), o => Assert.Equal(OutcomeKind.Conflict, o.Kind));
        Assert.All(outcomes.Where(o => !o.IsValid), o => Assert.False(string.IsNullOrWhiteSpace(o.Detail)));
        await using var db = world.Store.CreateContext();
        Assert.Equal(1, await db.Meetings.CountAsync(Ct));
        Assert.Equal(199, await db.MeetingRequests.CountAsync(r => r.Status == MeetingRequestStatus.Pending, Ct));
        await AssertNoDoubleBookingAsync(db);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_hundred_accepts_of_different_pairs_at_one_slot_fill_its_five_tables_and_no_more(string provider)
    {
        await using var world = await World.CreateAsync(provider, tables: 5);
        var at = world.Grid.StartOf(0);
        var answering = new List<(Guid Host, Guid Request)>();
        for (var i = 0; i < 200; i++)
        {
            var guest = await world.OrganisationAsync($"Guest {i}");
            var host = await world.OrganisationAsync($"Host {i}");
            answering.Add((host, await world.RequestAsync(guest, host, at)));
        }

        var outcomes = await Task.WhenAll(answering.Select(async a =>
        {
            await using var db = world.Store.CreateContext();
            return await world.RequestsOn(db).AcceptAsync(World.Member(a.Host), a.Request, new MeetingAnswer(at), Ct);
        }));

        Assert.Equal(5, outcomes.Count(o => o.IsValid));
        Assert.All(outcomes.Where(o => !o.IsValid), o => Assert.Equal(OutcomeKind.Conflict, o.Kind));
        await using var check = world.Store.CreateContext();
        var tables = await check.Meetings.Select(m => m.TableId).ToListAsync(Ct);
        Assert.Equal(5, tables.Distinct().Count());
        Assert.DoesNotContain(null, tables);
        await AssertNoDoubleBookingAsync(check);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_draft_places_unslotted_meetings_around_live_bookings_publishing_holds_them_and_a_rerun_keeps_them(string provider)
    {
        await using var world = await World.CreateAsync(provider, tables: 2);
        var (a, b, c, d) = (await world.OrganisationAsync("A"), await world.OrganisationAsync("B"), await world.OrganisationAsync("C"), await world.OrganisationAsync("D"));
        var live = world.Grid.StartOf(0);
        Assert.True((await world.Requests.AcceptAsync(World.Member(b), await world.RequestAsync(a, b, live), new MeetingAnswer(live), Ct)).IsValid);
        foreach (var (from, to) in new[] { (a, c), (b, c), (c, d), (a, d) })
        {
            Assert.True((await world.Requests.AcceptAsync(World.Member(to), await world.RequestAsync(from, to, null), new MeetingAnswer(), Ct)).IsValid);
        }

        var draft = (await world.Schedules.RunDraftAsync(Organiser, world.Edition, ct: Ct)).Value!;
        var view = (await world.Schedules.ViewAsync(Organiser, world.Edition, ct: Ct)).Value!;

        Assert.Equal((5, 0, 1, 0), (draft.Placed, draft.Unscheduled, draft.Kept, draft.Moved));
        Assert.Equal(0, draft.Gap);
        Assert.Equal("Draft", view.Source);
        Assert.Contains(view.Placed, p => p.Slot == 0 && p.OrganisationA == a && p.OrganisationB == b);
        Assert.Equal(4, await world.Db.Meetings.CountAsync(m => m.StartsAt == null, Ct));

        var published = await world.Schedules.PublishAsync(Organiser, world.Edition, Ct);
        Assert.Equal(ScheduleDraftStatus.Published, published.Value!.Status);
        var shown = (await world.Schedules.ViewAsync(Organiser, world.Edition, published: true, ct: Ct)).Value!;
        Assert.Equal(("Published", draft.Id, ScheduleDraftStatus.Published, 5), (shown.Source, shown.Draft?.Id, shown.Draft?.Status, shown.Draft?.Placed));
        await using (var db = world.Store.CreateContext())
        {
            Assert.Equal(0, await db.Meetings.CountAsync(m => m.StartsAt == null || m.Slot == null || m.TableId == null, Ct));
            Assert.Equal(15, await db.SlotHolds.CountAsync(Ct));
            await AssertNoDoubleBookingAsync(db);
        }

        // A late meeting: the re-run keeps every published meeting where it is.
        Assert.True((await world.Requests.AcceptAsync(World.Member(d), await world.RequestAsync(b, d, null), new MeetingAnswer(), Ct)).IsValid);
        var rerun = (await world.Schedules.RunDraftAsync(Organiser, world.Edition, ct: Ct)).Value!;
        Assert.Equal((6, 5, 0, 0), (rerun.Placed, rerun.Kept, rerun.Moved, rerun.Dropped));
        Assert.Equal(OutcomeKind.NotFound, (await world.Schedules.PublishAsync(Organiser, Guid.NewGuid(), Ct)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await world.Schedules.PublishAsync(World.Member(a), world.Edition, Ct)).Kind);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Publishing_a_draft_that_a_live_booking_overtook_is_refused_and_changes_nothing(string provider)
    {
        await using var world = await World.CreateAsync(provider, tables: 3);
        var (a, b, e) = (await world.OrganisationAsync("A"), await world.OrganisationAsync("B"), await world.OrganisationAsync("E"));
        Assert.True((await world.Requests.AcceptAsync(World.Member(b), await world.RequestAsync(a, b, null), new MeetingAnswer(), Ct)).IsValid);
        var draft = (await world.Schedules.RunDraftAsync(Organiser, world.Edition, ct: Ct)).Value!;
        var slot = (await world.Schedules.ViewAsync(Organiser, world.Edition, ct: Ct)).Value!.Placed.Single().Slot!.Value;

        // Meanwhile A books E live at the very slot the draft gives A and B.
        var at = world.Grid.StartOf(slot);
        Assert.True((await world.Requests.AcceptAsync(World.Member(e), await world.RequestAsync(a, e, at), new MeetingAnswer(at), Ct)).IsValid);
        var publish = await world.Schedules.PublishAsync(Organiser, world.Edition, Ct);

        Assert.Equal(1, draft.Placed);
        Assert.Equal(OutcomeKind.Conflict, publish.Kind);
        await using var db = world.Store.CreateContext();
        Assert.Equal(1, await db.Meetings.CountAsync(m => m.StartsAt == null, Ct));
        Assert.Equal(3, await db.SlotHolds.CountAsync(Ct));
        Assert.Equal(ScheduleDraftStatus.Draft, (await db.ScheduleDrafts.SingleAsync(Ct)).Status);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_calendar_feed_gives_Beijing_times_with_their_zone_so_an_attendee_in_UTC_minus_5_sees_them_converted(string provider)
    {
        await using var world = await World.CreateAsync(provider, tables: 1);
        var (a, b) = (await world.OrganisationAsync("Alpha Cells"), await world.OrganisationAsync("Beta Motors"));
        var at = world.Grid.StartOf(2); // 10:00 Beijing time on 1 December 2026
        Assert.True((await world.Requests.AcceptAsync(World.Member(b), await world.RequestAsync(a, b, at), new MeetingAnswer(at), Ct)).IsValid);

        var agenda = (await world.Schedules.AgendaAsync(World.Member(a), Ct)).Value!;
        var ics = (await world.Schedules.CalendarAsync(agenda.CalendarToken, "en", Ct))!;
        var unknown = await world.Schedules.CalendarAsync("not-a-token", "en", Ct);

        Assert.Null(unknown);
        Assert.Contains("BEGIN:VTIMEZONE", ics);
        Assert.Contains("DTSTART;TZID=Asia/Shanghai:20261201T100000", ics);
        var calendar = Ical.Net.Calendar.Load(ics)!;
        var meeting = Assert.Single(calendar.Events);
        Assert.Equal("Meeting: Beta Motors", meeting.Summary);
        var newYork = TimeZoneInfo.ConvertTime(new DateTimeOffset(meeting.DtStart!.AsUtc, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Equal((new DateTime(2026, 11, 30, 21, 0, 0), TimeSpan.FromHours(-5)), (newYork.DateTime, newYork.Offset));
        Assert.Equal(TimeSpan.FromMinutes(30), meeting.DtEnd!.AsUtc - meeting.DtStart.AsUtc);

        // A new link replaces the old one.
        var reset = (await world.Schedules.ResetCalendarAsync(World.Member(a), Ct)).Value!;
        Assert.NotEqual(agenda.CalendarToken, reset);
        Assert.Null(await world.Schedules.CalendarAsync(agenda.CalendarToken, "en", Ct));
        Assert.Contains("洽谈：Beta Motors", await world.Schedules.CalendarAsync(reset, "zh", Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    public async Task On_the_expos_days_a_proposed_time_must_be_a_slot_of_the_grid_and_bad_settings_name_their_fields(string provider)
    {
        await using var world = await World.CreateAsync(provider, tables: 1);
        var (a, b) = (await world.OrganisationAsync("A"), await world.OrganisationAsync("B"));
        var offGrid = world.Grid.StartOf(2).AddMinutes(15);
        var beforeExpo = world.Grid.StartOf(0).AddDays(-3).AddMinutes(7);

        var refused = await world.Requests.CreateAsync(World.Member(a), new NewMeetingRequest(b, null, [new SlotDto(offGrid, 30)], world.Edition), Ct);
        var videoCall = await world.Requests.CreateAsync(World.Member(a), new NewMeetingRequest(b, null, [new SlotDto(beforeExpo, 45)], world.Edition), Ct);
        var settings = await world.Schedules.SaveSettingsAsync(Organiser, world.Edition,
            new ScheduleSettingsDto("Mars/Olympus", new TimeOnly(9, 0), 5, 16, 3, 2, 0, [9999]), Ct);

        Assert.Equal("slots[0]", Assert.Single(refused.Errors).Key);
        Assert.True(videoCall.IsValid);
        Assert.Equal(["blockedSlots", "minMeetings", "slotMinutes", "timeZone"], settings.Errors.Keys.Order(StringComparer.Ordinal));

        // Accepting the off-expo time books no slot: it is not a meeting at the expo.
        var accepted = await world.Requests.AcceptAsync(World.Member(b), videoCall.Value!.Id, new MeetingAnswer(beforeExpo), Ct);
        Assert.Null((await world.Db.Meetings.AsNoTracking().SingleAsync(m => m.RequestId == accepted.Value!.Id, Ct)).Slot);
        Assert.Equal(0, await world.Db.SlotHolds.CountAsync(Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_editions_days_cannot_move_under_booked_meetings_and_only_harmless_changes_pass(string provider)
    {
        await using var world = await World.CreateAsync(provider, tables: 2);
        var (a, b) = (await world.OrganisationAsync("A"), await world.OrganisationAsync("B"));
        var at = world.Grid.StartOf(20);
        Assert.True((await world.Requests.AcceptAsync(World.Member(b), await world.RequestAsync(a, b, at), new MeetingAnswer(at), Ct)).IsValid);
        var draft = await world.Schedules.RunDraftAsync(Organiser, world.Edition, ct: Ct);

        var earlier = await world.ChangeDaysAsync(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21));
        var shorter = await world.ChangeDaysAsync(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 1));
        var longer = await world.ChangeDaysAsync(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 3));

        Assert.Equal((OutcomeKind.Conflict, OutcomeKind.Conflict), (earlier.Kind, shorter.Kind));
        Assert.Contains("1 confirmed meetings", earlier.Detail, StringComparison.Ordinal);
        Assert.True(longer.IsValid);
        await using var db = world.Store.CreateContext();
        var meeting = await db.Meetings.SingleAsync(Ct);
        var grid = (await MeetingGrid.ForAsync(db, world.Edition, Ct))!;
        Assert.Equal((at, 20), (meeting.StartsAt, meeting.Slot));
        Assert.Equal(at, grid.StartOf(meeting.Slot!.Value));
        Assert.True(draft.IsValid);
        Assert.Equal(ScheduleDraftStatus.Discarded, (await db.ScheduleDrafts.SingleAsync(Ct)).Status);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_date_change_racing_live_bookings_leaves_every_booked_time_where_its_slot_says(string provider)
    {
        await using var world = await World.CreateAsync(provider, tables: 20);
        var at = world.Grid.StartOf(18);
        var requests = new List<(Guid Host, Guid Request)>();
        for (var i = 0; i < 20; i++)
        {
            var (guest, host) = (await world.OrganisationAsync($"Guest {i}"), await world.OrganisationAsync($"Host {i}"));
            requests.Add((host, await world.RequestAsync(guest, host, at)));
        }

        // The organiser moves the expo a day earlier while twenty hosts accept.
        var accepts = requests.Select(async r =>
        {
            await using var db = world.Store.CreateContext();
            return await world.RequestsOn(db).AcceptAsync(World.Member(r.Host), r.Request, new MeetingAnswer(at), Ct);
        }).ToList();
        var change = world.ChangeDaysAsync(new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 1));
        await Task.WhenAll(accepts);

        await using var check = world.Store.CreateContext();
        var grid = (await MeetingGrid.ForAsync(check, world.Edition, Ct))!;
        var booked = await check.Meetings.Where(m => m.Status == MeetingStatus.Confirmed).ToListAsync(Ct);
        Assert.NotEmpty(booked);
        Assert.All(booked, m => Assert.Equal(m.StartsAt, grid.StartOf(m.Slot!.Value)));
        Assert.All(booked, m => Assert.Equal(at, m.StartsAt));
        Assert.Equal((await change).IsValid ? new DateOnly(2026, 11, 30) : new DateOnly(2026, 12, 1), grid.FirstDay);
        await AssertNoDoubleBookingAsync(check);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Publishing_tells_both_sides_of_each_meeting_given_a_time_or_moved(string provider)
    {
        await using var world = await World.CreateAsync(provider, tables: 2);
        var (a, b, c) = (await world.OrganisationAsync("A"), await world.OrganisationAsync("B"), await world.OrganisationAsync("C"));
        var live = world.Grid.StartOf(0);
        Assert.True((await world.Requests.AcceptAsync(World.Member(b), await world.RequestAsync(a, b, live), new MeetingAnswer(live), Ct)).IsValid);
        Assert.True((await world.Requests.AcceptAsync(World.Member(c), await world.RequestAsync(a, c, null), new MeetingAnswer(), Ct)).IsValid);

        // The organiser blocks the first slot, where A and B agreed to meet: the schedule has to move them.
        var settings = (await world.Schedules.SettingsAsync(world.Edition, Ct)).Value! with { BlockedSlots = [0] };
        Assert.True((await world.Schedules.SaveSettingsAsync(Organiser, world.Edition, settings, Ct)).IsValid);
        var draft = (await world.Schedules.RunDraftAsync(Organiser, world.Edition, ct: Ct)).Value!;
        Assert.True((await world.Schedules.PublishAsync(Organiser, world.Edition, Ct)).IsValid);

        await using var db = world.Store.CreateContext();
        var notices = await db.Notices.Where(n => n.Kind == NoticeKind.MeetingScheduled || n.Kind == NoticeKind.MeetingMoved)
            .Select(n => new { n.OrganisationId, n.Kind, n.OtherOrganisationId }).ToListAsync(Ct);
        Assert.Contains(new { OrganisationId = c, Kind = NoticeKind.MeetingScheduled, OtherOrganisationId = a }, notices);
        Assert.Contains(new { OrganisationId = a, Kind = NoticeKind.MeetingScheduled, OtherOrganisationId = c }, notices);
        Assert.Equal(1, draft.Moved);
        Assert.Equal(2, notices.Count(n => n.Kind == NoticeKind.MeetingMoved));
        Assert.Contains(new { OrganisationId = b, Kind = NoticeKind.MeetingMoved, OtherOrganisationId = a }, notices);
    }

    private static async Task AssertNoDoubleBookingAsync(LianboDbContext db)
    {
        var placed = await db.Meetings.Where(m => m.Status == MeetingStatus.Confirmed && m.Slot != null).ToListAsync(Ct);
        var people = placed.SelectMany(m => new[] { (m.OrganisationA, m.Slot), (m.OrganisationB, m.Slot) }).ToList();
        Assert.Equal(people.Count, people.Distinct().Count());
        var tables = placed.Select(m => (m.TableId, m.Slot)).ToList();
        Assert.Equal(tables.Count, tables.Distinct().Count());
    }

    private sealed class World : IAsyncDisposable
    {
        public required TestStore Store { get; init; }
        public required LianboDbContext Db { get; init; }
        public required Guid Edition { get; init; }
        public required MeetingGrid Grid { get; init; }
        public FakeTimeProvider Clock { get; } = new(Now);
        public MeetingRequests Requests => RequestsOn(Db);
        public MeetingSchedules Schedules => new(Db, new AuditLog(Db, Clock), Clock);

        public MeetingRequests RequestsOn(LianboDbContext db) =>
            new(db, new AuditLog(db, Clock), new Lianbo.Core.Matchmaking.Matchmaker(), Options.Create(new MeetingOptions()), Clock);

        public static Viewer Member(Guid org) => new("user-" + org, org, false, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });

        /// <summary>An edition on 1–2 December 2026 (the default grid: 16 half-hour slots from 09:00 Beijing time) with tables in two halls.</summary>
        public static async Task<World> CreateAsync(string provider, int tables)
        {
            var store = await TestStore.CreateAsync(provider);
            var db = await store.MigratedContextAsync();
            var edition = new Edition
            {
                Id = Guid.NewGuid(), Number = 9, NameZh = "测试届", NameEn = "Test edition", ThemeZh = "测试", ThemeEn = "Test",
                StartsOn = new DateOnly(2026, 12, 1), EndsOn = new DateOnly(2026, 12, 2), CityZh = "北京", CityEn = "Beijing", VenueZh = "会场", VenueEn = "Venue",
            };
            var halls = new[] { "A1", "B1" }.Select(code => new Hall { Id = Guid.NewGuid(), EditionId = edition.Id, Code = code, NameZh = code + "馆", NameEn = "Hall " + code }).ToList();
            edition.Halls.AddRange(halls);
            db.Editions.Add(edition);
            db.MeetingTables.AddRange(Enumerable.Range(0, tables).Select(i => new MeetingTable { Id = Guid.NewGuid(), EditionId = edition.Id, Code = $"T{i + 1:00}", HallId = halls[i % 2].Id }));
            await db.SaveChangesAsync(Ct);
            return new World { Store = store, Db = db, Edition = edition.Id, Grid = (await MeetingGrid.ForAsync(db, edition.Id, Ct))! };
        }

        public async Task<Guid> OrganisationAsync(string name)
        {
            var org = new Organisation { Id = Guid.NewGuid(), NameEn = name, NameZh = name, IsPublic = true, CreatedAt = Now };
            Db.Organisations.Add(org);
            await Db.SaveChangesAsync(Ct);
            return org.Id;
        }

        /// <summary>A pending request from one organisation to another, proposing one time (or none).</summary>
        public async Task<Guid> RequestAsync(Guid from, Guid to, DateTimeOffset? at)
        {
            var created = await Requests.CreateAsync(Member(from), new NewMeetingRequest(to, null, at is { } t ? [new SlotDto(t, 30)] : [], Edition), Ct);
            Db.ChangeTracker.Clear();
            return created.Value?.Id ?? throw new InvalidOperationException(string.Join("; ", created.Errors.SelectMany(e => e.Value)) + created.Detail);
        }

        /// <summary>The organiser changes the edition's days, nothing else.</summary>
        public async Task<Outcome<EditionSetupDto>> ChangeDaysAsync(DateOnly starts, DateOnly ends)
        {
            await using var db = Store.CreateContext();
            var e = await db.Editions.AsNoTracking().SingleAsync(x => x.Id == Edition, Ct);
            var input = new EditionInput(e.Number, e.NameZh, e.NameEn, e.ThemeZh, e.ThemeEn, starts, ends, e.CityZh, e.CityEn, e.VenueZh, e.VenueEn, 1000);
            return await new ExpoCommands(db, new AuditLog(db, Clock)).UpdateEditionAsync(Organiser, Edition, input, Ct);
        }

        /// <summary>The host accepts every request at once, each on its own connection.</summary>
        public async Task<Outcome<MeetingRequestDto>[]> AcceptAllAsync(Guid host, IEnumerable<Guid> requests, DateTimeOffset at) =>
            await Task.WhenAll(requests.Select(async id =>
            {
                await using var db = Store.CreateContext();
                return await RequestsOn(db).AcceptAsync(Member(host), id, new MeetingAnswer(at), Ct);
            }));

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            await Store.DisposeAsync();
        }
    }
}
