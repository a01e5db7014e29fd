using System.ComponentModel;
using System.Globalization;
using System.Diagnostics;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Files;
using Lianbo.Core.Meetings;
using Microsoft.EntityFrameworkCore;
using Engine = Lianbo.Scheduling;

namespace Lianbo.Core.Scheduling;

public sealed record ScheduleSettingsDto(
    [property: Description("IANA time zone of the expo, e.g. Asia/Shanghai.")] string TimeZone,
    [property: Description("Local time of the first slot of each day, HH:mm.")] TimeOnly DayStart,
    [property: Description("10–240 minutes.")] int SlotMinutes,
    [property: Description("1–48.")] int SlotsPerDay,
    int MinMeetings, int MaxMeetings,
    [property: Description("Free slots needed between meetings in two different halls the same day (0–4).")] int WalkingSlots,
    [property: Description("Global slot numbers nobody meets in (keynotes).")] IReadOnlyList<int> BlockedSlots);

public sealed record TableDto(Guid Id, string Code, string? HallCode, int Capacity);

public sealed record TableInput(string? Code, [property: Description("The code of one of the edition's halls.")] string? Hall, int Capacity = 2);

public sealed record SlotInfo(int Slot, DateTimeOffset StartsAt, bool Blocked);

public sealed record ScheduledMeetingDto(
    Guid MeetingId, Guid OrganisationA, string NameZhA, string NameEnA, Guid OrganisationB, string NameZhB, string NameEnB,
    MeetingPriority Priority, int? Slot, DateTimeOffset? StartsAt, Guid? TableId, string? TableCode, MeetingAttendance Attendance,
    [property: Description("Why the scheduler could not place it (a draft's unscheduled meetings).")] string? Reason,
    [property: Description("In a draft: the meeting was published elsewhere and the draft moves it.")] bool Moved);

public sealed record ScheduleViewDto(
    Guid EditionId, int EditionNumber, string TimeZone, int SlotMinutes, int SlotsPerDay, int Days, IReadOnlyList<SlotInfo> Slots,
    IReadOnlyList<TableDto> Tables,
    [property: Description("Draft or Published.")] string Source,
    [property: Description("The draft's run; without a draft (or with published=true), the run last published.")] ScheduleDraftDto? Draft,
    IReadOnlyList<ScheduledMeetingDto> Placed, IReadOnlyList<ScheduledMeetingDto> Unscheduled,
    int Held, int NoShows);

public sealed record ScheduleDraftDto(
    Guid Id, ScheduleDraftStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, string Method, long Weight, long UpperBound,
    [property: Description("1 − weight ÷ bound: how far at most from the best possible.")] double Gap, bool ProvenOptimal, int ElapsedMs,
    int Placed, int Unscheduled, int Kept, int Moved, int Dropped);

public sealed record AgendaItemDto(
    Guid MeetingId, Guid EditionId, DateTimeOffset StartsAt, int Minutes, string TimeZone, string? TableCode, string? HallZh, string? HallEn,
    Guid CounterpartId, string CounterpartZh, string CounterpartEn, MeetingPriority Priority, MeetingAttendance Attendance);

public sealed record AgendaDto(IReadOnlyList<AgendaItemDto> Meetings, int Unslotted,
    [property: Description("The secret part of the calendar link /api/meetings/{token}.ics.")] string CalendarToken);

