using System.Globalization;
using Lianbo.Core.Scheduling;

namespace Lianbo.Web.Scheduling;

// The schedule page's forms as a browser posts them, turned into the use cases' inputs; the use cases check the values,
// so the page shows the API's field errors.

public sealed class ScheduleSettingsForm
{
    public string TimeZone { get; set; } = "";
    public TimeOnly DayStart { get; set; } = new(9, 0);
    public int SlotMinutes { get; set; }
    public int SlotsPerDay { get; set; }
    public int MinMeetings { get; set; }
    public int MaxMeetings { get; set; }
    public int WalkingSlots { get; set; }

    /// <summary>Slot numbers separated by commas or spaces.</summary>
    public string? BlockedSlots { get; set; }

    public static ScheduleSettingsForm From(ScheduleSettingsDto s) => new()
    {
        TimeZone = s.TimeZone, DayStart = s.DayStart, SlotMinutes = s.SlotMinutes, SlotsPerDay = s.SlotsPerDay, MinMeetings = s.MinMeetings,
        MaxMeetings = s.MaxMeetings, WalkingSlots = s.WalkingSlots, BlockedSlots = string.Join(", ", s.BlockedSlots),
    };

    /// <summary>The input, or null with the unreadable slot numbers' field error.</summary>
    public ScheduleSettingsDto? ToInput(Dictionary<string, string[]> errors, string unreadable)
    {
        var blocked = new List<int>();
        foreach (var part in (BlockedSlots ?? "").Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var slot))
            {
                errors["blockedSlots"] = [string.Format(CultureInfo.CurrentCulture, unreadable, part)];
                return null;
            }

            blocked.Add(slot);
        }

        return new ScheduleSettingsDto(TimeZone.Trim(), DayStart, SlotMinutes, SlotsPerDay, MinMeetings, MaxMeetings, WalkingSlots, blocked);
    }
}

public sealed class TablesForm
{
    /// <summary>One table a line: code, hall code (may be empty), seats (2 when left out).</summary>
    public string? Lines { get; set; }

    public static TablesForm From(IEnumerable<TableDto> tables) => new()
    {
        Lines = string.Join('\n', tables.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Code},{t.HallCode},{t.Capacity}"))),
    };

    /// <summary>The tables, or null with the field error of the first line that cannot be read.</summary>
    public List<TableInput>? ToInput(Dictionary<string, string[]> errors, string unreadable)
    {
        var tables = new List<TableInput>();
        foreach (var line in (Lines ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            var capacity = 2;
            if (parts.Length > 3 || (parts.Length == 3 && parts[2].Length > 0 && !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out capacity)))
            {
                errors[$"tables[{tables.Count}].capacity"] = [string.Format(CultureInfo.CurrentCulture, unreadable, line)];
                return null;
            }

            tables.Add(new TableInput(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null, capacity));
        }

        return tables;
    }

    /// <summary>The number of tables to add to a hall, for a floor laid out evenly: codes hall-01, hall-02, …</summary>
    public static IEnumerable<TableInput> Generate(string hall, int count, int capacity, IEnumerable<string> taken)
    {
        var used = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        var n = 0;
        for (var added = 0; added < count;)
        {
            var code = string.Create(CultureInfo.InvariantCulture, $"{hall}-{++n:00}");
            if (used.Add(code))
            {
                added++;
                yield return new TableInput(code, hall, capacity);
            }
        }
    }
}

public sealed class GenerateTablesForm
{
    public string Hall { get; set; } = "";
    public int Count { get; set; } = 10;
    public int Capacity { get; set; } = 2;
}
