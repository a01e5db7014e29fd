using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Matchmaking;
using Lianbo.Core.Reference;
using Lianbo.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lianbo.Core.Meetings;

/// <summary>The "Lianbo:Meetings" section.</summary>
public sealed class MeetingOptions
{
    public const string Section = "Lianbo:Meetings";

    /// <summary>How long a request (or a counter-proposal) waits for an answer before it expires.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan RequestLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The side that must answer is reminded once, this long before the request expires.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan ReminderBefore { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Pending requests an organisation may have sent at once (keeps one sender from flooding the others).</summary>
    [Range(1, 10_000)]
    public int MaxPendingPerOrganisation { get; set; } = 50;

    /// <summary>The length of an accepted meeting that had no proposed slot, until it is scheduled.</summary>
    [Range(MeetingRequests.MinMinutes, MeetingRequests.MaxMinutes)]
    public int DefaultMinutes { get; set; } = 30;

    /// <summary>How often expiry and reminders run in the web app.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the web app sends the e-mails of new notices (<see cref="MeetingMail"/>): the longest a mail waits.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MailInterval { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed record SlotDto(DateTimeOffset StartsAt, [property: Description("Length in minutes, 10–240.")] int Minutes);

public sealed record NewMeetingRequest(
    [property: Description("The organisation asked for a meeting.")] Guid? To,
    [property: Description("Up to 1,000 characters.")] string? Message,
    [property: Description("Up to 5 proposed times in the future; none leaves the time to the organiser's scheduler.")] IReadOnlyList<SlotDto>? Slots,
    [property: Description("The edition the meeting is for; by default the latest one.")] Guid? EditionId,
    MeetingPriority Priority = MeetingPriority.WouldLike);

/// <summary>An answer: for an acceptance, the chosen slot (required when slots were proposed); a note for any answer.</summary>
public sealed record MeetingAnswer(DateTimeOffset? Slot = null, string? Message = null);

public sealed record CounterProposal(IReadOnlyList<SlotDto>? Slots, string? Message);

public sealed record CounterpartDto(Guid Id, string NameZh, string NameEn, string? CountryIso3);

public sealed record MeetingDto(Guid Id, DateTimeOffset? StartsAt, int Minutes, MeetingStatus Status);

public sealed record MeetingRequestDto(
    Guid Id, Guid? EditionId,
    [property: Description("True when the other organisation asked yours.")] bool Incoming,
    MeetingRequestStatus Status,
    [property: Description("True when your organisation must answer.")] bool AwaitingYou,
    CounterpartDto Counterpart, string Message, string? Reply, MeetingPriority Priority,
    [property: Description("The times on the table: the latest proposal's.")] IReadOnlyList<SlotDto> Slots,
    int Round, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset ExpiresAt, MeetingDto? Meeting,
    [property: Description("The other side's contact details: only once the meeting is accepted.")] ContactDto? Contact,
    [property: Description("The IANA time zone of the request's edition, in which its times are shown and its grid is laid out.")] string TimeZone);

public sealed record NoticeDto(long Id, NoticeKind Kind, Guid? RequestId, Guid? NeedId, string Text, DateTimeOffset At, bool Read);

public sealed record InboxDto(IReadOnlyList<MeetingRequestDto> Requests, IReadOnlyList<NoticeDto> Notices, int Unread);

public enum MeetingAction
{
    Accept,
    Decline,
    Counter,
    Cancel,
}

/// <summary>
/// Meeting requests between organisations: ask, accept, decline, counter-propose, cancel; expiry and reminders;
/// the inbox. Every member of an organisation acts for it. Contact details are exchanged on acceptance.
/// </summary>
public sealed class MeetingRequests(LianboDbContext db, AuditLog audit, Matchmaker matchmaker, IOptions<MeetingOptions> options, TimeProvider clock, StoreMemory? memory = null)
{
    public const int MaxMessage = 1000;
    public const int MaxSlots = 5;
    public const int MinMinutes = 10;
    public const int MaxMinutes = 240;
    public const int InboxSize = 200;
    public const int NoticeCount = 50;

