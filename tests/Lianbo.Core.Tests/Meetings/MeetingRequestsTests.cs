using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lianbo.Core.Tests.Meetings;

public class MeetingRequestsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_request_is_counter_proposed_accepted_and_only_then_shows_contact_details(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        var slot = new SlotDto(Start.AddDays(3), 30);

        var asked = await world.Requests.CreateAsync(world.Buyer, new NewMeetingRequest(world.SellerOrg, "想采购电芯", [slot], null), Ct);
        var inbox = (await world.Requests.InboxAsync(world.Seller, Ct)).Value!;
        var request = Assert.Single(inbox.Requests);
        Assert.True(asked.IsValid);
        Assert.True(request.Incoming);
        Assert.True(request.AwaitingYou);
        Assert.Null(request.Contact);
        Assert.Equal(1, inbox.Unread);
        Assert.Equal(NoticeKind.RequestReceived, Assert.Single(inbox.Notices).Kind);
        Assert.Contains("Buyer Motors", inbox.Notices[0].Text, StringComparison.Ordinal);

        // The asker may not answer its own request; the other side counter-proposes, which hands the answer back.
        var early = await world.Requests.AcceptAsync(world.Buyer, request.Id, new(slot.StartsAt), Ct);
        var later = new SlotDto(Start.AddDays(4), 45);
        var countered = await world.Requests.CounterAsync(world.Seller, request.Id, new CounterProposal([later], "那天没空"), Ct);
        var wrongSlot = await world.Requests.AcceptAsync(world.Buyer, request.Id, new(slot.StartsAt), Ct);
        var accepted = await world.Requests.AcceptAsync(world.Buyer, request.Id, new(later.StartsAt), Ct);

        Assert.Equal(OutcomeKind.Conflict, early.Kind);
        Assert.Equal(1, countered.Value!.Round);
        Assert.False(countered.Value.AwaitingYou);
        Assert.Equal("那天没空", countered.Value.Reply);
        Assert.Equal("slot", Assert.Single(wrongSlot.Errors).Key);
        Assert.Equal(MeetingRequestStatus.Accepted, accepted.Value!.Status);
        Assert.Equal(later.StartsAt, accepted.Value.Meeting!.StartsAt);
        Assert.Equal(45, accepted.Value.Meeting.Minutes);
        Assert.Equal("sales@seller.example", accepted.Value.Contact!.Email);
        var sellerView = (await world.Requests.InboxAsync(world.Seller, Ct)).Value!.Requests.Single();
        Assert.Equal("buy@buyer.example", sellerView.Contact!.Email);
        Assert.True(await world.Organisations().MaySeeContactAsync(world.Buyer, world.SellerOrg, Ct));
        Assert.False(await world.Organisations().MaySeeContactAsync(world.Outsider, world.SellerOrg, Ct));

        // Either side cancels an accepted meeting; a cancelled one cannot be answered or cancelled again.
        var cancelled = await world.Requests.CancelAsync(world.Seller, request.Id, new(), Ct);
        Assert.Equal(MeetingRequestStatus.Cancelled, cancelled.Value!.Status);
        Assert.Equal(MeetingStatus.Cancelled, cancelled.Value.Meeting!.Status);
        Assert.Equal(OutcomeKind.Conflict, (await world.Requests.CancelAsync(world.Buyer, request.Id, new(), Ct)).Kind);
        Assert.Equal(OutcomeKind.Conflict, (await world.Requests.AcceptAsync(world.Seller, request.Id, new(later.StartsAt), Ct)).Kind);
        var kinds = await world.Db.Notices.Where(n => n.OrganisationId == world.BuyerOrg).OrderBy(n => n.Id).Select(n => n.Kind).ToListAsync(Ct);
        Assert.Equal([NoticeKind.CounterProposed, NoticeKind.RequestCancelled], kinds);
        Assert.Equal(["meeting.request", "meeting.counter", "meeting.accept", "meeting.cancel"],
            await world.Db.AuditEntries.Where(e => e.EntityType == nameof(MeetingRequest)).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Outsiders_see_nothing_and_bad_requests_name_their_fields(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        var request = (await world.Requests.CreateAsync(world.Buyer, new NewMeetingRequest(world.SellerOrg, null, [], null), Ct)).Value!;

        Assert.Equal(OutcomeKind.NotFound, (await world.Requests.AcceptAsync(world.Outsider, request.Id, new(), Ct)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await world.Requests.CancelAsync(world.Outsider, request.Id, new(), Ct)).Kind);
        Assert.Empty((await world.Requests.InboxAsync(world.Outsider, Ct)).Value!.Requests);
        Assert.Equal(OutcomeKind.Forbidden, (await world.Requests.InboxAsync(new Viewer("x", null, false, new HashSet<string>()), Ct)).Kind);

        var bad = await world.Requests.CreateAsync(world.Buyer, new NewMeetingRequest(world.BuyerOrg, new string('x', 1001),
            [new(Start.AddHours(-1), 30), new(Start.AddDays(1), 5), new(Start.AddDays(1), 30)], Guid.NewGuid()), Ct);
        Assert.Equal(["editionId", "message", "slots[0]", "slots[1]", "slots[2]", "to"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        var hidden = await world.Requests.CreateAsync(world.Buyer, new NewMeetingRequest(world.HiddenOrg, null, null, null), Ct);
        Assert.Equal("to", Assert.Single(hidden.Errors).Key);

        // One open request per pair, whichever side asks; a declined one makes room for a new one.
        var twice = await world.Requests.CreateAsync(world.Seller, new NewMeetingRequest(world.BuyerOrg, null, null, null), Ct);
        Assert.Equal(OutcomeKind.Conflict, twice.Kind);
        var declined = await world.Requests.DeclineAsync(world.Seller, request.Id, new(Message: "暂无需求"), Ct);
        Assert.Equal(MeetingRequestStatus.Declined, declined.Value!.Status);
        Assert.Null(declined.Value.Contact);
        Assert.True((await world.Requests.CreateAsync(world.Seller, new NewMeetingRequest(world.BuyerOrg, null, null, null), Ct)).IsValid);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_inbox_is_read_in_five_queries_whatever_it_holds_and_counts_the_unread_notices(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        var counter = new CommandCounter();
        await using var counted = Counted(world.Store, counter);
        var memory = new StoreMemory(new TableWrites(), world.Clock);
        var requests = new MeetingRequests(counted, new AuditLog(counted, world.Clock), new Lianbo.Core.Matchmaking.Matchmaker(), Options.Create(world.Settings), world.Clock, memory);
        // The editions' zones are read once, then kept.
        var empty = (await requests.InboxAsync(world.Seller, Ct)).Value!;
        var commands = new List<int>();
        async Task<InboxDto> Read()
        {
            counter.Count = 0;
            var inbox = (await requests.InboxAsync(world.Seller, Ct)).Value!;
            commands.Add(counter.Count);
            return inbox;
        }

        var none = await Read();
        await world.Requests.CreateAsync(world.Buyer, new NewMeetingRequest(world.SellerOrg, "想采购电芯", null, null), Ct);
        var one = await Read();
        await world.Requests.CreateAsync(world.Outsider, new NewMeetingRequest(world.SellerOrg, null, null, null), Ct);
        var two = await Read();
        await world.Requests.MarkReadAsync(world.Seller, Ct);
        var read = await Read();

        Assert.Equal([5, 5, 5, 5], commands);
        Assert.Equal((0, 0, 0), (empty.Requests.Count, none.Notices.Count, none.Unread));
        Assert.Equal((1, 1, 1), (one.Requests.Count, one.Notices.Count, one.Unread));
        Assert.Equal((2, 2, 2), (two.Requests.Count, two.Notices.Count, two.Unread));
        Assert.Equal((2, 2, 0), (read.Requests.Count, read.Notices.Count, read.Unread));
    }

    private sealed class CommandCounter : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public int Count;

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object>> ScalarExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return ValueTask.FromResult(result);
        }
    }

    // A context on the test's store that reports every command it sends to the counter.
    private static LianboDbContext Counted(TestStore store, CommandCounter counter)
    {
        using var plain = store.CreateContext();
        var connection = plain.Database.GetConnectionString()!;
        return plain is SqliteLianboDbContext
            ? new SqliteLianboDbContext(new DbContextOptionsBuilder<SqliteLianboDbContext>().UseSqlite(connection).AddInterceptors(counter).Options)
            : new PostgresLianboDbContext(new DbContextOptionsBuilder<PostgresLianboDbContext>().UseNpgsql(connection).AddInterceptors(counter).Options);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_unanswered_request_is_reminded_once_then_expires_and_can_no_longer_be_accepted(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        var request = (await world.Requests.CreateAsync(world.Buyer, new NewMeetingRequest(world.SellerOrg, null, null, null), Ct)).Value!;
        Assert.Equal(Start + world.Settings.RequestLifetime, request.ExpiresAt);

        world.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal((0, 0), await world.Requests.ExpireAndRemindAsync(world.Clock.GetUtcNow(), ct: Ct));
        world.Clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal((0, 1), await world.Requests.ExpireAndRemindAsync(world.Clock.GetUtcNow(), ct: Ct));
        Assert.Equal((0, 0), await world.Requests.ExpireAndRemindAsync(world.Clock.GetUtcNow(), ct: Ct));
        var reminder = (await world.Requests.InboxAsync(world.Seller, Ct)).Value!.Notices[0];
        Assert.Equal(NoticeKind.Reminder, reminder.Kind);
        Assert.Contains(Lianbo.Core.Scheduling.EditionZones.Show(request.ExpiresAt, Lianbo.Core.Scheduling.EditionZones.Default), reminder.Text, StringComparison.Ordinal);

        world.Clock.Advance(TimeSpan.FromDays(1));
        var late = await world.Requests.AcceptAsync(world.Seller, request.Id, new(), Ct);
        Assert.Equal(OutcomeKind.Conflict, late.Kind);
        var after = (await world.Requests.InboxAsync(world.Buyer, Ct)).Value!;
        Assert.Equal(MeetingRequestStatus.Expired, after.Requests.Single().Status);
        Assert.Contains(after.Notices, n => n.Kind == NoticeKind.RequestExpired);
        Assert.Equal(0, await world.Db.Meetings.CountAsync(Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Of_an_accept_and_a_decline_given_at_once_exactly_one_wins(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        var request = (await world.Requests.CreateAsync(world.Buyer, new NewMeetingRequest(world.SellerOrg, null, null, null), Ct)).Value!;

        // Two colleagues of the seller answer at the same moment, each through its own connection.
        await using var dbA = world.Store.CreateContext();
        await using var dbB = world.Store.CreateContext();
        var outcomes = await Task.WhenAll(
            world.RequestsOn(dbA).AcceptAsync(world.Seller, request.Id, new(), Ct),
            world.RequestsOn(dbB).DeclineAsync(world.Seller, request.Id, new(), Ct));

        Assert.Single(outcomes, o => o.IsValid);
        Assert.Single(outcomes, o => o.Kind == OutcomeKind.Conflict);
        var status = await world.Db.MeetingRequests.Where(r => r.Id == request.Id).Select(r => r.Status).SingleAsync(Ct);
        Assert.Equal(status == MeetingRequestStatus.Accepted ? 1 : 0, await world.Db.Meetings.CountAsync(Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Contact_details_are_no_longer_shared_once_the_meeting_is_cancelled_unless_an_organiser_shared_them(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        var request = (await world.Requests.CreateAsync(world.Buyer, new NewMeetingRequest(world.SellerOrg, null, null, null), Ct)).Value!;
        await world.Requests.AcceptAsync(world.Seller, request.Id, new(), Ct);
        Assert.True(await world.Organisations().MaySeeContactAsync(world.Buyer, world.SellerOrg, Ct));

        await world.Requests.CancelAsync(world.Buyer, request.Id, new(), Ct);

        Assert.False(await world.Organisations().MaySeeContactAsync(world.Buyer, world.SellerOrg, Ct));
        Assert.False(await world.Organisations().MaySeeContactAsync(world.Seller, world.BuyerOrg, Ct));

        // An organiser's grant is the organiser's to end, not the meeting's.
        await world.Organisations().GrantContactAsync(world.BuyerOrg, world.SellerOrg, "organiser", Ct);
        var again = (await world.Requests.CreateAsync(world.Seller, new NewMeetingRequest(world.BuyerOrg, null, null, null), Ct)).Value!;
        await world.Requests.AcceptAsync(world.Buyer, again.Id, new(), Ct);
        await world.Requests.CancelAsync(world.Seller, again.Id, new(), Ct);
        Assert.True(await world.Organisations().MaySeeContactAsync(world.Buyer, world.SellerOrg, Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_pending_limit_holds_when_many_requests_arrive_at_once(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        world.Settings.MaxPendingPerOrganisation = 10;
        var targets = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        world.Db.Organisations.AddRange(targets.Select(id => new Organisation { Id = id, NameEn = $"Target {id:N}", NameZh = "目标", IsPublic = true, CreatedAt = Start }));
        await world.Db.SaveChangesAsync(Ct);

        // Each request through its own connection, all at once, as from many browser tabs or web nodes.
        var outcomes = await Task.WhenAll(targets.Select(async target =>
        {
            await using var db = world.Store.CreateContext();
            return await world.RequestsOn(db).CreateAsync(world.Buyer, new NewMeetingRequest(target, null, null, null), Ct);
        }));

        Assert.Equal(10, outcomes.Count(o => o.IsValid));
        Assert.All(outcomes.Where(o => !o.IsValid), o => Assert.Equal(OutcomeKind.Conflict, o.Kind));
        Assert.Equal(10, await world.Db.MeetingRequests.CountAsync(r => r.FromOrganisationId == world.BuyerOrg && r.Status == MeetingRequestStatus.Pending, Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_organisation_cannot_accept_two_meetings_at_the_same_time_outside_any_grid(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        var others = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        world.Db.Organisations.AddRange(others.Select(id => new Organisation { Id = id, NameEn = $"Asker {id:N}", NameZh = "请求方", IsPublic = true, CreatedAt = Start }));
        await world.Db.SaveChangesAsync(Ct);
        var at = Start.AddDays(40);
        var overlapping = Start.AddDays(40).AddMinutes(15);
        var requests = new List<Guid>();
        foreach (var (other, time) in others.Zip([at, at, overlapping]))
        {
            var asker = new Viewer("user-" + other, other, false, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });
            requests.Add((await world.Requests.CreateAsync(asker, new NewMeetingRequest(world.SellerOrg, null, [new SlotDto(time, 30)], null), Ct)).Value!.Id);
        }

        // The seller's colleagues accept all three at the same moment.
        var outcomes = await Task.WhenAll(requests.Select(async (id, i) =>
        {
            await using var db = world.Store.CreateContext();
            return await world.RequestsOn(db).AcceptAsync(world.Seller, id, new(i == 2 ? overlapping : at), Ct);
        }));

        Assert.Single(outcomes, o => o.IsValid);
        Assert.All(outcomes.Where(o => !o.IsValid), o => Assert.Equal(OutcomeKind.Conflict, o.Kind));
        Assert.Equal(1, await world.Db.Meetings.CountAsync(m => m.Status == MeetingStatus.Confirmed, Ct));
        var later = (await world.Requests.InboxAsync(world.Seller, Ct)).Value!.Requests.First(r => r.Status == MeetingRequestStatus.Pending);
        Assert.Equal(MeetingRequestStatus.Pending, later.Status);
    }

    [Fact]
    public void The_state_machine_allows_only_its_transitions()
    {
        var (from, to) = (Guid.NewGuid(), Guid.NewGuid());
        MeetingRequest Request(MeetingRequestStatus status, Guid? awaiting, int expiresInHours = 24) => new()
        {
            CreatedByUserId = "u", FromOrganisationId = from, ToOrganisationId = to, Status = status, AwaitingOrganisationId = awaiting,
            ExpiresAt = Start.AddHours(expiresInHours),
        };

        foreach (var action in new[] { MeetingAction.Accept, MeetingAction.Decline, MeetingAction.Counter })
        {
            Assert.Null(MeetingRequests.Refusal(Request(MeetingRequestStatus.Pending, to), to, action, Start));
            Assert.Equal("MeetingNotYourTurn", MeetingRequests.Refusal(Request(MeetingRequestStatus.Pending, to), from, action, Start)?.Key);
            Assert.Equal("MeetingExpired", MeetingRequests.Refusal(Request(MeetingRequestStatus.Pending, to, 0), to, action, Start)?.Key);
            foreach (var closed in new[] { MeetingRequestStatus.Accepted, MeetingRequestStatus.Declined, MeetingRequestStatus.Cancelled, MeetingRequestStatus.Expired })
            {
                Assert.Equal("MeetingNotPending", MeetingRequests.Refusal(Request(closed, null), to, action, Start)?.Key);
            }
        }

        Assert.Null(MeetingRequests.Refusal(Request(MeetingRequestStatus.Pending, to), from, MeetingAction.Cancel, Start));
        // Only the sender withdraws a pending request; the recipient declines it, even while its counter-proposal awaits the sender.
        Assert.Equal("MeetingWithdrawSenderOnly", MeetingRequests.Refusal(Request(MeetingRequestStatus.Pending, to), to, MeetingAction.Cancel, Start)?.Key);
        Assert.Equal("MeetingWithdrawSenderOnly", MeetingRequests.Refusal(Request(MeetingRequestStatus.Pending, from), to, MeetingAction.Cancel, Start)?.Key);
        Assert.Null(MeetingRequests.Refusal(Request(MeetingRequestStatus.Pending, from), to, MeetingAction.Decline, Start));
        Assert.Equal("MeetingNotYourTurn", MeetingRequests.Refusal(Request(MeetingRequestStatus.Pending, from), to, MeetingAction.Accept, Start)?.Key);
        Assert.Null(MeetingRequests.Refusal(Request(MeetingRequestStatus.Accepted, null), to, MeetingAction.Cancel, Start));
        Assert.Equal("MeetingExpired", MeetingRequests.Refusal(Request(MeetingRequestStatus.Pending, to, -1), from, MeetingAction.Cancel, Start)?.Key);
        foreach (var closed in new[] { MeetingRequestStatus.Declined, MeetingRequestStatus.Cancelled, MeetingRequestStatus.Expired })
        {
            Assert.Equal("MeetingClosed", MeetingRequests.Refusal(Request(closed, null), from, MeetingAction.Cancel, Start)?.Key);
        }
    }

    /// <summary>Three listed organisations with contact details, one unlisted, a member of each, and a clock.</summary>
    private sealed class World : IAsyncDisposable
    {
        public required TestStore Store { get; init; }
        public required LianboDbContext Db { get; init; }
        public FakeTimeProvider Clock { get; } = new(Start);
        public MeetingOptions Settings { get; } = new();
        public Guid BuyerOrg { get; } = Guid.NewGuid();
        public Guid SellerOrg { get; } = Guid.NewGuid();
        public Guid OutsiderOrg { get; } = Guid.NewGuid();
        public Guid HiddenOrg { get; } = Guid.NewGuid();
        public Viewer Buyer => Member(BuyerOrg);
        public Viewer Seller => Member(SellerOrg);
        public Viewer Outsider => Member(OutsiderOrg);
        public MeetingRequests Requests => RequestsOn(Db);

        public MeetingRequests RequestsOn(LianboDbContext db) => new(db, new AuditLog(db, Clock), new Lianbo.Core.Matchmaking.Matchmaker(), Options.Create(Settings), Clock);

        public Organisations Organisations() => new(Db, null!, new AuditLog(Db, Clock), Clock);

        private static Viewer Member(Guid org) => new("user-" + org, org, false, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });

        public static async Task<World> CreateAsync(string provider)
        {
            var store = await TestStore.CreateAsync(provider);
            var world = new World { Store = store, Db = await store.MigratedContextAsync() };
            world.Db.Organisations.AddRange(
                Org(world.BuyerOrg, "Buyer Motors", "买方汽车", "buy@buyer.example", isPublic: true),
                Org(world.SellerOrg, "Seller Cells", "卖方电芯", "sales@seller.example", isPublic: true),
                Org(world.OutsiderOrg, "Outsider", "局外人", "who@outsider.example", isPublic: true),
                Org(world.HiddenOrg, "Hidden", "未公开", "hidden@example.test", isPublic: false));
            await world.Db.SaveChangesAsync();
            return world;
        }

        private static Organisation Org(Guid id, string en, string zh, string email, bool isPublic) =>
            new() { Id = id, NameEn = en, NameZh = zh, IsPublic = isPublic, ContactEmail = email, ContactPerson = en + " sales", CreatedAt = Start };

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            await Store.DisposeAsync();
        }
    }
}
