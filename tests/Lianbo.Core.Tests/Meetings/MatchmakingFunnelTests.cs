using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Meetings;
using Lianbo.Core.Tests.Expo;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Meetings;

public class MatchmakingFunnelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2024, 11, 20, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Each_request_meeting_and_outcome_of_a_hand_made_edition_lands_in_its_chains_row(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.PreparedContextAsync();
        var w = await World.CreateAsync(db);

        var funnel = (await MatchmakingFunnel.ComputeAsync(db, w.Edition, Ct))!;

        Assert.False(funnel.RecommendationsRecorded);
        Assert.True(funnel.AttendanceRecorded);
        Assert.Equal([("smart-vehicles", "智能汽车链"), ("green-agriculture", "绿色农业链"), ("clean-energy", "清洁能源链"), (null, null)],
            funnel.Chains.Select(c => (c.ChainId, c.ChainZh)));
        var rows = funnel.Chains.Select(Figures).ToList();
        // Vehicles: A→B held; A→S pending (S's area has no chain, so the sender's); an intention from A→B's meeting and one without.
        Assert.Equal((2, 1, 1, 1, 2, 1, 0, 0, 0m, 0), rows[0]);
        // Agriculture: V→G confirmed; G→V declined (V does not exhibit: the sender's chain); B→G confirmed, a no-show;
        // an agreement of 100 yuan from V→G's meeting and one in dollars.
        Assert.Equal((3, 2, 2, 0, 0, 0, 2, 1, 100m, 1), rows[1]);
        // Clean energy has no zone: only the agreement recorded for it.
        Assert.Equal((0, 0, 0, 0, 0, 0, 1, 0, 30m, 0), rows[2]);
        // Outside the chains: V→W expired; S→V accepted, then its meeting called off; an agreement of 7 yuan.
        Assert.Equal((2, 1, 0, 0, 0, 0, 1, 0, 7m, 0), rows[3]);
        Assert.Equal((7, 4, 3, 1, 2, 1, 4, 1, 137m, 1), Figures(funnel.Total));
        Assert.Null(funnel.Total.ChainId);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_edition_without_check_ins_says_so_and_an_unknown_edition_has_no_funnel(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.PreparedContextAsync();
        var expo = await ExpoBuilder.CreateAsync(db);
        var a = await expo.OrganisationOfExhibitorAsync("Alpha", "CHN");
        var b = await expo.OrganisationOfExhibitorAsync("Beta", "DEU");
        World.Ask(db, expo.Edition, a, b, MeetingRequestStatus.Accepted);
        await db.SaveChangesAsync(Ct);

        var funnel = (await MatchmakingFunnel.ComputeAsync(db, expo.Edition, Ct))!;

        Assert.False(funnel.AttendanceRecorded);
        Assert.Equal((1, 1, 1, 0), (funnel.Total.Requests, funnel.Total.Accepted, funnel.Total.MeetingsConfirmed, funnel.Total.MeetingsHeld));
        Assert.Equal(["smart-vehicles", null], funnel.Chains.Select(c => c.ChainId));
        Assert.Null(await MatchmakingFunnel.ComputeAsync(db, Guid.NewGuid(), Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task On_the_demo_the_funnel_adds_up_to_what_the_tables_hold(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.PreparedContextAsync();
        await new DemoData(db).LoadAsync(Ct);
        var edition = await db.Editions.Where(e => e.Number == 2).Select(e => e.Id).SingleAsync(Ct);

        var funnel = (await MatchmakingFunnel.ComputeAsync(db, edition, Ct))!;

        // Counted independently: the tables read whole into memory.
        var requests = await db.MeetingRequests.AsNoTracking().Where(r => r.EditionId == edition).ToListAsync(Ct);
        var meetings = await db.Meetings.AsNoTracking().Where(m => m.EditionId == edition).ToListAsync(Ct);
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => o.EditionId == edition).ToListAsync(Ct);
        var zones = await db.Zones.AsNoTracking().Where(z => z.EditionId == edition).ToDictionaryAsync(z => z.Id, Ct);
        var chainOf = (await db.Exhibitors.AsNoTracking().Where(x => x.EditionId == edition).ToListAsync(Ct)).ToDictionary(x => x.OrganisationId, x => zones[x.ZoneId].ChainId);
        var requestIds = requests.Select(r => r.Id).ToHashSet();
        Assert.True(requests.Count > 1000, $"the demo has {requests.Count} requests");

        Assert.Equal(requests.Count, funnel.Total.Requests);
        Assert.Equal(meetings.Count(m => requestIds.Contains(m.RequestId)), funnel.Total.Accepted);
        Assert.Equal(meetings.Count(m => m.Status == MeetingStatus.Confirmed), funnel.Total.MeetingsConfirmed);
        Assert.Equal(meetings.Count(m => m.Attendance == MeetingAttendance.Held), funnel.Total.MeetingsHeld);
        Assert.Equal(meetings.Any(m => m.CheckedAt != null), funnel.AttendanceRecorded);
        Assert.Equal(outcomes.Count(o => o.Kind == ExpoOutcomeKind.Intention), funnel.Total.Intentions);
        Assert.Equal(outcomes.Count(o => o.Kind == ExpoOutcomeKind.Agreement), funnel.Total.Agreements);
        Assert.Equal(outcomes.Count(o => o.Kind == ExpoOutcomeKind.Agreement && o.MeetingId != null), funnel.Total.AgreementsFromMeetings);
        Assert.Equal(outcomes.Where(o => o.Kind == ExpoOutcomeKind.Agreement && o.Currency == "CNY").Sum(o => o.Value ?? 0), funnel.Total.AgreementValueCny);

        // Each chain's requests, by the recipient's zone chain, else the sender's.
        var byChain = requests.GroupBy(r => chainOf.GetValueOrDefault(r.ToOrganisationId) ?? chainOf.GetValueOrDefault(r.FromOrganisationId))
            .ToDictionary(g => g.Key ?? "", g => g.Count());
        Assert.All(funnel.Chains, c => Assert.Equal(byChain.GetValueOrDefault(c.ChainId ?? ""), c.Requests));
        Assert.Equal(byChain.Keys.Order(StringComparer.Ordinal), funnel.Chains.Where(c => c.Requests > 0).Select(c => c.ChainId ?? "").Order(StringComparer.Ordinal));
        var intentions = outcomes.Where(o => o.Kind == ExpoOutcomeKind.Intention).GroupBy(o => o.ChainId ?? "").ToDictionary(g => g.Key, g => g.Count());
        Assert.All(funnel.Chains, c => Assert.Equal(intentions.GetValueOrDefault(c.ChainId ?? ""), c.Intentions));
    }

    private static (int, int, int, int, int, int, int, int, decimal, int) Figures(FunnelRowDto r) =>
        (r.Requests, r.Accepted, r.MeetingsConfirmed, r.MeetingsHeld, r.Intentions, r.IntentionsFromMeetings, r.Agreements, r.AgreementsFromMeetings,
            r.AgreementValueCny, r.OtherCurrencyAgreements);

    /// <summary>
    /// The 2nd edition with the smart-vehicle zone (Alpha, Beta), a green-agriculture zone (Gamma) and a services area
    /// without a chain (Sigma); Victor and Whisky visit without exhibiting. Seven requests for the edition and two
    /// that are not (another edition's, none's); outcomes in three chains and none, and one of another edition.
    /// </summary>
    private sealed record World(Guid Edition)
    {
        public static async Task<World> CreateAsync(LianboDbContext db)
        {
            var expo = await ExpoBuilder.CreateAsync(db);
            var other = await ExpoBuilder.CreateAsync(db, number: 3);
            var commands = new ExpoCommands(db, new AuditLog(db, TimeProvider.System));
            var agriculture = (await commands.AddZoneAsync(Viewer.CommandLine, expo.Edition, new ZoneInput("green-agriculture", "green-agriculture", "绿色农业链", "Green agriculture", 1000, 1), Ct)).Value!.Id;
            var services = (await commands.AddZoneAsync(Viewer.CommandLine, expo.Edition, new ZoneInput("services", null, "服务区", "Services area", 1000, 2), Ct)).Value!.Id;

            async Task<Guid> Exhibiting(string name, Guid zone)
            {
                var exhibitor = await expo.ExhibitorAsync(name, "CHN", zone);
                return await db.Exhibitors.Where(x => x.Id == exhibitor).Select(x => x.OrganisationId).SingleAsync(Ct);
            }

            var alpha = await Exhibiting("Alpha", expo.Zone);
            var beta = await Exhibiting("Beta", expo.Zone);
            var gamma = await Exhibiting("Gamma", agriculture);
            var sigma = await Exhibiting("Sigma", services);
            var victor = await expo.OrganisationAsync("Victor", "KEN");
            var whisky = await expo.OrganisationAsync("Whisky", "USA");

            var e = expo.Edition;
            var held = Ask(db, e, alpha, beta, MeetingRequestStatus.Accepted, MeetingAttendance.Held);
            var confirmed = Ask(db, e, victor, gamma, MeetingRequestStatus.Accepted);
            Ask(db, e, gamma, victor, MeetingRequestStatus.Declined);
            Ask(db, e, alpha, sigma, MeetingRequestStatus.Pending);
            Ask(db, e, victor, whisky, MeetingRequestStatus.Expired);
            Ask(db, e, sigma, victor, MeetingRequestStatus.Cancelled, calledOff: true);
            Ask(db, e, beta, gamma, MeetingRequestStatus.Accepted, MeetingAttendance.NoShow);
            Ask(db, other.Edition, alpha, gamma, MeetingRequestStatus.Accepted, MeetingAttendance.Held);
            Ask(db, null, beta, alpha, MeetingRequestStatus.Accepted);

            void Outcome(Guid edition, ExpoOutcomeKind kind, string? chain, decimal? value = null, string currency = "CNY", Guid? meeting = null) =>
                db.Outcomes.Add(new ExpoOutcome { Id = Guid.NewGuid(), EditionId = edition, Kind = kind, OrganisationA = alpha, OrganisationB = beta, ChainId = chain, Value = value, Currency = currency, MeetingId = meeting });
            Outcome(e, ExpoOutcomeKind.Intention, "smart-vehicles", meeting: held);
            Outcome(e, ExpoOutcomeKind.Intention, "smart-vehicles");
            Outcome(e, ExpoOutcomeKind.Agreement, "green-agriculture", 100m, meeting: confirmed);
            Outcome(e, ExpoOutcomeKind.Agreement, "green-agriculture", 20m, "USD");
            Outcome(e, ExpoOutcomeKind.Agreement, "clean-energy", 30m);
            Outcome(e, ExpoOutcomeKind.Agreement, null, 7m);
            Outcome(other.Edition, ExpoOutcomeKind.Intention, "smart-vehicles");
            await db.SaveChangesAsync(Ct);
            return new World(e);
        }

        /// <summary>Adds a request in the given state, with its meeting when it was accepted; returns the meeting's id.</summary>
        public static Guid? Ask(LianboDbContext db, Guid? edition, Guid from, Guid to, MeetingRequestStatus status, MeetingAttendance attendance = MeetingAttendance.Unknown, bool calledOff = false)
        {
            var open = status is MeetingRequestStatus.Pending or MeetingRequestStatus.Accepted;
            var request = new MeetingRequest
            {
                Id = Guid.NewGuid(), EditionId = edition, FromOrganisationId = from, ToOrganisationId = to, CreatedByUserId = "test", Status = status,
                OpenPairKey = open ? MeetingRequest.PairKey(from, to, edition) : null, AwaitingOrganisationId = status == MeetingRequestStatus.Pending ? to : null,
                CreatedAt = T0, UpdatedAt = T0.AddHours(1), ExpiresAt = T0.AddDays(7),
            };
            db.MeetingRequests.Add(request);
            if (status != MeetingRequestStatus.Accepted && !calledOff)
            {
                return null;
            }

            var meeting = new Meeting
            {
                Id = Guid.NewGuid(), RequestId = request.Id, EditionId = edition, OrganisationA = from, OrganisationB = to, Minutes = 30,
                Status = calledOff ? MeetingStatus.Cancelled : MeetingStatus.Confirmed, CreatedAt = T0.AddHours(1),
                Attendance = attendance, CheckedAt = attendance == MeetingAttendance.Unknown ? null : T0.AddDays(6),
            };
            db.Meetings.Add(meeting);
            return meeting.Id;
        }
    }
}