    private MeetingOptions Settings => options.Value;

    /// <summary>Asks a listed organisation or an exhibitor (exhibitors are in the public directory) for a meeting.</summary>
    public async Task<Outcome<MeetingRequestDto>> CreateAsync(Viewer viewer, NewMeetingRequest input, CancellationToken ct = default)
    {
        if (viewer.OrganisationId is not { } from)
        {
            return Outcome<MeetingRequestDto>.Forbidden(Messages.Format("MeetingNeedsOrganisation"));
        }

        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        var target = input.To is { } to ? await Organisations.Shown(db).AsNoTracking().FirstOrDefaultAsync(o => o.Id == to, ct) : null;
        if (input.To is null)
        {
            errors.Add("to", Messages.Format("Required", Messages.Field("to")));
        }
        else if (input.To == from)
        {
            errors.Add("to", Messages.Format("MeetingNotYourself"));
        }
        else if (target is null)
        {
            errors.Add("to", Messages.Format("OrganisationNotFound"));
        }

        CheckMessage(errors, input.Message);
        var edition = input.EditionId is { } id
            ? await db.Editions.Where(e => e.Id == id).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct)
            : await db.Editions.OrderByDescending(e => e.Number).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        var grid = edition is { } known ? await MeetingGrid.ForAsync(db, known, ct) : null;
        var slots = CheckSlots(errors, input.Slots, now, grid?.Zone ?? EditionZones.Default);
        if (input.EditionId is not null && edition is null)
        {
            errors.Add("editionId", Messages.Format("EditionNotFound"));
        }
        else if (input.Slots is { Count: > 0 })
        {
            CheckGrid(errors, grid, input.Slots);
        }

        if (!Enum.IsDefined(input.Priority))
        {
            errors.Add("priority", Messages.Format("MeetingUnknownPriority"));
        }

        if (errors.Any)
        {
            return Outcome<MeetingRequestDto>.Invalid(errors.ToDictionary());
        }

        // The count and the new request in one transaction, serialised per organisation: simultaneous requests
        // cannot all see room under the limit.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await StoreLocks.ExclusiveAsync(db, $"meeting-requests:{from:N}", ct);
        var pending = await db.MeetingRequests.CountAsync(r => r.FromOrganisationId == from && r.Status == MeetingRequestStatus.Pending && r.ExpiresAt > now, ct);
        if (pending >= Settings.MaxPendingPerOrganisation)
        {
            return Outcome<MeetingRequestDto>.Conflict(Messages.Format("MeetingTooManyPending", pending));
        }

        await ExpireAndRemindAsync(now, from, ct);
        var key = MeetingRequest.PairKey(from, target!.Id, edition);
        if (await db.MeetingRequests.AnyAsync(r => r.OpenPairKey == key, ct))
        {
            return Outcome<MeetingRequestDto>.Conflict(Messages.Format("MeetingAlreadyOpen"));
        }

        var request = new MeetingRequest
        {
            Id = Guid.NewGuid(),
            EditionId = edition,
            FromOrganisationId = from,
            ToOrganisationId = target.Id,
            CreatedByUserId = viewer.UserId,
            Message = (input.Message ?? "").Trim(),
            Priority = input.Priority,
            Status = MeetingRequestStatus.Pending,
            AwaitingOrganisationId = target.Id,
            OpenPairKey = key,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + Settings.RequestLifetime,
            Slots = slots,
        };
        db.MeetingRequests.Add(request);
        Notify(target.Id, NoticeKind.RequestReceived, request, from, now);
        audit.Record(viewer, "meeting.request", nameof(MeetingRequest), request.Id.ToString(), after: new { from, to = target.Id, slots = slots.Count, request.Priority });
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            // The other side asked at the same moment: the store keeps one open request per pair.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Outcome<MeetingRequestDto>.Conflict(Messages.Format("MeetingAlreadyOpen"));
        }

