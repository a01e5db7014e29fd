using System.ComponentModel;
using System.Globalization;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Files;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Meetings;

/// <summary>The pairs the expo sets out to bring together.</summary>
public enum PairKind
{
    /// <summary>A large firm and an SME.</summary>
    LargeSme,

    /// <summary>A foreign organisation and a Chinese-mainland one.</summary>
    ForeignDomestic,

    /// <summary>A university or research institute and an enterprise.</summary>
    ResearchIndustry,
}

public sealed record PriorityMeetingsDto(
    MeetingPriority Priority,
    int Requests,
    [property: Description("Requests of this priority that stand accepted (confirmed meetings).")] int Meetings,
    [property: Description("Agreed / answered for requests of this priority, 0–1; null when none was answered.")] double? AcceptanceRate);

public sealed record PairMeetingsDto(
    PairKind Kind,
    [property: Description("Requests between two organisations of the pair's kinds, either side asking.")] int Requests,
    [property: Description("Requests / all requests, 0–1.")] double RequestShare,
    [property: Description("Confirmed meetings between such pairs.")] int Meetings,
    [property: Description("Meetings / all confirmed meetings, 0–1.")] double MeetingShare,
    [property: Description("Agreed / answered for such pairs, 0–1; null when none was answered.")] double? AcceptanceRate);

/// <summary>One zone (a chain or an area) of the edition, or — with no code — the organisations that take part without exhibiting.</summary>
public sealed record ZoneMeetingsDto(
    [property: Description("The zone's code; null for the organisations that do not exhibit (visitors, buyers, partners).")] string? Code,
    string? ChainId, string NameZh, string NameEn,
    [property: Description("The zone's exhibitors; for the row without a zone, the non-exhibiting organisations that sent or received a request.")] int Organisations,
    [property: Description("Requests sent by them.")] int RequestsSent,
    [property: Description("Requests they received.")] int RequestsReceived,
    [property: Description("Confirmed meetings in which at least one of them takes part (counted once even when both sides are theirs).")] int Meetings,
    [property: Description("Confirmed meetings in which both sides are theirs.")] int MeetingsWithin);

public sealed record ExhibitorMeetingsDto(
    Guid ExhibitorId, Guid OrganisationId, string NameZh, string NameEn, string? CountryIso3, string ZoneCode,
    [property: Description("Confirmed meetings, as either side.")] int Meetings,
    int RequestsReceived,
    [property: Description("Received requests that were accepted (including meetings cancelled later).")] int ReceivedAgreed,
    int ReceivedDeclined,
    [property: Description("ReceivedAgreed / (ReceivedAgreed + ReceivedDeclined), 0–1; null when no received request was answered.")] double? AcceptanceRate,
    int RequestsSent,
    [property: Description("Sent requests that were accepted (including meetings cancelled later).")] int SentAgreed);

/// <summary>
/// How the meeting workflow went at an edition. A request counts under its current status; <b>meetings</b> are the
/// requests that stand accepted; <b>agreed</b> ones were accepted at some point (a meeting cancelled afterwards keeps its
/// row); <b>answered</b> ones were agreed or declined — pending, expired and withdrawn requests got no answer.
/// </summary>
public sealed record MeetingStatisticsDto(
    Guid EditionId,
    int Number,
    int Year,
    [property: Description("Meeting requests for the edition.")] int Requests,
    int Pending,
    [property: Description("Requests that stand accepted: the confirmed meetings.")] int Accepted,
    int Declined,
    [property: Description("Withdrawn before an answer or cancelled after acceptance.")] int Cancelled,
    int Expired,
    [property: Description("Requests accepted at some point: Accepted + meetings cancelled after acceptance.")] int Agreed,
    [property: Description("Agreed + Declined: requests that got an answer.")] int Answered,
    [property: Description("Agreed / Answered, 0–1: how often an answer was yes. Null when nothing was answered.")] double? AcceptanceRate,
    [property: Description("Agreed / Requests, 0–1: how often a request led to a meeting. Null without requests.")] double? AgreedShare,
    [property: Description("Median hours from a request to the answer that settled it (acceptance or refusal, after any counter-proposals); null when nothing was answered.")] double? MedianHoursToAnswer,
    IReadOnlyList<PriorityMeetingsDto> ByPriority,
    [property: Description("Distinct organisations that sent or received a request.")] int Organisations,
    int Exhibitors,
    [property: Description("Exhibitors with at least one confirmed meeting.")] int ExhibitorsWithMeetings,
    IReadOnlyList<ZoneMeetingsDto> PerZone,
    IReadOnlyList<PairMeetingsDto> Pairs,
    [property: Description("Every exhibitor of the edition, most meetings first.")] IReadOnlyList<ExhibitorMeetingsDto> PerExhibitor);

