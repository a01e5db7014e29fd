using System.Globalization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Lianbo.Core.Scheduling;

/// <summary>
/// An organisation's meetings as an iCalendar feed (RFC 5545): each meeting's start and end in the expo's time zone,
/// with that zone's definition, so that a calendar anywhere shows it at the right local time.
/// </summary>
public static class MeetingCalendar
{
    public static string Write(IReadOnlyList<AgendaItemDto> meetings, string language, DateTimeOffset now)
    {
        var zh = language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var calendar = new Ical.Net.Calendar { ProductId = "-//Lianbo//Meetings//EN" };
        calendar.AddProperty("X-WR-CALNAME", zh ? "链博洽谈日程" : "Lianbo meetings");
        foreach (var zone in meetings.Select(m => m.TimeZone).Distinct(StringComparer.Ordinal))
        {
            calendar.AddTimeZone(new VTimeZone(zone));
        }

        foreach (var m in meetings)
        {
            var local = TimeZoneInfo.ConvertTime(m.StartsAt, TimeZoneInfo.FindSystemTimeZoneById(m.TimeZone)).DateTime;
            var start = new CalDateTime(local, m.TimeZone);
            var place = m.TableCode is null ? null : $"{m.TableCode} {(zh ? m.HallZh : m.HallEn)}".Trim();
            var other = zh ? m.CounterpartZh : m.CounterpartEn;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{m.MeetingId:N}@lianbo",
                Summary = zh ? $"洽谈：{other}" : $"Meeting: {other}",
                Description = m.Priority == Meetings.MeetingPriority.MustMeet ? (zh ? "必见" : "Must meet") : null,
                Location = place,
                Start = start,
                End = new CalDateTime(local.AddMinutes(m.Minutes), m.TimeZone),
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>The file name for a feed download.</summary>
    public static string FileName(DateTimeOffset now) => string.Create(CultureInfo.InvariantCulture, $"lianbo-meetings-{now:yyyyMMdd}.ics");
}