        return Outcome<MeetingRequestDto>.Ok(await DescribeAsync(request.Id, from, ct));
    }

    public Task<Outcome<MeetingRequestDto>> AcceptAsync(Viewer viewer, Guid id, MeetingAnswer answer, CancellationToken ct = default) =>
        TransitionAsync(viewer, id, MeetingAction.Accept, answer.Message, async (request, org, now, errors) =>
        {
            var chosen = request.Slots.FirstOrDefault(s => s.StartsAt == answer.Slot);
            if (request.Slots.Count > 0 && chosen is null)
            {
                errors.Add("slot", Messages.Format("MeetingChooseSlot"));
                return null;
            }

            request.Status = MeetingRequestStatus.Accepted;
            // Nobody owes an answer any more: the request leaves "awaiting your answer".
            request.AwaitingOrganisationId = null;
            var meeting = new Meeting
            {
                Id = Guid.NewGuid(),
                RequestId = request.Id,
                EditionId = request.EditionId,
                OrganisationA = request.FromOrganisationId,
                OrganisationB = request.ToOrganisationId,
                Priority = request.Priority,
                StartsAt = chosen?.StartsAt,
                Minutes = chosen?.Minutes ?? Settings.DefaultMinutes,
                Status = MeetingStatus.Confirmed,
                CreatedAt = now,
            };
            db.Meetings.Add(meeting);
            if (chosen is not null)
            {
                // Both sides' times are checked and taken one accept at a time, and the edition's dates stay put meanwhile.
                foreach (var side in new[] { request.FromOrganisationId, request.ToOrganisationId }.Order())
                {
                    await StoreLocks.ExclusiveAsync(db, $"meeting-times:{side:N}", ct);
                }

                if (request.EditionId is { } locked)
                {
                    await StoreLocks.SharedAsync(db, EditionDatesLock(locked), ct);
                }

                if (await ClashAsync(meeting, chosen.StartsAt, chosen.Minutes, ct) is { } clash)
                {
                    return clash;
                }
            }

            // Live booking: a time of the edition's grid holds the slot for both organisations and a table.
            if (chosen is not null && request.EditionId is { } edition && await MeetingGrid.ForAsync(db, edition, ct) is { } grid
                && grid.SlotAt(chosen.StartsAt) is { } slot && await SlotBooking.HoldAsync(db, grid, meeting, slot, ct) is { } taken)
            {
                return taken;
            }

            await Organisations.AddGrantAsync(db, request.FromOrganisationId, request.ToOrganisationId, $"meeting {request.Id}", now, ct);
            Notify(Other(request, org), NoticeKind.RequestAccepted, request, org, now);
            return null;
        }, ct);

    public async Task<Outcome<MeetingRequestDto>> DeclineAsync(Viewer viewer, Guid id, MeetingAnswer answer, CancellationToken ct = default)
    {
        var outcome = await TransitionAsync(viewer, id, MeetingAction.Decline, answer.Message, (request, org, now, _) =>
        {
            Close(request, MeetingRequestStatus.Declined);
            Notify(Other(request, org), NoticeKind.RequestDeclined, request, org, now);
            return Task.FromResult<string?>(null);
        }, ct);

        // The recommender stops pairing the two at once, without a rebuild.
        if (outcome.Value is { } declined)
        {
            await matchmaker.RefreshAsync(db, declined.Counterpart.Id, ct);
            await matchmaker.RefreshAsync(db, viewer.OrganisationId!.Value, ct);
        }

        return outcome;
    }

    public Task<Outcome<MeetingRequestDto>> CounterAsync(Viewer viewer, Guid id, CounterProposal proposal, CancellationToken ct = default) =>
        TransitionAsync(viewer, id, MeetingAction.Counter, proposal.Message, async (request, org, now, errors) =>
        {
            var grid = request.EditionId is { } edition ? await MeetingGrid.ForAsync(db, edition, ct) : null;
            var slots = CheckSlots(errors, proposal.Slots, now, grid?.Zone ?? EditionZones.Default);
            if (proposal.Slots is { Count: > 0 })
            {
                CheckGrid(errors, grid, proposal.Slots);
            }

            if (slots.Count == 0 && !errors.Any)
            {
                errors.Add("slots", Messages.Format("MeetingCounterNeedsSlots"));
            }

            if (errors.Any)
            {
                return null;
            }

            db.ProposedSlots.RemoveRange(request.Slots);
            request.Slots.Clear();
            request.Slots.AddRange(slots);
            request.AwaitingOrganisationId = Other(request, org);
            request.Round++;
            request.ExpiresAt = now + Settings.RequestLifetime;
            request.RemindedAt = null;
            Notify(Other(request, org), NoticeKind.CounterProposed, request, org, now);
            return null;
        }, ct);

    public Task<Outcome<MeetingRequestDto>> CancelAsync(Viewer viewer, Guid id, MeetingAnswer answer, CancellationToken ct = default) =>
        TransitionAsync(viewer, id, MeetingAction.Cancel, answer.Message, async (request, org, now, _) =>
        {
            if (request.Status == MeetingRequestStatus.Accepted)
            {
                foreach (var meeting in db.Meetings.Local.Where(m => m.RequestId == request.Id).ToList())
                {
                    // The slot and the table are free again for others.
                    meeting.Status = MeetingStatus.Cancelled;
                    db.SlotHolds.RemoveRange(await db.SlotHolds.Where(h => h.MeetingId == meeting.Id).ToListAsync(ct));
                }

                await EndContactGrantAsync(request, ct);
            }

            Close(request, MeetingRequestStatus.Cancelled);
            Notify(Other(request, org), NoticeKind.RequestCancelled, request, org, now);
            return null;
        }, ct);

    /// <summary>
    /// Why <paramref name="actor"/> may not take <paramref name="action"/> on the request now, as a message key and
    /// its argument; null when it may. The whole state machine is here.
    /// </summary>
    public static (string Key, object? Argument)? Refusal(MeetingRequest request, Guid actor, MeetingAction action, DateTimeOffset now)
    {
        var status = request.Status;
        if (status == MeetingRequestStatus.Pending && request.ExpiresAt <= now)
        {
            return ("MeetingExpired", request.ExpiresAt);
        }

        return action switch
        {
            // A pending request is withdrawn by the side that sent it; the side that received it declines it.
            MeetingAction.Cancel when status == MeetingRequestStatus.Pending && actor != request.FromOrganisationId => ("MeetingWithdrawSenderOnly", null),
            MeetingAction.Cancel when status is MeetingRequestStatus.Pending or MeetingRequestStatus.Accepted => null,
            MeetingAction.Cancel => ("MeetingClosed", status),
            _ when status != MeetingRequestStatus.Pending => ("MeetingNotPending", status),
            // Having counter-proposed, the recipient may still decline rather than wait for the sender's answer.
            MeetingAction.Decline when actor == request.ToOrganisationId => null,
            _ when request.AwaitingOrganisationId != actor => ("MeetingNotYourTurn", null),
            _ => null,
        };
    }

    /// <summary>
    /// Loads the caller's request, checks the state machine, applies the action and saves it. <paramref name="apply"/>
    /// adds field errors, or returns a conflict to report. When the store refuses a slot hold (another accept took the
    /// table or a participant at the same moment), the whole transition is tried again from a fresh read: it then picks
    /// another free table, or reports who is busy.
    /// </summary>
    private async Task<Outcome<MeetingRequestDto>> TransitionAsync(
        Viewer viewer, Guid id, MeetingAction action, string? note, Func<MeetingRequest, Guid, DateTimeOffset, FieldErrors, Task<string?>> apply, CancellationToken ct = default)
    {
        const int attempts = 8;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TransitionOnceAsync(viewer, id, action, note, apply, ct);
            }
            catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                if (attempt == attempts)
                {
                    return Outcome<MeetingRequestDto>.Conflict(Messages.Format("ScheduleSlotTaken"));
                }
            }
        }
    }

    private async Task<Outcome<MeetingRequestDto>> TransitionOnceAsync(
        Viewer viewer, Guid id, MeetingAction action, string? note, Func<MeetingRequest, Guid, DateTimeOffset, FieldErrors, Task<string?>> apply, CancellationToken ct)
    {
        // One transaction for the read and the write, so that the locks an action takes cover both.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var org = viewer.OrganisationId;
        var request = org is null ? null : await db.MeetingRequests.Include(r => r.Slots)
            .FirstOrDefaultAsync(r => r.Id == id && (r.FromOrganisationId == org || r.ToOrganisationId == org), ct);
        if (request is null)
        {
            // Another organisation's request does not exist for this viewer.
            return Outcome<MeetingRequestDto>.NotFound(Messages.Format("MeetingRequestNotFound"));
        }

        var now = clock.GetUtcNow();
        if (Refusal(request, org!.Value, action, now) is { } refusal)
        {
            if (refusal.Key == "MeetingExpired")
            {
                // The refusal is kept: the request is recorded as expired, and both sides are told.
                await ExpireAndRemindAsync(now, org.Value, ct);
                await transaction.CommitAsync(ct);
            }

            return Outcome<MeetingRequestDto>.Conflict(Messages.Format(refusal.Key, StatusName(refusal.Argument)));
        }

        var errors = new FieldErrors();
        CheckMessage(errors, note);
        if (!errors.Any && action == MeetingAction.Cancel && request.Status == MeetingRequestStatus.Accepted)
        {
            await db.Meetings.Where(m => m.RequestId == request.Id).LoadAsync(ct);
        }

        var conflict = errors.Any ? null : await apply(request, org.Value, now, errors);
        if (conflict is not null)
        {
            db.ChangeTracker.Clear();
            return Outcome<MeetingRequestDto>.Conflict(conflict);
        }

        if (errors.Any)
        {
            db.ChangeTracker.Clear();
            return Outcome<MeetingRequestDto>.Invalid(errors.ToDictionary());
        }

        var before = request.Status;
        if (!string.IsNullOrWhiteSpace(note))
        {
            request.Reply = note.Trim();
        }

        request.UpdatedAt = now;
        request.Version++;
        audit.Record(viewer, "meeting." + action.ToString().ToLowerInvariant(), nameof(MeetingRequest), request.Id.ToString(),
            before: new { status = before }, after: new { status = request.Status, round = request.Round });
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome<MeetingRequestDto>.Conflict(Messages.Format("MeetingChanged"));
        }

        return Outcome<MeetingRequestDto>.Ok(await DescribeAsync(request.Id, org.Value, ct));
    }

    /// <summary>The lock an edition's date change takes alone and every live booking in that edition shares.</summary>
    public static string EditionDatesLock(Guid edition) => $"edition-dates:{edition:N}";

    // Any confirmed meeting of either side overlapping [start, start + minutes): on the grid the slot holds catch it
    // too, but times off the grid (before or after the expo, meetings outside any edition) have only this check.
    private async Task<string?> ClashAsync(Meeting meeting, DateTimeOffset start, int minutes, CancellationToken ct)
    {
        var end = start.AddMinutes(minutes);
        var earliest = start.AddDays(-1);
        var sides = new[] { meeting.OrganisationA, meeting.OrganisationB };
        var near = await db.Meetings.AsNoTracking()
            .Where(m => m.Status == MeetingStatus.Confirmed && m.StartsAt != null && m.StartsAt >= earliest && m.StartsAt < end)
            .Where(m => sides.Contains(m.OrganisationA) || sides.Contains(m.OrganisationB))
            .Select(m => new { m.StartsAt, m.Minutes })
            .ToListAsync(ct);
        return near.Any(m => m.StartsAt!.Value.AddMinutes(m.Minutes) > start)
            ? Messages.Format("ScheduleParticipantBusy", EditionZones.Show(start, (await EditionZones.LoadAsync(db, ct)).For(meeting.EditionId)))
            : null;
    }

    // Contact details were shared because the two agreed to meet; when the meeting goes, so does the sharing, unless
    // another confirmed meeting between them, or an organiser's grant, still stands.
    private async Task EndContactGrantAsync(MeetingRequest request, CancellationToken ct)
    {
        var (first, second) = request.FromOrganisationId.CompareTo(request.ToOrganisationId) < 0
            ? (request.FromOrganisationId, request.ToOrganisationId) : (request.ToOrganisationId, request.FromOrganisationId);
        var grant = await db.ContactGrants.FirstOrDefaultAsync(g => g.OrganisationA == first && g.OrganisationB == second, ct);
        if (grant is null || grant.Reason != $"meeting {request.Id}")
        {
            return;
        }

        var other = await db.Meetings.AsNoTracking()
            .Where(m => m.RequestId != request.Id && m.Status == MeetingStatus.Confirmed
                && ((m.OrganisationA == first && m.OrganisationB == second) || (m.OrganisationA == second && m.OrganisationB == first)))
            .Select(m => (Guid?)m.RequestId).FirstOrDefaultAsync(ct);
        if (other is { } still)
        {
            grant.Reason = $"meeting {still}";
        }
        else
        {
            db.ContactGrants.Remove(grant);
        }
    }

    /// <summary>The caller's organisation's requests, newest activity first, and its latest notices.</summary>
    public async Task<Outcome<InboxDto>> InboxAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.OrganisationId is not { } org)
        {
            return Outcome<InboxDto>.Forbidden(Messages.Format("MeetingNeedsOrganisation"));
        }

        await ExpireAndRemindAsync(clock.GetUtcNow(), org, ct);
        // Five queries in all, whatever the inbox holds: what expired, the requests with their slots, the notices with their
        // requests' editions and the unread count, every organisation either names, and the requests' meetings (the
        // editions' zones are kept in memory).
        var found = await db.MeetingRequests.AsNoTracking().Include(r => r.Slots).Where(r => r.FromOrganisationId == org || r.ToOrganisationId == org)
            .OrderByDescending(r => r.UpdatedAt).Take(InboxSize).ToListAsync(ct);
        // The unread count rides on every notice row (the database counts once); with no notice at all none is unread.
        var notices = await db.Notices.AsNoTracking().Where(n => n.OrganisationId == org).OrderByDescending(n => n.Id).Take(NoticeCount)
            .Select(n => new
            {
                Notice = n,
                Edition = db.MeetingRequests.Where(r => r.Id == n.RequestId).Select(r => (Guid?)r.EditionId).FirstOrDefault(),
                Unread = db.Notices.Count(u => u.OrganisationId == org && u.ReadAt == null),
            })
            .ToListAsync(ct);
        var unread = notices.Count > 0 ? notices[0].Unread : 0;
        var others = found.Select(r => Other(r, org)).Concat(notices.Select(n => n.Notice.OtherOrganisationId)).Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => others.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var zones = await EditionZones.RememberedAsync(memory, db, ct);
        var requests = await DescribeAsync(found, org, orgs, zones, ct);
        // A notice's time is on the clock of its request's edition.
        var texts = notices.Select(x => new NoticeDto(x.Notice.Id, x.Notice.Kind, x.Notice.RequestId, x.Notice.NeedId,
            NoticeText(x.Notice, orgs.TryGetValue(x.Notice.OtherOrganisationId, out var other) ? Name(other.NameZh, other.NameEn) : "", zones.For(x.Edition)),
            x.Notice.CreatedAt, x.Notice.ReadAt is not null)).ToList();
        return Outcome<InboxDto>.Ok(new InboxDto(requests, texts, unread));
    }

    /// <summary>A notice's sentence in the current UI culture, naming the other side, its time on the zone's clock.</summary>
    internal static string NoticeText(Notice n, string other, TimeZoneInfo zone) =>
        Messages.Format("Notice" + n.Kind, other, n.When is { } at ? EditionZones.Show(at, zone) : "", n.Subject ?? "");

    /// <summary>Marks the caller's organisation's notices read; returns how many were unread.</summary>
    public async Task<Outcome<int>> MarkReadAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.OrganisationId is not { } org)
        {
            return Outcome<int>.Forbidden(Messages.Format("MeetingNeedsOrganisation"));
        }

        var now = clock.GetUtcNow();
        return Outcome<int>.Ok(await db.Notices.Where(n => n.OrganisationId == org && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct));
    }

    /// <summary>
    /// Expires pending requests whose time is up and reminds the side that must answer once, shortly before;
    /// for one organisation's requests, or all. Returns how many expired and how many were reminded.
    /// </summary>
    public async Task<(int Expired, int Reminded)> ExpireAndRemindAsync(DateTimeOffset now, Guid? organisation = null, CancellationToken ct = default)
    {
        var remindFrom = now + Settings.ReminderBefore;
        var due = await db.MeetingRequests
            .Where(r => r.Status == MeetingRequestStatus.Pending && (r.ExpiresAt <= now || (r.RemindedAt == null && r.ExpiresAt <= remindFrom)))
            .Where(r => organisation == null || r.FromOrganisationId == organisation || r.ToOrganisationId == organisation)
            .ToListAsync(ct);
        var (expired, reminded) = (0, 0);
        foreach (var request in due)
        {
            if (request.ExpiresAt <= now)
            {
                Notify(request.FromOrganisationId, NoticeKind.RequestExpired, request, request.ToOrganisationId, now);
                Notify(request.ToOrganisationId, NoticeKind.RequestExpired, request, request.FromOrganisationId, now);
                Close(request, MeetingRequestStatus.Expired);
                expired++;
            }
            else
            {
                Notify(request.AwaitingOrganisationId!.Value, NoticeKind.Reminder, request, Other(request, request.AwaitingOrganisationId.Value), now);
                request.RemindedAt = now;
                reminded++;
            }

            request.Version++;
        }

        if (due.Count == 0)
        {
            return (0, 0);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // An answer came in meanwhile; the next round sees the request as it now is.
            db.ChangeTracker.Clear();
            return (0, 0);
        }

        return (expired, reminded);
    }

    private static void Close(MeetingRequest request, MeetingRequestStatus status)
    {
        request.Status = status;
        request.AwaitingOrganisationId = null;
        request.OpenPairKey = null;
    }

    private static Guid Other(MeetingRequest request, Guid org) => request.FromOrganisationId == org ? request.ToOrganisationId : request.FromOrganisationId;

    private void Notify(Guid organisation, NoticeKind kind, MeetingRequest request, Guid other, DateTimeOffset now) =>
        db.Notices.Add(new Notice { OrganisationId = organisation, Kind = kind, RequestId = request.Id, OtherOrganisationId = other, When = request.ExpiresAt, CreatedAt = now });

    private static void CheckMessage(FieldErrors errors, string? message)
    {
        if (message is { Length: > MaxMessage })
        {
            errors.Add("message", Messages.Format("TooLong", Messages.Field("message"), MaxMessage));
        }
    }

    /// <summary>On the expo's days, meetings are held in the edition's grid: a proposed time there must be a slot's start and fit in it.</summary>
    private static void CheckGrid(FieldErrors errors, MeetingGrid? grid, IReadOnlyList<SlotDto>? slots)
    {
        for (var i = 0; grid is not null && i < (slots?.Count ?? 0); i++)
        {
            // A null in the list is reported by CheckSlots.
            if (slots![i] is not { } slot)
            {
                continue;
            }

            if (grid.IsExpoDay(slot.StartsAt) && (grid.SlotAt(slot.StartsAt) is not { } s || slot.Minutes > grid.SlotMinutes || grid.Blocked.Contains(s)))
            {
                errors.Add($"slots[{i}]", Messages.Format("MeetingSlotOffGrid", grid.Describe(CultureInfo.CurrentUICulture)));
            }
        }
    }

    private static List<ProposedSlot> CheckSlots(FieldErrors errors, IReadOnlyList<SlotDto>? slots, DateTimeOffset now, TimeZoneInfo zone)
    {
        slots ??= [];
        if (slots.Count > MaxSlots)
        {
            errors.Add("slots", Messages.Format("MeetingTooManySlots", MaxSlots));
            return [];
        }

        for (var i = 0; i < slots.Count; i++)
        {
            var field = $"slots[{i}]";
            // A JSON list may hold a null whatever its type says.
            if (slots[i] is null)
            {
                errors.Add(field, Messages.Format("FieldRequired", Messages.Field(field)));
                continue;
            }

            if (slots[i].StartsAt <= now)
            {
                errors.Add(field, Messages.Format("MeetingSlotPast", EditionZones.Show(slots[i].StartsAt, zone)));
            }

            if (slots[i].Minutes is < MinMinutes or > MaxMinutes)
            {
                errors.Add(field, Messages.Format("OutOfRange", Messages.Field("minutes"), MinMinutes, MaxMinutes));
            }

            if (slots.Take(i).Any(s => s?.StartsAt == slots[i].StartsAt))
            {
                errors.Add(field, Messages.Format("MeetingSlotTwice", EditionZones.Show(slots[i].StartsAt, zone)));
            }
        }

        return [.. slots.OfType<SlotDto>().Select(s => new ProposedSlot { StartsAt = s.StartsAt.ToUniversalTime(), Minutes = s.Minutes })];
    }

    private async Task<MeetingRequestDto> DescribeAsync(Guid id, Guid org, CancellationToken ct) => (await DescribeAsync([id], org, ct)).Single();

    private async Task<List<MeetingRequestDto>> DescribeAsync(IReadOnlyList<Guid> ids, Guid org, CancellationToken ct)
    {
        var requests = await db.MeetingRequests.AsNoTracking().Include(r => r.Slots).Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var others = requests.Select(r => Other(r, org)).Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => others.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        return await DescribeAsync(requests, org, orgs, await EditionZones.RememberedAsync(memory, db, ct), ct);
    }

    // The requests as their side sees them, newest activity first, with the meetings they led to; orgs holds every other side.
    private async Task<List<MeetingRequestDto>> DescribeAsync(List<MeetingRequest> requests, Guid org, Dictionary<Guid, Organisation> orgs, EditionZones zones, CancellationToken ct)
    {
        var ids = requests.Select(r => r.Id).ToList();
        var meetings = await db.Meetings.AsNoTracking().Where(m => ids.Contains(m.RequestId)).ToDictionaryAsync(m => m.RequestId, ct);
        return [.. requests.OrderByDescending(r => r.UpdatedAt).Select(r =>
        {
            var other = orgs[Other(r, org)];
            var meeting = meetings.GetValueOrDefault(r.Id);
            return new MeetingRequestDto(
                r.Id, r.EditionId, r.ToOrganisationId == org, r.Status, r.Status == MeetingRequestStatus.Pending && r.AwaitingOrganisationId == org,
                new CounterpartDto(other.Id, other.NameZh, other.NameEn, other.CountryIso3), r.Message, r.Reply, r.Priority,
                [.. r.Slots.OrderBy(s => s.StartsAt).Select(s => new SlotDto(s.StartsAt, s.Minutes))], r.Round, r.CreatedAt, r.UpdatedAt, r.ExpiresAt,
                meeting is null ? null : new MeetingDto(meeting.Id, meeting.StartsAt, meeting.Minutes, meeting.Status),
                // Contact details are exchanged by accepting, and only then shown here.
                r.Status == MeetingRequestStatus.Accepted ? new ContactDto(other.ContactPerson, other.ContactEmail, other.ContactPhone) : null,
                zones.For(r.EditionId).Id);
        })];
    }

    private static string Name(string zh, string en) => CultureInfo.CurrentUICulture.IsChinese() ? zh : en;

    internal static string When(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static object? StatusName(object? argument) => argument switch
    {
        MeetingRequestStatus status => Messages.Format("MeetingStatus" + status),
        DateTimeOffset at => When(at),
        _ => argument,
    };
}