/// <summary>Which table of the statistics a CSV export holds; an XLSX export holds them all, one sheet each.</summary>
public enum MeetingStatisticsTable
{
    Exhibitors,
    Summary,
    Zones,
}

/// <summary>
/// The organiser's figures of the meeting workflow at an edition, counted by the database (grouped queries over the
/// requests, their meetings, the exhibitors and organisations, the same on SQLite and PostgreSQL): only the groups and
/// the answer times come back, not the requests.
/// </summary>
public sealed class MeetingStatistics(LianboDbContext db)
{
    public async Task<Outcome<MeetingStatisticsDto>> ComputeAsync(Viewer viewer, Guid editionId, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<MeetingStatisticsDto>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        var edition = await db.Editions.AsNoTracking().Where(e => e.Id == editionId).Select(e => new { e.Number, e.StartsOn }).FirstOrDefaultAsync(ct);
        if (edition is null)
        {
            return Outcome<MeetingStatisticsDto>.NotFound(Messages.Format("EditionNotFound"));
        }

        // Each request with whether it was ever accepted: acceptance writes a meeting row, which stays (cancelled) when
        // the meeting is called off, so agreed = has a meeting row.
        var requests = from r in db.MeetingRequests.Where(r => r.EditionId == editionId)
                       join m in db.Meetings on r.Id equals m.RequestId into meetingRows
                       from m in meetingRows.DefaultIfEmpty()
                       select new { r.FromOrganisationId, r.ToOrganisationId, r.Status, r.Priority, Agreed = m != null, r.CreatedAt, r.UpdatedAt, AgreedAt = (DateTimeOffset?)m!.CreatedAt };

        var byStatus = await requests.GroupBy(r => new { r.Status, r.Priority, r.Agreed })
            .Select(g => new Tally(g.Key.Status, g.Key.Priority, g.Key.Agreed, g.Count())).ToListAsync(ct);

        // The answer's time: the meeting's creation for an acceptance; for a refusal its last change, since nothing
        // follows a refusal. A few thousand pairs of instants; the median is taken here, as SQLite has none.
        var answers = await requests.Where(r => r.Agreed || r.Status == MeetingRequestStatus.Declined)
            .Select(r => new { r.CreatedAt, r.UpdatedAt, r.AgreedAt }).ToListAsync(ct);
        var hours = answers.Select(a => ((a.AgreedAt ?? a.UpdatedAt) - a.CreatedAt).TotalHours).Order().ToList();

        var sent = await requests.GroupBy(r => r.FromOrganisationId)
            .Select(g => new OrganisationTally(g.Key, g.Count(), g.Count(r => r.Status == MeetingRequestStatus.Accepted), g.Count(r => r.Agreed), g.Count(r => r.Status == MeetingRequestStatus.Declined)))
            .ToDictionaryAsync(t => t.Organisation, ct);
        var received = await requests.GroupBy(r => r.ToOrganisationId)
            .Select(g => new OrganisationTally(g.Key, g.Count(), g.Count(r => r.Status == MeetingRequestStatus.Accepted), g.Count(r => r.Agreed), g.Count(r => r.Status == MeetingRequestStatus.Declined)))
            .ToDictionaryAsync(t => t.Organisation, ct);

        var exhibitors = db.Exhibitors.Where(x => x.EditionId == editionId);
        var byZone = await (from r in requests
                            join f in exhibitors on r.FromOrganisationId equals f.OrganisationId into froms
                            from f in froms.DefaultIfEmpty()
                            join t in exhibitors on r.ToOrganisationId equals t.OrganisationId into tos
                            from t in tos.DefaultIfEmpty()
                            group r by new { From = (Guid?)f!.ZoneId, To = (Guid?)t!.ZoneId, Meeting = r.Status == MeetingRequestStatus.Accepted } into g
                            select new ZoneTally(g.Key.From, g.Key.To, g.Key.Meeting, g.Count())).ToListAsync(ct);

        var foreign = db.Organisations.Where(EditionStatistics.IsForeign);
        var byPair = await (from r in requests
                            join a in db.Organisations on r.FromOrganisationId equals a.Id
                            join b in db.Organisations on r.ToOrganisationId equals b.Id
                            join fa in foreign on a.Id equals fa.Id into foreignA
                            from fa in foreignA.DefaultIfEmpty()
                            join fb in foreign on b.Id equals fb.Id into foreignB
                            from fb in foreignB.DefaultIfEmpty()
                            group r by new
                            {
                                SizeA = a.Size, SizeB = b.Size, TypeA = a.Type, TypeB = b.Type, ForeignA = fa != null, ForeignB = fb != null,
                                r.Status, r.Agreed,
                            } into g
                            select new { g.Key, Count = g.Count() }).ToListAsync(ct);

        var listed = await (from x in exhibitors
                            join o in db.Organisations on x.OrganisationId equals o.Id
                            join z in db.Zones on x.ZoneId equals z.Id
                            select new { x.Id, x.OrganisationId, x.ZoneId, o.NameZh, o.NameEn, o.CountryIso3, ZoneCode = z.Code }).ToListAsync(ct);
        var zones = await db.Zones.AsNoTracking().Where(z => z.EditionId == editionId).OrderBy(z => z.SortOrder).ThenBy(z => z.Code).ToListAsync(ct);

        int Count(Func<Tally, bool> which) => byStatus.Where(which).Sum(t => t.Count);
        var total = Count(_ => true);
        var agreed = Count(t => t.Agreed);
        var answered = agreed + Count(t => t.Status == MeetingRequestStatus.Declined);
        var meetings = Count(t => t.Status == MeetingRequestStatus.Accepted);

        var perExhibitor = listed.Select(x =>
            {
                var s = sent.GetValueOrDefault(x.OrganisationId) ?? OrganisationTally.None;
                var r = received.GetValueOrDefault(x.OrganisationId) ?? OrganisationTally.None;
                return new ExhibitorMeetingsDto(x.Id, x.OrganisationId, x.NameZh, x.NameEn, x.CountryIso3, x.ZoneCode, s.Accepted + r.Accepted,
                    r.Requests, r.Agreed, r.Declined, Rate(r.Agreed, r.Agreed + r.Declined), s.Requests, s.Agreed);
            })
            .OrderByDescending(x => x.Meetings).ThenByDescending(x => x.RequestsReceived).ThenBy(x => x.NameEn, StringComparer.Ordinal).ToList();

        var exhibiting = listed.Select(x => x.OrganisationId).ToHashSet();
        var organisations = sent.Keys.Union(received.Keys).ToList();
        var perZone = zones.Select(z => Zone(z.Id, z.Code, z.ChainId, z.NameZh, z.NameEn, listed.Count(x => x.ZoneId == z.Id), byZone)).ToList();
        if (byZone.Any(t => t.From is null || t.To is null))
        {
            var (zh, en) = Messages.Both("MeetingStatsNotExhibiting");
            perZone.Add(Zone(null, null, null, zh, en, organisations.Count(o => !exhibiting.Contains(o)), byZone));
        }

        var pairCounts = Enum.GetValues<PairKind>().Select(kind =>
        {
            var of = byPair.Where(p => kind switch
            {
                PairKind.LargeSme => p.Key.SizeA != p.Key.SizeB,
                PairKind.ForeignDomestic => p.Key.ForeignA != p.Key.ForeignB,
                _ => (p.Key.TypeA, p.Key.TypeB) is (OrganisationType.UniversityOrResearch, OrganisationType.Enterprise) or (OrganisationType.Enterprise, OrganisationType.UniversityOrResearch),
            }).ToList();
            var requestCount = of.Sum(p => p.Count);
            var meetingCount = of.Where(p => p.Key.Status == MeetingRequestStatus.Accepted).Sum(p => p.Count);
            var agreedCount = of.Where(p => p.Key.Agreed).Sum(p => p.Count);
            var answeredCount = agreedCount + of.Where(p => p.Key.Status == MeetingRequestStatus.Declined).Sum(p => p.Count);
            return new PairMeetingsDto(kind, requestCount, Rate(requestCount, total) ?? 0, meetingCount, Rate(meetingCount, meetings) ?? 0, Rate(agreedCount, answeredCount));
        }).ToList();

        var byPriority = Enum.GetValues<MeetingPriority>().Select(p => new PriorityMeetingsDto(p,
            Count(t => t.Priority == p),
            Count(t => t.Priority == p && t.Status == MeetingRequestStatus.Accepted),
            Rate(Count(t => t.Priority == p && t.Agreed), Count(t => t.Priority == p && (t.Agreed || t.Status == MeetingRequestStatus.Declined))))).ToList();

        return Outcome<MeetingStatisticsDto>.Ok(new MeetingStatisticsDto(
            editionId, edition.Number, edition.StartsOn.Year,
            total,
            Count(t => t.Status == MeetingRequestStatus.Pending),
            meetings,
            Count(t => t.Status == MeetingRequestStatus.Declined),
            Count(t => t.Status == MeetingRequestStatus.Cancelled),
            Count(t => t.Status == MeetingRequestStatus.Expired),
            agreed,
            answered,
            Rate(agreed, answered),
            Rate(agreed, total),
            Median(hours),
            byPriority,
            organisations.Count,
            listed.Count,
            perExhibitor.Count(x => x.Meetings > 0),
            perZone,
            pairCounts,
            perExhibitor));
    }

