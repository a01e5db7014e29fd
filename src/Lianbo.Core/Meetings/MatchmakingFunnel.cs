using System.ComponentModel;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Meetings;

/// <summary>
/// One row of the matchmaking funnel: a chain, the row without a chain (<see cref="ChainId"/> null: requests between
/// organisations outside the chain zones, outcomes with no chain), or the edition's total.
/// </summary>
public sealed record FunnelRowDto(
    [property: Description("The chain; null for the row outside the chains and for the total.")] string? ChainId,
    [property: Description("The chain's names; null without a chain or for a chain the store no longer holds.")] string? ChainZh,
    string? ChainEn,
    [property: Description("Meeting requests sent for the edition, whatever became of them.")] int Requests,
    [property: Description("Requests accepted at some point (a meeting cancelled afterwards included).")] int Accepted,
    [property: Description("Meetings that stand confirmed.")] int MeetingsConfirmed,
    [property: Description("Meetings the floor staff checked in as held.")] int MeetingsHeld,
    [property: Description("Cooperation intentions recorded for the edition.")] int Intentions,
    [property: Description("Of those, the ones that came from a meeting.")] int IntentionsFromMeetings,
    [property: Description("Signed agreements recorded for the edition.")] int Agreements,
    [property: Description("Of those, the ones that came from a meeting.")] int AgreementsFromMeetings,
    [property: Description("Sum of the agreements' values in yuan (CNY); agreements in other currencies are in OtherCurrencyAgreements.")] decimal AgreementValueCny,
    [property: Description("Agreements with a value in a currency other than CNY, left out of AgreementValueCny.")] int OtherCurrencyAgreements);

/// <summary>The matchmaking funnel of an edition by chain: requests → accepted → confirmed → held, and the intentions and agreements.</summary>
public sealed record MatchmakingFunnelDto(
    Guid EditionId,
    [property: Description("Always false: the recommendations shown to participants are not stored, so the funnel starts at the requests.")] bool RecommendationsRecorded,
    [property: Description("False when no meeting of the edition was checked in: MeetingsHeld is then 0 because attendance was not taken, not because no meeting took place.")] bool AttendanceRecorded,
    [property: Description("The chains of the edition's zones and any other chain met in the data, in the chain store's order (zero rows included; ids the store lacks after them, ordinal), and last the row outside the chains.")] IReadOnlyList<FunnelRowDto> Chains,
    FunnelRowDto Total);

/// <summary>
/// The matchmaking funnel for the annual report. A request belongs to the chain of the recipient's zone at the edition,
/// else to that of the sender's, else to no chain; its meeting (at most one) follows it. Intentions and agreements
/// belong to the chain recorded with them (<see cref="ExpoOutcome.ChainId"/>). The requests are counted by the database
/// in grouped queries over short projections, the same on SQLite and PostgreSQL; no entity is loaded.
/// </summary>
public static class MatchmakingFunnel
{
    /// <summary>The funnel of the edition; null when there is no such edition.</summary>
    public static async Task<MatchmakingFunnelDto?> ComputeAsync(LianboDbContext db, Guid editionId, CancellationToken ct)
    {
        if (!await db.Editions.AnyAsync(e => e.Id == editionId, ct))
        {
            return null;
        }

        // An organisation exhibits at most once per edition (a unique index), so each join finds at most one zone.
        var zoneChains = from x in db.Exhibitors
                         join z in db.Zones on x.ZoneId equals z.Id
                         where x.EditionId == editionId
                         select new { x.OrganisationId, z.ChainId };
        var requests = from r in db.MeetingRequests
                       where r.EditionId == editionId
                       join m in db.Meetings on r.Id equals m.RequestId into meetings
                       from m in meetings.DefaultIfEmpty()
                       join recipient in zoneChains on r.ToOrganisationId equals recipient.OrganisationId into recipients
                       from recipient in recipients.DefaultIfEmpty()
                       join sender in zoneChains on r.FromOrganisationId equals sender.OrganisationId into senders
                       from sender in senders.DefaultIfEmpty()
                       select new
                       {
                           Chain = recipient.ChainId ?? sender.ChainId,
                           Agreed = m != null,
                           Confirmed = m != null && m.Status == MeetingStatus.Confirmed,
                           Held = m != null && m.Attendance == MeetingAttendance.Held,
                       };
        var byChain = await requests.GroupBy(r => r.Chain)
            .Select(g => new
            {
                Chain = g.Key,
                Requests = g.Count(),
                Accepted = g.Count(r => r.Agreed),
                Confirmed = g.Count(r => r.Confirmed),
                Held = g.Count(r => r.Held),
            })
            .ToListAsync(ct);

        var outcomes = await db.Outcomes.Where(o => o.EditionId == editionId)
            .GroupBy(o => new { o.ChainId, o.Kind, FromMeeting = o.MeetingId != null })
            .Select(g => new { g.Key.ChainId, g.Key.Kind, g.Key.FromMeeting, Count = g.Count() })
            .ToListAsync(ct);
        // Decimal sums are taken here: SQLite stores decimals as text and cannot add them. Agreements are a few hundred.
        var values = await db.Outcomes.Where(o => o.EditionId == editionId && o.Kind == ExpoOutcomeKind.Agreement && o.Value != null)
            .Select(o => new { o.ChainId, o.Value, o.Currency })
            .ToListAsync(ct);

        var attendance = await db.Meetings.AnyAsync(m => m.EditionId == editionId && (m.CheckedAt != null || m.Attendance != MeetingAttendance.Unknown), ct);

        var chains = await ExpoReportQueries.ChainsAsync(db, editionId, byChain.Select(r => r.Chain).Concat(outcomes.Select(o => o.ChainId)), ct);
        var rows = chains.Select(c =>
        {
            var r = byChain.FirstOrDefault(r => r.Chain == c.Id);
            int Outcomes(ExpoOutcomeKind kind, bool onlyFromMeetings) =>
                outcomes.Where(o => o.ChainId == c.Id && o.Kind == kind && (o.FromMeeting || !onlyFromMeetings)).Sum(o => o.Count);
            var agreed = values.Where(v => v.ChainId == c.Id).ToList();
            return new FunnelRowDto(c.Id, c.NameZh, c.NameEn, r?.Requests ?? 0, r?.Accepted ?? 0, r?.Confirmed ?? 0, r?.Held ?? 0,
                Outcomes(ExpoOutcomeKind.Intention, false), Outcomes(ExpoOutcomeKind.Intention, true),
                Outcomes(ExpoOutcomeKind.Agreement, false), Outcomes(ExpoOutcomeKind.Agreement, true),
                agreed.Where(v => v.Currency == ExpoCommands.DefaultCurrency).Sum(v => v.Value!.Value), agreed.Count(v => v.Currency != ExpoCommands.DefaultCurrency));
        }).ToList();

        var total = new FunnelRowDto(null, null, null, rows.Sum(r => r.Requests), rows.Sum(r => r.Accepted), rows.Sum(r => r.MeetingsConfirmed), rows.Sum(r => r.MeetingsHeld),
            rows.Sum(r => r.Intentions), rows.Sum(r => r.IntentionsFromMeetings), rows.Sum(r => r.Agreements), rows.Sum(r => r.AgreementsFromMeetings),
            rows.Sum(r => r.AgreementValueCny), rows.Sum(r => r.OtherCurrencyAgreements));
        return new MatchmakingFunnelDto(editionId, RecommendationsRecorded: false, AttendanceRecorded: attendance, rows, total);
    }
}
