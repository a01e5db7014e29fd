using System.Globalization;
using Lianbo.Core.Scheduling;

namespace Lianbo.Web.Meetings;

/// <summary>
/// Meeting times on the pages are on the clock of the edition they are for (<see cref="EditionZones"/>): the forms
/// read a date and time in that zone, and every time is shown there with the zone's name. Conversions go through
/// <see cref="TimeZoneInfo"/>, so a zone's daylight-saving changes are kept.
/// </summary>
public static class MeetingTime
{
    /// <summary>The value of an <c>input type="datetime-local"</c>.</summary>
    public const string InputFormat = "yyyy-MM-ddTHH:mm";

    /// <summary>"2027-03-26 10:00 中国标准时间（北京）": the instant on the zone's clock, the zone by its name in the page's language.</summary>
    public static string Show(DateTimeOffset at, TimeZoneInfo zone) => EditionZones.Show(at, zone);

    public static string Input(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(InputFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a form's date and time in the zone; null for an empty or unreadable value, or one the zone skips.</summary>
    public static DateTimeOffset? Read(string? value, TimeZoneInfo zone) =>
        DateTime.TryParseExact(value, InputFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? EditionZones.At(local, zone)
            : null;

    /// <summary>The filled-in times of a form as slots; a value that cannot be read is reported under its slot's field name.</summary>
    public static List<Lianbo.Core.Meetings.SlotDto> Slots(IEnumerable<string?>? values, int minutes, TimeZoneInfo zone, Dictionary<string, string[]> errors, string badTime)
    {
        var slots = new List<Lianbo.Core.Meetings.SlotDto>();
        foreach (var value in (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)))
        {
            if (Read(value, zone) is { } at)
            {
                slots.Add(new(at, minutes));
            }
            else
            {
                errors[$"slots[{slots.Count}]"] = [badTime];
            }
        }

        return slots;
    }
}