    /// <summary>
    /// The figures as a download in the request's language: a CSV of one table (the exhibitors by default), or an XLSX
    /// workbook with the summary, the zones and the exhibitors, one sheet each, counts and rates as numbers.
    /// </summary>
    public async Task<Outcome<ExhibitorFile>> ExportAsync(Viewer viewer, Guid editionId, ExhibitorFileFormat format, MeetingStatisticsTable table = MeetingStatisticsTable.Exhibitors, CancellationToken ct = default)
    {
        var outcome = await ComputeAsync(viewer, editionId, ct);
        if (outcome.Value is not { } s)
        {
            return outcome.Kind == OutcomeKind.NotFound ? Outcome<ExhibitorFile>.NotFound(outcome.Detail!) : Outcome<ExhibitorFile>.Forbidden(outcome.Detail!);
        }

        var sheets = new Dictionary<MeetingStatisticsTable, XlsxSheet>
        {
            [MeetingStatisticsTable.Summary] = new(M("MeetingStatsSheetSummary"), SummaryRows(s), new HashSet<int> { 1 }),
            [MeetingStatisticsTable.Zones] = new(M("MeetingStatsSheetZones"),
            [
                [M("MeetingStatsZone"), M("MeetingStatsNameZh"), M("MeetingStatsNameEn"), M("MeetingStatsOrganisations"), M("MeetingStatsSent"), M("MeetingStatsReceived"), M("MeetingStatsMeetings"), M("MeetingStatsMeetingsWithin")],
                .. s.PerZone.Select(z => (IReadOnlyList<string>)[z.Code ?? "", z.NameZh, z.NameEn, N(z.Organisations), N(z.RequestsSent), N(z.RequestsReceived), N(z.Meetings), N(z.MeetingsWithin)]),
            ], new HashSet<int> { 3, 4, 5, 6, 7 }),
            [MeetingStatisticsTable.Exhibitors] = new(M("MeetingStatsSheetExhibitors"),
            [
                [M("MeetingStatsNameZh"), M("MeetingStatsNameEn"), M("MeetingStatsCountry"), M("MeetingStatsZone"), M("MeetingStatsMeetings"), M("MeetingStatsReceived"),
                    M("MeetingStatsReceivedAgreed"), M("MeetingStatsReceivedDeclined"), M("MeetingStatsAcceptanceRate"), M("MeetingStatsSent"), M("MeetingStatsSentAgreed")],
                .. s.PerExhibitor.Select(x => (IReadOnlyList<string>)[x.NameZh, x.NameEn, x.CountryIso3 ?? "", x.ZoneCode, N(x.Meetings), N(x.RequestsReceived),
                    N(x.ReceivedAgreed), N(x.ReceivedDeclined), N(x.AcceptanceRate), N(x.RequestsSent), N(x.SentAgreed)]),
            ], new HashSet<int> { 4, 5, 6, 7, 8, 9, 10 }),
        };
        var name = $"lianbo-meetings-{s.Number}";
        return Outcome<ExhibitorFile>.Ok(format == ExhibitorFileFormat.Csv
            ? ExhibitorTemplate.Tables($"{name}-{table.ToString().ToLowerInvariant()}", format, [sheets[table]])
            : ExhibitorTemplate.Tables(name, format, [sheets[MeetingStatisticsTable.Summary], sheets[MeetingStatisticsTable.Zones], sheets[MeetingStatisticsTable.Exhibitors]]));
    }

