using System.Globalization;

namespace Lianbo.Web.Meetings;

/// <summary>
/// Meeting times on the pages are Beijing time, where the expo takes place (UTC+8 all year, no daylight saving):
/// the forms read a date and time there, and every time is shown there.
/// </summary>
public static class MeetingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The value of an <c>input type="datetime-local"</c>.</summary>
    public const string InputFormat = "yyyy-MM-ddTHH:mm";

    public static string Show(DateTimeOffset at) => at.ToOffset(Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Input(DateTimeOffset at) => at.ToOffset(Offset).ToString(InputFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a form's date and time as Beijing time; null for an empty or unreadable value.</summary>
    public static DateTimeOffset? Read(string? value) =>
        DateTime.TryParseExact(value, InputFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, Offset)
            : null;

    /// <summary>The filled-in times of a form as slots; a value that cannot be read is reported under its slot's field name.</summary>
    public static List<Lianbo.Core.Meetings.SlotDto> Slots(IEnumerable<string?>? values, int minutes, Dictionary<string, string[]> errors, string badTime)
    {
        var slots = new List<Lianbo.Core.Meetings.SlotDto>();
        foreach (var value in (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)))
        {
            if (Read(value) is { } at)
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
