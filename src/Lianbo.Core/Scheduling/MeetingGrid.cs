using System.Globalization;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Scheduling;

/// <summary>
/// An edition's meeting grid in its time zone: slot s is on day s ÷ <see cref="SlotsPerDay"/> of the edition, at
/// <see cref="DayStart"/> + (s mod <see cref="SlotsPerDay"/>) × <see cref="SlotMinutes"/> local time.
/// </summary>
public sealed record MeetingGrid(
    Guid EditionId, TimeZoneInfo Zone, DateOnly FirstDay, int Days, TimeOnly DayStart, int SlotMinutes, int SlotsPerDay,
    IReadOnlySet<int> Blocked, int MinMeetings, int MaxMeetings, int WalkingSlots)
{
    public int SlotCount => Days * SlotsPerDay;

    public DateOnly DayOf(int slot) => FirstDay.AddDays(slot / SlotsPerDay);

    /// <summary>The slot's start as an instant, in UTC as the store keeps times (see <see cref="Local"/> for the expo's clock).</summary>
    public DateTimeOffset StartOf(int slot)
    {
        var local = DayOf(slot).ToDateTime(DayStart).AddMinutes(slot % SlotsPerDay * SlotMinutes);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The instant in the edition's time zone.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>True when the instant falls on one of the edition's days (local time): such times must be slots of the grid.</summary>
    public bool IsExpoDay(DateTimeOffset instant)
    {
        var day = DateOnly.FromDateTime(Local(instant).DateTime);
        return day >= FirstDay && day < FirstDay.AddDays(Days);
    }

    /// <summary>The slot starting at the instant, or null when no slot starts then.</summary>
    public int? SlotAt(DateTimeOffset instant)
    {
        var local = Local(instant).DateTime;
        var day = DateOnly.FromDateTime(local).DayNumber - FirstDay.DayNumber;
        var minutes = (local - local.Date).TotalMinutes - DayStart.ToTimeSpan().TotalMinutes;
        if (day < 0 || day >= Days || minutes < 0 || minutes % SlotMinutes != 0 || minutes / SlotMinutes >= SlotsPerDay)
        {
            return null;
        }

        return day * SlotsPerDay + (int)(minutes / SlotMinutes);
    }

    /// <summary>"09:00–17:00 × 30 min, 26/11/2024–30/11/2024, China Standard Time (Beijing)": where the slots are, for error messages.</summary>
    public string Describe(CultureInfo culture)
    {
        var end = DayStart.AddMinutes(SlotsPerDay * SlotMinutes);
        var last = FirstDay.AddDays(Days - 1);
        return string.Create(culture, $"{DayStart:HH\\:mm}–{end:HH\\:mm} × {SlotMinutes} min, {FirstDay.ToString("d", culture)}–{last.ToString("d", culture)}, {EditionZones.Name(Zone.Id)}");
    }

    /// <summary>The engine's grid: the same slots, each day's start as an instant.</summary>
    public Lianbo.Scheduling.SlotGrid ToEngine() =>
        new(Days, SlotsPerDay, SlotMinutes, [.. Enumerable.Range(0, Days).Select(d => StartOf(d * SlotsPerDay))]);

    public static MeetingGrid Of(Expo.Edition edition, EditionSchedule? settings)
    {
        settings ??= new EditionSchedule { EditionId = edition.Id };
        var blocked = settings.BlockedSlots.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();
        return new MeetingGrid(
            edition.Id, TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone), edition.StartsOn,
            Math.Max(1, edition.EndsOn.DayNumber - edition.StartsOn.DayNumber + 1), settings.DayStart, settings.SlotMinutes,
            settings.SlotsPerDay, blocked, settings.MinMeetings, settings.MaxMeetings, settings.WalkingSlots);
    }

    /// <summary>The edition's grid; null for an unknown edition.</summary>
    public static async Task<MeetingGrid?> ForAsync(LianboDbContext db, Guid editionId, CancellationToken ct = default)
    {
        var edition = await db.Editions.AsNoTracking().FirstOrDefaultAsync(e => e.Id == editionId, ct);
        if (edition is null)
        {
            return null;
        }

        return Of(edition, await db.EditionSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.EditionId == editionId, ct));
    }
}