    private static List<IReadOnlyList<string>> SummaryRows(MeetingStatisticsDto s)
    {
        List<IReadOnlyList<string>> rows =
        [
            [M("MeetingStatsFigure"), M("MeetingStatsValue")],
            [M("MeetingStatsRequests"), N(s.Requests)],
            [M("MeetingStatsPending"), N(s.Pending)],
            [M("MeetingStatsAccepted"), N(s.Accepted)],
            [M("MeetingStatsDeclined"), N(s.Declined)],
            [M("MeetingStatsCancelled"), N(s.Cancelled)],
            [M("MeetingStatsExpired"), N(s.Expired)],
            [M("MeetingStatsAgreed"), N(s.Agreed)],
            [M("MeetingStatsAnswered"), N(s.Answered)],
            [M("MeetingStatsAcceptanceRateLong"), N(s.AcceptanceRate)],
            [M("MeetingStatsAgreedShare"), N(s.AgreedShare)],
            [M("MeetingStatsMedianHours"), N(s.MedianHoursToAnswer)],
            [M("MeetingStatsOrganisations"), N(s.Organisations)],
            [M("MeetingStatsExhibitors"), N(s.Exhibitors)],
            [M("MeetingStatsExhibitorsWithMeetings"), N(s.ExhibitorsWithMeetings)],
        ];
        foreach (var p in s.ByPriority)
        {
            var of = M("MeetingStatsPriority" + p.Priority);
            rows.Add([Messages.Format("MeetingStatsOfRequests", of), N(p.Requests)]);
            rows.Add([Messages.Format("MeetingStatsOfMeetings", of), N(p.Meetings)]);
            rows.Add([Messages.Format("MeetingStatsOfAcceptanceRate", of), N(p.AcceptanceRate)]);
        }

        foreach (var p in s.Pairs)
        {
            var of = M("MeetingStatsPair" + p.Kind);
            rows.Add([Messages.Format("MeetingStatsOfRequests", of), N(p.Requests)]);
            rows.Add([Messages.Format("MeetingStatsOfRequestShare", of), N(p.RequestShare)]);
            rows.Add([Messages.Format("MeetingStatsOfMeetings", of), N(p.Meetings)]);
            rows.Add([Messages.Format("MeetingStatsOfMeetingShare", of), N(p.MeetingShare)]);
            rows.Add([Messages.Format("MeetingStatsOfAcceptanceRate", of), N(p.AcceptanceRate)]);
        }

        return rows;
    }

