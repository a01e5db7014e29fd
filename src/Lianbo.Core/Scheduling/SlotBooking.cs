using System.Globalization;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Scheduling;

/// <summary>
/// Live booking: an accepted meeting at a slot of its edition's grid holds that slot for both organisations and for a
/// free table (when the edition has tables). The checks here give a clear answer in the common case; the unique index
/// on <see cref="SlotHold"/> is what settles two bookings written at the same moment.
/// </summary>
internal static class SlotBooking
{
    /// <summary>Adds the holds (not saved) and places the meeting; returns why not, in the current language, when the slot is taken.</summary>
    public static async Task<string?> HoldAsync(LianboDbContext db, MeetingGrid grid, Meeting meeting, int slot, CancellationToken ct)
    {
        var when = grid.Local(grid.StartOf(slot)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        if (grid.Blocked.Contains(slot))
        {
            return Messages.Format("ScheduleSlotBlocked", when);
        }

        string[] people = [SlotHold.Organisation(meeting.OrganisationA), SlotHold.Organisation(meeting.OrganisationB)];
        var held = (await db.SlotHolds.AsNoTracking().Where(h => h.EditionId == grid.EditionId && h.Slot == slot)
            .Select(h => h.Holder).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (people.Any(held.Contains))
        {
            return Messages.Format("ScheduleParticipantBusy", when);
        }

        var tables = await db.MeetingTables.AsNoTracking().Where(t => t.EditionId == grid.EditionId).Select(t => t.Id).ToListAsync(ct);
        var free = tables.Where(t => !held.Contains(SlotHold.Table(t))).ToList();
        if (tables.Count > 0 && free.Count == 0)
        {
            return Messages.Format("ScheduleNoFreeTable", when);
        }

        // A random free table: accepts made at the same moment then seldom reach for the same one.
        meeting.TableId = free.Count > 0 ? free[Random.Shared.Next(free.Count)] : null;
        meeting.Slot = slot;
        meeting.StartsAt = grid.StartOf(slot).ToUniversalTime();
        meeting.Minutes = Math.Min(meeting.Minutes, grid.SlotMinutes);
        foreach (var holder in meeting.TableId is { } table ? [.. people, SlotHold.Table(table)] : people)
        {
            db.SlotHolds.Add(new SlotHold { EditionId = grid.EditionId, Holder = holder, Slot = slot, MeetingId = meeting.Id });
        }

        return null;
    }
}