/// <summary>
/// Batch meeting scheduling for an edition and its outputs: the grid and tables, a draft from the scheduler (around
/// the meetings already placed), publishing it, agendas, calendar feeds and check-in.
/// </summary>
public sealed class MeetingSchedules(LianboDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int MaxTables = 5000;

    /// <summary>
    /// The solver's settings for a draft in the web app or the CLI: a 20 s budget (5 s more for the bound), and the
    /// expo's aims as fairness floors per chain — at least 20% of a chain's meetings large ↔ SME and 30% foreign ↔
    /// domestic where the requests allow (a soft goal, below the weight of meetings).
    /// </summary>
    public static Engine.SchedulingOptions SolverOptions { get; } = new()
    {
        TimeLimit = TimeSpan.FromSeconds(20), BoundTimeLimit = TimeSpan.FromSeconds(5), LargeSmeSharePercent = 20, ForeignDomesticSharePercent = 30,
    };

    public async Task<Outcome<ScheduleSettingsDto>> SettingsAsync(Guid editionId, CancellationToken ct = default)
    {
        if (!await db.Editions.AnyAsync(e => e.Id == editionId, ct))
        {
            return Outcome<ScheduleSettingsDto>.NotFound(Messages.Format("EditionNotFound"));
        }

        var s = await db.EditionSchedules.AsNoTracking().FirstOrDefaultAsync(x => x.EditionId == editionId, ct) ?? new EditionSchedule { EditionId = editionId };
        var grid = (await MeetingGrid.ForAsync(db, editionId, ct))!;
        return Outcome<ScheduleSettingsDto>.Ok(new(s.TimeZone, s.DayStart, s.SlotMinutes, s.SlotsPerDay, s.MinMeetings, s.MaxMeetings, s.WalkingSlots, [.. grid.Blocked.Order()]));
    }

    /// <summary>Sets the grid. Meetings already placed keep their slot numbers, so the grid cannot change once any are.</summary>
    public async Task<Outcome<ScheduleSettingsDto>> SaveSettingsAsync(Viewer viewer, Guid editionId, ScheduleSettingsDto input, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<ScheduleSettingsDto>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        if (!await db.Editions.AnyAsync(e => e.Id == editionId, ct))
        {
            return Outcome<ScheduleSettingsDto>.NotFound(Messages.Format("EditionNotFound"));
        }

        var errors = new FieldErrors();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone ?? "", out _))
        {
            errors.Add("timeZone", Messages.Format("ScheduleUnknownTimeZone", input.TimeZone));
        }

        Range(errors, "slotMinutes", input.SlotMinutes, 10, 240);
        Range(errors, "slotsPerDay", input.SlotsPerDay, 1, 48);
        Range(errors, "walkingSlots", input.WalkingSlots, 0, 4);
        Range(errors, "minMeetings", input.MinMeetings, 0, 200);
        Range(errors, "maxMeetings", input.MaxMeetings, 1, 500);
        if (input.MinMeetings > input.MaxMeetings)
        {
            errors.Add("minMeetings", Messages.Format("ScheduleMinAboveMax"));
        }

        if (!errors.Any && input.DayStart.ToTimeSpan().TotalMinutes + input.SlotMinutes * input.SlotsPerDay > 24 * 60)
        {
            errors.Add("slotsPerDay", Messages.Format("ScheduleDayTooLong"));
        }

        var edition = await db.Editions.AsNoTracking().FirstAsync(e => e.Id == editionId, ct);
        var slotCount = (edition.EndsOn.DayNumber - edition.StartsOn.DayNumber + 1) * input.SlotsPerDay;
        var blocked = input.BlockedSlots ?? [];
        if (blocked.Any(b => b < 0 || b >= slotCount))
        {
            errors.Add("blockedSlots", Messages.Format("OutOfRange", Messages.Field("blockedSlots"), 0, slotCount - 1));
        }

        if (errors.Any)
        {
            return Outcome<ScheduleSettingsDto>.Invalid(errors.ToDictionary());
        }

        // Alone against live bookings, which compute their slot from this grid (see ExpoCommands.UpdateEditionAsync).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await StoreLocks.ExclusiveAsync(db, Meetings.MeetingRequests.EditionDatesLock(editionId), ct);
        var row = await db.EditionSchedules.FirstOrDefaultAsync(s => s.EditionId == editionId, ct);
        var current = row ?? new EditionSchedule { EditionId = editionId };
        var gridChanges = current.SlotMinutes != input.SlotMinutes || current.SlotsPerDay != input.SlotsPerDay
            || current.DayStart != input.DayStart || current.TimeZone != input.TimeZone;
        if (gridChanges && await db.SlotHolds.AnyAsync(h => h.EditionId == editionId, ct))
        {
            return Outcome<ScheduleSettingsDto>.Conflict(Messages.Format("ScheduleGridInUse"));
        }

        if (row is null)
        {
            db.EditionSchedules.Add(row = new EditionSchedule { EditionId = editionId });
        }

        row.TimeZone = input.TimeZone!;
        row.DayStart = input.DayStart;
        row.SlotMinutes = input.SlotMinutes;
        row.SlotsPerDay = input.SlotsPerDay;
        row.MinMeetings = input.MinMeetings;
        row.MaxMeetings = input.MaxMeetings;
        row.WalkingSlots = input.WalkingSlots;
        row.BlockedSlots = string.Join(',', blocked.Distinct().Order());
        audit.Record(viewer, "schedule.settings", nameof(EditionSchedule), editionId.ToString(), after: input);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await SettingsAsync(editionId, ct);
    }

    public async Task<Outcome<List<TableDto>>> TablesAsync(Guid editionId, CancellationToken ct = default)
    {
        if (!await db.Editions.AnyAsync(e => e.Id == editionId, ct))
        {
            return Outcome<List<TableDto>>.NotFound(Messages.Format("EditionNotFound"));
        }

        return Outcome<List<TableDto>>.Ok(await TableListAsync(editionId, ct));
    }

    /// <summary>Replaces the edition's tables by code: new codes are added, missing ones removed (unless a meeting holds them).</summary>
    public async Task<Outcome<List<TableDto>>> SaveTablesAsync(Viewer viewer, Guid editionId, IReadOnlyList<TableInput>? input, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<List<TableDto>>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        if (!await db.Editions.AnyAsync(e => e.Id == editionId, ct))
        {
            return Outcome<List<TableDto>>.NotFound(Messages.Format("EditionNotFound"));
        }

        input ??= [];
        var halls = await db.Halls.AsNoTracking().Where(h => h.EditionId == editionId).ToDictionaryAsync(h => h.Code, h => h.Id, StringComparer.OrdinalIgnoreCase, ct);
        var errors = new FieldErrors();
        if (input.Count > MaxTables)
        {
            errors.Add("tables", Messages.Format("ScheduleTooManyTables", MaxTables));
        }

        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < input.Count && i < MaxTables; i++)
        {
            // A JSON list may hold a null whatever its type says.
            if (input[i] is not { } t)
            {
                errors.Add($"tables[{i}]", Messages.Format("FieldRequired", Messages.Field($"tables[{i}]")));
                continue;
            }

            var code = t.Code?.Trim() ?? "";
            if (code.Length is 0 or > 32)
            {
                errors.Add($"tables[{i}].code", Messages.Format("TooLong", Messages.Field("code"), 32));
            }
            else if (!codes.Add(code))
            {
                errors.Add($"tables[{i}].code", Messages.Format("ScheduleTableTwice", code));
            }

            if (!string.IsNullOrWhiteSpace(t.Hall) && !halls.ContainsKey(t.Hall.Trim()))
            {
                errors.Add($"tables[{i}].hall", Messages.Format("ScheduleUnknownHall", t.Hall));
            }

            Range(errors, $"tables[{i}].capacity", t.Capacity, 2, 50);
        }

        if (errors.Any)
        {
            return Outcome<List<TableDto>>.Invalid(errors.ToDictionary());
        }

        var existing = await db.MeetingTables.Where(t => t.EditionId == editionId).ToListAsync(ct);
        var gone = existing.Where(t => !codes.Contains(t.Code)).ToList();
        var goneHolders = gone.Select(t => SlotHold.Table(t.Id)).ToList();
        if (goneHolders.Count > 0 && await db.SlotHolds.AnyAsync(h => h.EditionId == editionId && goneHolders.Contains(h.Holder), ct))
        {
            return Outcome<List<TableDto>>.Conflict(Messages.Format("ScheduleTableInUse"));
        }

        db.MeetingTables.RemoveRange(gone);
        var byCode = existing.ToDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase);
        foreach (var t in input)
        {
            var code = t.Code!.Trim();
            if (!byCode.TryGetValue(code, out var row))
            {
                db.MeetingTables.Add(row = new MeetingTable { Id = Guid.NewGuid(), EditionId = editionId, Code = code });
            }

            row.HallId = string.IsNullOrWhiteSpace(t.Hall) ? null : halls[t.Hall.Trim()];
            row.Capacity = t.Capacity;
        }

        audit.Record(viewer, "schedule.tables", nameof(MeetingTable), editionId.ToString(), after: new { tables = input.Count });
        await db.SaveChangesAsync(ct);
        return Outcome<List<TableDto>>.Ok(await TableListAsync(editionId, ct));
    }

    /// <summary>
    /// Runs the scheduler for the edition's accepted meetings that have no slot yet, around those already placed (live
    /// bookings and a published schedule), and keeps the result as the edition's draft, replacing an earlier draft.
    /// </summary>
    public async Task<Outcome<ScheduleDraftDto>> RunDraftAsync(Viewer viewer, Guid editionId, Engine.SolverMethod method = Engine.SolverMethod.Auto, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<ScheduleDraftDto>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        if (await MeetingGrid.ForAsync(db, editionId, ct) is not { } grid)
        {
            return Outcome<ScheduleDraftDto>.NotFound(Messages.Format("EditionNotFound"));
        }

        var problem = await ProblemAsync(grid, ct);
        if (problem.Tables.Count == 0)
        {
            return Outcome<ScheduleDraftDto>.Invalid("tables", Messages.Format("ScheduleNoTables"));
        }

        var clockStart = Stopwatch.GetTimestamp();
        var replan = Engine.Replanner.Replan(problem.Instance, problem.Published, new Engine.ScheduleChanges(), SolverOptions, method);
        var result = replan.Result;
        await db.ScheduleDrafts.Where(d => d.EditionId == editionId && d.Status == ScheduleDraftStatus.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, ScheduleDraftStatus.Discarded), ct);
        var draft = new ScheduleDraft
        {
            Id = Guid.NewGuid(),
            EditionId = editionId,
            Status = ScheduleDraftStatus.Draft,
            CreatedByUserId = viewer.UserId,
            CreatedAt = clock.GetUtcNow(),
            Method = result.Method.ToString(),
            Weight = result.Score.Weight,
            UpperBound = result.UpperBound,
            ProvenOptimal = result.ProvenOptimal,
            ElapsedMs = (int)Stopwatch.GetElapsedTime(clockStart).TotalMilliseconds,
            Kept = replan.Kept.Count,
            Moved = replan.Moved.Count,
            Dropped = replan.Dropped.Count,
        };
        var reasons = result.Unscheduled.ToDictionary(u => u.Meeting, u => u.Reason.ToString());
        foreach (var (index, meeting) in problem.Meetings.Index())
        {
            var placed = result.Schedule.Placements.TryGetValue(index, out var at);
            draft.Entries.Add(new DraftEntry
            {
                MeetingId = meeting,
                Slot = placed ? at.Slot : null,
                TableId = placed ? problem.Tables[at.Table] : null,
                Reason = placed ? null : reasons.GetValueOrDefault(index) ?? nameof(Engine.UnscheduledReason.ParticipantsBusy),
            });
        }

        db.ScheduleDrafts.Add(draft);
        audit.Record(viewer, "schedule.draft", nameof(ScheduleDraft), draft.Id.ToString(),
            after: new { placed = result.Schedule.Placements.Count, unscheduled = result.Unscheduled.Count, draft.Weight, draft.UpperBound });
        await db.SaveChangesAsync(ct);
        return Outcome<ScheduleDraftDto>.Ok(Describe(draft));
    }

    /// <summary>
    /// Publishes the edition's draft: every meeting it places gets its slot, time and table and holds them; meetings it
    /// drops lose theirs. All at once or nothing: when a live booking took a slot since the draft was made, the store
    /// refuses the holds and the organiser runs the draft again.
    /// </summary>
    public async Task<Outcome<ScheduleDraftDto>> PublishAsync(Viewer viewer, Guid editionId, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<ScheduleDraftDto>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        if (await MeetingGrid.ForAsync(db, editionId, ct) is not { } grid)
        {
            return Outcome<ScheduleDraftDto>.NotFound(Messages.Format("EditionNotFound"));
        }

        var draft = await db.ScheduleDrafts.Include(d => d.Entries)
            .Where(d => d.EditionId == editionId && d.Status == ScheduleDraftStatus.Draft).OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync(ct);
        if (draft is null)
        {
            return Outcome<ScheduleDraftDto>.NotFound(Messages.Format("ScheduleNoDraft"));
        }

        var ids = draft.Entries.Select(e => e.MeetingId).ToList();
        var meetings = await db.Meetings.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SlotHolds.Where(h => ids.Contains(h.MeetingId)).ExecuteDeleteAsync(ct);
        foreach (var entry in draft.Entries)
        {
            // A meeting cancelled since the draft was made stays cancelled and holds nothing.
            if (!meetings.TryGetValue(entry.MeetingId, out var meeting) || meeting.Status != MeetingStatus.Confirmed)
            {
                continue;
            }

            var was = meeting.StartsAt;
            meeting.Slot = entry.Slot;
            meeting.TableId = entry.TableId;
            meeting.StartsAt = entry.Slot is { } slot ? grid.StartOf(slot) : null;
            TellBothSides(meeting, was, now);
            if (entry.Slot is { } held)
            {
                meeting.Minutes = grid.SlotMinutes;
                foreach (var holder in new[] { SlotHold.Organisation(meeting.OrganisationA), SlotHold.Organisation(meeting.OrganisationB), SlotHold.Table(entry.TableId!.Value) })
                {
                    db.SlotHolds.Add(new SlotHold { EditionId = editionId, Holder = holder, Slot = held, MeetingId = meeting.Id });
                }
            }
        }

        draft.Status = ScheduleDraftStatus.Published;
        draft.PublishedAt = now;
        await db.ScheduleDrafts.Where(d => d.EditionId == editionId && d.Status == ScheduleDraftStatus.Published && d.Id != draft.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, ScheduleDraftStatus.Discarded), ct);
        audit.Record(viewer, "schedule.publish", nameof(ScheduleDraft), draft.Id.ToString(), after: new { placed = draft.Entries.Count(e => e.Slot != null) });
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Outcome<ScheduleDraftDto>.Conflict(Messages.Format("ScheduleDraftStale"));
        }

        return Outcome<ScheduleDraftDto>.Ok(Describe(draft));
    }

    /// <summary>
    /// The edition's schedule for the organiser's grid: the latest draft when there is one (<paramref name="published"/>
    /// false), else the published meetings; with the unscheduled meetings and why.
    /// </summary>
    public async Task<Outcome<ScheduleViewDto>> ViewAsync(Viewer viewer, Guid editionId, bool published = false, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<ScheduleViewDto>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        if (await MeetingGrid.ForAsync(db, editionId, ct) is not { } grid)
        {
            return Outcome<ScheduleViewDto>.NotFound(Messages.Format("EditionNotFound"));
        }

        var number = await db.Editions.Where(e => e.Id == editionId).Select(e => e.Number).FirstAsync(ct);
        var tables = await TableListAsync(editionId, ct);
        var codes = tables.ToDictionary(t => t.Id, t => t.Code);
        var draft = published ? null : await db.ScheduleDrafts.AsNoTracking().Include(d => d.Entries)
            .Where(d => d.EditionId == editionId && d.Status == ScheduleDraftStatus.Draft).OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync(ct);
        // Without a draft to show, the figures of the run last published (its method, weight, bound, kept and moved).
        var run = draft ?? await db.ScheduleDrafts.AsNoTracking().Include(d => d.Entries)
            .Where(d => d.EditionId == editionId && d.Status == ScheduleDraftStatus.Published).OrderByDescending(d => d.PublishedAt).FirstOrDefaultAsync(ct);
        var rows = await MeetingRowsAsync(db.Meetings.Where(m => m.EditionId == editionId && m.Status == MeetingStatus.Confirmed), ct);

        List<ScheduledMeetingDto> placed, unscheduled;
        if (draft is null)
        {
            placed = [.. rows.Where(r => r.Meeting.Slot != null).Select(r => Row(r, grid, r.Meeting.Slot, r.Meeting.TableId, codes, null, false))];
            unscheduled = [.. rows.Where(r => r.Meeting.Slot == null && r.Meeting.StartsAt == null).Select(r => Row(r, grid, null, null, codes, null, false))];
        }
        else
        {
            var byId = rows.ToDictionary(r => r.Meeting.Id);
            var entries = draft.Entries.Where(e => byId.ContainsKey(e.MeetingId)).ToList();
            placed = [.. entries.Where(e => e.Slot != null).Select(e =>
            {
                var r = byId[e.MeetingId];
                return Row(r, grid, e.Slot, e.TableId, codes, null, r.Meeting.Slot is { } was && (was != e.Slot || r.Meeting.TableId != e.TableId));
            })];
            unscheduled = [.. entries.Where(e => e.Slot == null).Select(e => Row(byId[e.MeetingId], grid, null, null, codes, e.Reason, false))];
        }

        // Times in the expo's own clock (its offset on that day), as the grid is read.
        var slots = Enumerable.Range(0, grid.SlotCount).Select(s => new SlotInfo(s, grid.Local(grid.StartOf(s)), grid.Blocked.Contains(s))).ToList();
        return Outcome<ScheduleViewDto>.Ok(new ScheduleViewDto(
            editionId, number, grid.Zone.Id, grid.SlotMinutes, grid.SlotsPerDay, grid.Days, slots, tables, draft is null ? "Published" : "Draft",
            run is null ? null : Describe(run), [.. placed.OrderBy(p => p.Slot).ThenBy(p => p.TableCode, StringComparer.Ordinal)], unscheduled,
            rows.Count(r => r.Meeting.Attendance == MeetingAttendance.Held), rows.Count(r => r.Meeting.Attendance == MeetingAttendance.NoShow)));
    }

    /// <summary>
    /// The schedule (the draft, or with <paramref name="published"/> the published one) as a CSV or XLSX file in the
    /// current language: one row per meeting with its local day and time, table, hall, both organisations, priority and
    /// attendance, then the unscheduled ones with the reason.
    /// </summary>
    public async Task<Outcome<ExhibitorFile>> ExportAsync(Viewer viewer, Guid editionId, ExhibitorFileFormat format, bool published = false, CancellationToken ct = default)
    {
        var outcome = await ViewAsync(viewer, editionId, published, ct);
        if (outcome.Value is not { } view)
        {
            return outcome.Kind == OutcomeKind.NotFound ? Outcome<ExhibitorFile>.NotFound(outcome.Detail!) : Outcome<ExhibitorFile>.Forbidden(outcome.Detail!);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(view.TimeZone);
        var halls = view.Tables.ToDictionary(t => t.Id, t => t.HallCode ?? "");
        static string M(string key) => Messages.Format(key);
        List<IReadOnlyList<string>> rows =
        [
            [M("ScheduleColumnDay"), M("ScheduleColumnTime"), M("ScheduleColumnTable"), M("ScheduleColumnHall"), M("ScheduleColumnA"), M("ScheduleColumnB"),
                M("ScheduleColumnPriority"), M("ScheduleColumnAttendance"), M("ScheduleColumnReason")],
        ];
        var zh = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        foreach (var p in view.Placed.Concat(view.Unscheduled))
        {
            var local = p.StartsAt is { } at ? TimeZoneInfo.ConvertTime(at, zone) : (DateTimeOffset?)null;
            rows.Add([
                local?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", local?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "",
                p.TableCode ?? "", p.TableId is { } t ? halls.GetValueOrDefault(t, "") : "", zh ? p.NameZhA : p.NameEnA, zh ? p.NameZhB : p.NameEnB,
                M("MeetingStatsPriority" + p.Priority), M("ScheduleAttendance" + p.Attendance), p.Reason is { } r ? M("ScheduleReason" + r) : "",
            ]);
        }

        return Outcome<ExhibitorFile>.Ok(ExhibitorTemplate.Tables($"lianbo-schedule-{view.EditionNumber}-{view.Source.ToLowerInvariant()}", format,
            [new XlsxSheet(M("ScheduleSheet"), rows, new HashSet<int>())]));
    }

    /// <summary>The caller's organisation's confirmed meetings with a time, in order, and the link to its calendar feed.</summary>
    public async Task<Outcome<AgendaDto>> AgendaAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.OrganisationId is not { } org)
        {
            return Outcome<AgendaDto>.Forbidden(Messages.Format("MeetingNeedsOrganisation"));
        }

        var items = await AgendaItemsAsync(org, ct);
        var unslotted = await db.Meetings.CountAsync(m => (m.OrganisationA == org || m.OrganisationB == org) && m.Status == MeetingStatus.Confirmed && m.StartsAt == null, ct);
        return Outcome<AgendaDto>.Ok(new AgendaDto(items, unslotted, await FeedTokenAsync(viewer.UserId, org, ct)));
    }

    /// <summary>A new secret calendar link for the caller; the old one stops working.</summary>
    public async Task<Outcome<string>> ResetCalendarAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.OrganisationId is not { } org)
        {
            return Outcome<string>.Forbidden(Messages.Format("MeetingNeedsOrganisation"));
        }

        await db.CalendarFeeds.Where(f => f.UserId == viewer.UserId && f.OrganisationId == org).ExecuteDeleteAsync(ct);
        return Outcome<string>.Ok(await FeedTokenAsync(viewer.UserId, org, ct));
    }

    /// <summary>The calendar (ICS) behind a secret link; null for an unknown link.</summary>
    public async Task<string?> CalendarAsync(string token, string language, CancellationToken ct = default)
    {
        var feed = await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.Token == token, ct);
        if (feed is null)
        {
            return null;
        }

        return MeetingCalendar.Write(await AgendaItemsAsync(feed.OrganisationId, ct), language, clock.GetUtcNow());
    }

    /// <summary>The meetings at one table, by slot, for the floor staff.</summary>
    public async Task<Outcome<(TableDto Table, List<ScheduledMeetingDto> Meetings, string TimeZone)>> TableSheetAsync(Viewer viewer, Guid editionId, Guid tableId, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<(TableDto, List<ScheduledMeetingDto>, string)>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        var grid = await MeetingGrid.ForAsync(db, editionId, ct);
        var table = (await TableListAsync(editionId, ct)).FirstOrDefault(t => t.Id == tableId);
        if (grid is null || table is null)
        {
            return Outcome<(TableDto, List<ScheduledMeetingDto>, string)>.NotFound(Messages.Format("ScheduleTableNotFound"));
        }

        var rows = await MeetingRowsAsync(db.Meetings.Where(m => m.EditionId == editionId && m.TableId == tableId && m.Status == MeetingStatus.Confirmed && m.Slot != null), ct);
        var codes = new Dictionary<Guid, string> { [table.Id] = table.Code };
        return Outcome<(TableDto, List<ScheduledMeetingDto>, string)>.Ok((table,
            [.. rows.OrderBy(r => r.Meeting.Slot).Select(r => Row(r, grid, r.Meeting.Slot, tableId, codes, null, false))], grid.Zone.Id));
    }

    /// <summary>The floor staff record whether a scheduled meeting was held.</summary>
    public async Task<Outcome<MeetingAttendance>> CheckInAsync(Viewer viewer, Guid meetingId, MeetingAttendance attendance, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<MeetingAttendance>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        if (!Enum.IsDefined(attendance))
        {
            return Outcome<MeetingAttendance>.Invalid("attendance", Messages.Format("ScheduleUnknownAttendance"));
        }

        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null)
        {
            return Outcome<MeetingAttendance>.NotFound(Messages.Format("ScheduleMeetingNotFound"));
        }

        if (meeting.Status != MeetingStatus.Confirmed || meeting.StartsAt is null)
        {
            return Outcome<MeetingAttendance>.Conflict(Messages.Format("ScheduleNotScheduled"));
        }

        var before = meeting.Attendance;
        meeting.Attendance = attendance;
        meeting.CheckedAt = attendance == MeetingAttendance.Unknown ? null : clock.GetUtcNow();
        audit.Record(viewer, "meeting.check-in", nameof(Meeting), meetingId.ToString(), before: new { attendance = before }, after: new { attendance });
        await db.SaveChangesAsync(ct);
        return Outcome<MeetingAttendance>.Ok(attendance);
    }

    /// <summary>The engine's problem: participants, tables, the meetings (indices into <see cref="Problem.Meetings"/>) and the published placements.</summary>
    internal sealed record Problem(Engine.Instance Instance, Engine.Schedule Published, IReadOnlyList<Guid> Meetings, IReadOnlyList<Guid> Tables);

    internal async Task<Problem> ProblemAsync(MeetingGrid grid, CancellationToken ct)
    {
        var editionId = grid.EditionId;
        var tables = await db.MeetingTables.AsNoTracking().Where(t => t.EditionId == editionId).OrderBy(t => t.Code).ToListAsync(ct);
        var hallIndex = tables.Select(t => t.HallId).Distinct().Index().ToDictionary(h => h.Item ?? Guid.Empty, h => h.Index);
        var tableIndex = tables.Index().ToDictionary(t => t.Item.Id, t => t.Index);
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.EditionId == editionId && m.Status == MeetingStatus.Confirmed).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(ct);
        var orgIds = meetings.SelectMany(m => new[] { m.OrganisationA, m.OrganisationB }).Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Size, Foreign = o.CountryIso3 != EditionStatistics.China }).ToDictionaryAsync(o => o.Id, ct);
        var chains = await (from x in db.Exhibitors
                            join z in db.Zones on x.ZoneId equals z.Id
                            where x.EditionId == editionId && z.ChainId != null
                            select new { x.OrganisationId, z.ChainId }).ToListAsync(ct);
        var chainIndex = chains.Select(c => c.ChainId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Index().ToDictionary(c => c.Item, c => c.Index);
        var chainOf = chains.GroupBy(c => c.OrganisationId).ToDictionary(g => g.Key, g => chainIndex[g.First().ChainId!]);
        var participant = orgIds.Index().ToDictionary(o => o.Item, o => o.Index);

        // Meetings with a time but no place the scheduler could keep (no table, or off the grid's slots) block their slot.
        var blocked = orgIds.ToDictionary(o => o, _ => new HashSet<int>(grid.Blocked));
        var requests = new List<Engine.MeetingRequest>();
        var published = new Dictionary<int, Engine.Placement>();
        var ids = new List<Guid>();
        foreach (var m in meetings)
        {
            if (m.StartsAt is { } at && (m.Slot is null || m.TableId is null || !tableIndex.ContainsKey(m.TableId.Value)))
            {
                if (grid.SlotAt(at) is { } busy)
                {
                    blocked[m.OrganisationA].Add(busy);
                    blocked[m.OrganisationB].Add(busy);
                }

                continue;
            }

            var (a, b) = (orgs[m.OrganisationA], orgs[m.OrganisationB]);
            var classes = (a.Size != b.Size ? Engine.PairClass.LargeSme : Engine.PairClass.None) | (a.Foreign != b.Foreign ? Engine.PairClass.ForeignDomestic : Engine.PairClass.None);
            var chain = chainOf.TryGetValue(m.OrganisationA, out var ca) ? ca : chainOf.TryGetValue(m.OrganisationB, out var cb) ? cb : (int?)null;
            var index = requests.Count;
            requests.Add(new Engine.MeetingRequest(index, participant[m.OrganisationA], participant[m.OrganisationB],
                m.Priority == MeetingPriority.MustMeet ? Engine.Priority.MustMeet : Engine.Priority.WouldLike, classes, chain));
            ids.Add(m.Id);
            if (m.Slot is { } slot && m.TableId is { } table)
            {
                published[index] = new Engine.Placement(slot, tableIndex[table]);
            }
        }

        var halls = hallIndex.Count;
        var walking = grid.WalkingSlots > 0 && halls > 1
            ? Enumerable.Range(0, halls).Select(h => (IReadOnlyList<int>)[.. Enumerable.Range(0, halls).Select(g => g == h ? 0 : grid.WalkingSlots)]).ToList()
            : null;
        var instance = new Engine.Instance(
            grid.ToEngine(),
            [.. orgIds.Select(o => new Engine.Participant(participant[o], grid.MinMeetings, grid.MaxMeetings, blocked[o]))],
            [.. tables.Select(t => new Engine.Table(tableIndex[t.Id], hallIndex[t.HallId ?? Guid.Empty], t.Capacity))],
            requests, walking);
        return new Problem(instance, new Engine.Schedule(published), ids, [.. tables.Select(t => t.Id)]);
    }

    private async Task<string> FeedTokenAsync(string userId, Guid org, CancellationToken ct)
    {
        var token = await db.CalendarFeeds.Where(f => f.UserId == userId && f.OrganisationId == org).Select(f => f.Token).FirstOrDefaultAsync(ct);
        if (token is not null)
        {
            return token;
        }

        var feed = new CalendarFeed
        {
            Token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)),
            UserId = userId,
            OrganisationId = org,
            CreatedAt = clock.GetUtcNow(),
        };
        db.CalendarFeeds.Add(feed);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            // Two first visits at once: the other one's token stands.
            db.ChangeTracker.Clear();
            return await db.CalendarFeeds.Where(f => f.UserId == userId && f.OrganisationId == org).Select(f => f.Token).FirstAsync(ct);
        }

        return feed.Token;
    }

    private async Task<List<AgendaItemDto>> AgendaItemsAsync(Guid org, CancellationToken ct)
    {
        var rows = await (from m in db.Meetings.AsNoTracking()
                          where (m.OrganisationA == org || m.OrganisationB == org) && m.Status == MeetingStatus.Confirmed && m.StartsAt != null
                          join o in db.Organisations on (m.OrganisationA == org ? m.OrganisationB : m.OrganisationA) equals o.Id
                          join t in db.MeetingTables on m.TableId equals t.Id into table
                          from t in table.DefaultIfEmpty()
                          join h in db.Halls on t.HallId equals h.Id into hall
                          from h in hall.DefaultIfEmpty()
                          join s in db.EditionSchedules on m.EditionId equals s.EditionId into settings
                          from s in settings.DefaultIfEmpty()
                          select new
                          {
                              m.Id, m.EditionId, m.StartsAt, m.Minutes, Zone = s != null ? s.TimeZone : null, Table = t != null ? t.Code : null,
                              HallZh = h != null ? h.NameZh : null, HallEn = h != null ? h.NameEn : null, Other = o.Id, o.NameZh, o.NameEn, m.Priority, m.Attendance,
                          }).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.StartsAt).Select(r => new AgendaItemDto(
            r.Id, r.EditionId ?? Guid.Empty, r.StartsAt!.Value, r.Minutes, r.Zone ?? new EditionSchedule().TimeZone, r.Table, r.HallZh, r.HallEn,
            r.Other, r.NameZh, r.NameEn, r.Priority, r.Attendance))];
    }

    private sealed record MeetingRow(Meeting Meeting, string ZhA, string EnA, string ZhB, string EnB);

    private async Task<List<MeetingRow>> MeetingRowsAsync(IQueryable<Meeting> meetings, CancellationToken ct) =>
        [.. (await (from m in meetings.AsNoTracking()
                    join a in db.Organisations on m.OrganisationA equals a.Id
                    join b in db.Organisations on m.OrganisationB equals b.Id
                    select new { m, a.NameZh, a.NameEn, ZhB = b.NameZh, EnB = b.NameEn }).ToListAsync(ct))
            .Select(x => new MeetingRow(x.m, x.NameZh, x.NameEn, x.ZhB, x.EnB))];

    // An agreed time never changes unannounced: both organisations hear of a time given, moved or taken away.
    private void TellBothSides(Meeting meeting, DateTimeOffset? was, DateTimeOffset now)
    {
        var kind = (was, meeting.StartsAt) switch
        {
            (null, not null) => NoticeKind.MeetingScheduled,
            (not null, null) => NoticeKind.MeetingUnscheduled,
            (not null, not null) when was != meeting.StartsAt => NoticeKind.MeetingMoved,
            _ => (NoticeKind?)null,
        };
        if (kind is not { } told)
        {
            return;
        }

        foreach (var (side, other) in new[] { (meeting.OrganisationA, meeting.OrganisationB), (meeting.OrganisationB, meeting.OrganisationA) })
        {
            db.Notices.Add(new Notice { OrganisationId = side, Kind = told, RequestId = meeting.RequestId, OtherOrganisationId = other, When = meeting.StartsAt ?? was, CreatedAt = now });
        }
    }

    private static ScheduledMeetingDto Row(MeetingRow r, MeetingGrid grid, int? slot, Guid? table, Dictionary<Guid, string> codes, string? reason, bool moved) => new(
        r.Meeting.Id, r.Meeting.OrganisationA, r.ZhA, r.EnA, r.Meeting.OrganisationB, r.ZhB, r.EnB, r.Meeting.Priority, slot,
        slot is { } s ? grid.Local(grid.StartOf(s)) : null, table, table is { } t ? codes.GetValueOrDefault(t) : null, r.Meeting.Attendance, reason, moved);

    private async Task<List<TableDto>> TableListAsync(Guid editionId, CancellationToken ct) =>
        await (from t in db.MeetingTables.AsNoTracking()
               where t.EditionId == editionId
               join h in db.Halls on t.HallId equals h.Id into hall
               from h in hall.DefaultIfEmpty()
               orderby t.Code
               select new TableDto(t.Id, t.Code, h != null ? h.Code : null, t.Capacity)).ToListAsync(ct);

    private static ScheduleDraftDto Describe(ScheduleDraft d) => new(
        d.Id, d.Status, d.CreatedAt, d.PublishedAt, d.Method, d.Weight, d.UpperBound, d.UpperBound <= 0 ? 0 : 1 - (double)d.Weight / d.UpperBound,
        d.ProvenOptimal, d.ElapsedMs, d.Entries.Count(e => e.Slot != null), d.Entries.Count(e => e.Slot == null), d.Kept, d.Moved, d.Dropped);

    private static void Range(FieldErrors errors, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(field, Messages.Format("OutOfRange", Messages.Field(field), min, max));
        }
    }
}