    private static string M(string key) => Messages.Format(key);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Rates and hours to four decimals; an undefined one (nothing to divide by) stays empty.
    private static string N(double? value) => value is { } v ? Math.Round(v, 4).ToString(CultureInfo.InvariantCulture) : "";

    private static ZoneMeetingsDto Zone(Guid? id, string? code, string? chain, string zh, string en, int organisations, List<ZoneTally> tallies) => new(
        code, chain, zh, en, organisations,
        tallies.Where(t => t.From == id).Sum(t => t.Count),
        tallies.Where(t => t.To == id).Sum(t => t.Count),
        tallies.Where(t => t.Meeting && (t.From == id || t.To == id)).Sum(t => t.Count),
        tallies.Where(t => t.Meeting && t.From == id && t.To == id).Sum(t => t.Count));

    private static double? Rate(int part, int whole) => whole == 0 ? null : part / (double)whole;

    private static double? Median(List<double> sorted) => sorted.Count == 0 ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
        : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private sealed record Tally(MeetingRequestStatus Status, MeetingPriority Priority, bool Agreed, int Count);

    private sealed record OrganisationTally(Guid Organisation, int Requests, int Accepted, int Agreed, int Declined)
    {
        public static readonly OrganisationTally None = new(Guid.Empty, 0, 0, 0, 0);
    }

    private sealed record ZoneTally(Guid? From, Guid? To, bool Meeting, int Count);
}
