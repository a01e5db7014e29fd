using System.Globalization;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Scheduling;

/// <summary>
/// The editions' time zones (each edition's schedule settings, Asia/Shanghai where it has none): meeting times are
/// entered, checked and shown in the zone of the edition they are for; a time with no edition takes the latest
/// edition's, the one a new request goes to.
/// </summary>
public sealed class EditionZones(IReadOnlyDictionary<Guid, TimeZoneInfo> zones, Guid? latest)
{
    public static TimeZoneInfo Default { get; } = TimeZoneInfo.FindSystemTimeZoneById(new EditionSchedule().TimeZone);

    public TimeZoneInfo For(Guid? edition) =>
        (edition ?? latest) is { } id && zones.TryGetValue(id, out var zone) ? zone : Default;

    private static readonly string[] Tables = ["Editions", "EditionSchedules"];

    /// <summary>As <see cref="LoadAsync"/> reads them, kept in <paramref name="memory"/> where there is one: for the reads that show times on every call.</summary>
    public static Task<EditionZones> RememberedAsync(StoreMemory? memory, LianboDbContext db, CancellationToken ct = default) =>
        memory.GetOrLoadAsync(nameof(EditionZones), Tables, c => LoadAsync(db, c), ct);

    public static async Task<EditionZones> LoadAsync(LianboDbContext db, CancellationToken ct = default)
    {
        var editions = await db.Editions.AsNoTracking().OrderByDescending(e => e.Number).Select(e => e.Id).ToListAsync(ct);
        var set = await db.EditionSchedules.AsNoTracking().Select(s => new { s.EditionId, s.TimeZone }).ToListAsync(ct);
        return new(set.ToDictionary(s => s.EditionId, s => TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone)), editions.Count > 0 ? editions[0] : null);
    }

    /// <summary>"2026-03-29 10:00 欧洲中部时间（柏林）": the instant on the zone's clock, the zone by its name in the current language.</summary>
    public static string Show(DateTimeOffset at, TimeZoneInfo zone) =>
        $"{TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {Name(zone.Id)}";

    /// <summary>
    /// A time zone as people name it, with the city the IANA id names: "中国标准时间（北京）", "China Standard Time (Beijing)";
    /// a zone without a written name is shown by its UTC offset and id ("UTC+04:00 Asia/Dubai").
    /// </summary>
    public static string Name(string id)
    {
        if (Messages.Find("TimeZone_" + id) is { } name)
        {
            return name;
        }

        var offset = TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone.BaseUtcOffset : TimeSpan.Zero;
        return string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset:hh\\:mm} {id}");
    }

    /// <summary>
    /// The instant a wall-clock time in the zone names: null for a time the zone skips (the hour clocks go forward);
    /// for one it has twice (the hour they go back), the first.
    /// </summary>
    public static DateTimeOffset? At(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return null;
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
