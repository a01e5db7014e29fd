namespace Lianbo.Scheduling;

/// <summary>How much the expo wants a requested meeting; the weights are in <see cref="SchedulingOptions"/>.</summary>
public enum Priority
{
    WouldLike,
    MustMeet,
}

/// <summary>The expo's aims a meeting serves, counted by the fairness floors per chain.</summary>
[Flags]
public enum PairClass
{
    None = 0,

    /// <summary>A large enterprise meets an SME.</summary>
    LargeSme = 1,

    /// <summary>A foreign participant meets a domestic one.</summary>
    ForeignDomestic = 2,
}

/// <summary>
/// Someone who takes part in meetings: an organisation's delegation sent as one attendee, so it can be in one meeting
/// at a time. <paramref name="Blocked"/> are the global slot numbers (see <see cref="SlotGrid"/>) it cannot meet in:
/// sessions, keynotes, its own booth duty.
/// </summary>
/// <param name="MinMeetings">Fairness floor: the scheduler tries hard (a soft goal) to give it at least this many.</param>
/// <param name="MaxMeetings">Hard ceiling.</param>
public sealed record Participant(int Id, int MinMeetings = 0, int MaxMeetings = int.MaxValue, IReadOnlySet<int>? Blocked = null)
{
    public bool IsBlocked(int slot) => Blocked?.Contains(slot) == true;
}

/// <summary>
/// The time grid: <paramref name="Days"/> days of <paramref name="SlotsPerDay"/> meeting slots, each
/// <paramref name="SlotMinutes"/> long, day d starting at <paramref name="DayStarts"/>[d]. A meeting takes one slot.
/// Slots are numbered globally: slot = day × SlotsPerDay + slot of the day.
/// </summary>
public sealed record SlotGrid(int Days, int SlotsPerDay, int SlotMinutes, IReadOnlyList<DateTimeOffset> DayStarts)
{
    public int SlotCount => Days * SlotsPerDay;

    public int DayOf(int slot) => slot / SlotsPerDay;

    public DateTimeOffset StartOf(int slot) => DayStarts[DayOf(slot)].AddMinutes(slot % SlotsPerDay * SlotMinutes);

    /// <summary>A grid whose days start at 09:00 Beijing time (UTC+8) from <paramref name="firstDay"/> on.</summary>
    public static SlotGrid Daily(DateOnly firstDay, int days, int slotsPerDay, int slotMinutes = 20) =>
        new(days, slotsPerDay, slotMinutes,
            [.. Enumerable.Range(0, days).Select(d => new DateTimeOffset(firstDay.AddDays(d), new TimeOnly(9, 0), TimeSpan.FromHours(8)))]);
}

/// <summary>A meeting table or booth in hall <paramref name="Hall"/> (0 … halls − 1). A meeting of two needs capacity 2.</summary>
public sealed record Table(int Id, int Hall, int Capacity = 2);

/// <summary>Where and when a meeting is held: a global slot and a table id.</summary>
public readonly record struct Placement(int Slot, int Table);

/// <summary>
/// A meeting two participants asked for. <paramref name="Fixed"/> pins an already published meeting to its slot and
/// table: the scheduler keeps it there and must schedule it. <paramref name="Classes"/> and <paramref name="Chain"/>
/// feed the fairness floors (minimum shares of large ↔ SME and foreign ↔ domestic meetings per chain).
/// </summary>
public sealed record MeetingRequest(
    int Id, int A, int B, Priority Priority = Priority.WouldLike,
    PairClass Classes = PairClass.None, int? Chain = null, Placement? Fixed = null);

/// <summary>
/// One batch-scheduling problem. <paramref name="WalkingSlots"/>[h][g] is how many free slots a participant needs
/// between a meeting in hall h and a later one the same day in hall g (0 on the diagonal); null means no walking.
/// Travel is checked between every two meetings of a participant on the same day, which for walking times that obey
/// the triangle inequality is the same as checking consecutive meetings.
/// </summary>
public sealed record Instance(
    SlotGrid Grid,
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<Table> Tables,
    IReadOnlyList<MeetingRequest> Requests,
    IReadOnlyList<IReadOnlyList<int>>? WalkingSlots = null)
{
    public int HallCount => Math.Max(WalkingSlots?.Count ?? 0, Tables.Count == 0 ? 0 : Tables.Max(t => t.Hall) + 1);

    public int Walk(int fromHall, int toHall) =>
        fromHall == toHall || WalkingSlots is null ? 0 : WalkingSlots[fromHall][toHall];

    /// <summary>What makes the instance unusable (unknown ids, duplicates, bad sizes, pinned meetings that clash); empty when it is fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Grid.Days <= 0 || Grid.SlotsPerDay <= 0 || Grid.DayStarts.Count != Grid.Days)
        {
            problems.Add("the grid needs at least one day and slot, and one start per day");
        }

        var participants = new HashSet<int>();
        foreach (var p in Participants)
        {
            if (!participants.Add(p.Id)) problems.Add($"participant {p.Id} appears twice");
            if (p.MinMeetings < 0 || p.MaxMeetings < 0) problems.Add($"participant {p.Id} has a negative minimum or maximum");
        }

        var tables = new HashSet<int>();
        foreach (var t in Tables)
        {
            if (!tables.Add(t.Id)) problems.Add($"table {t.Id} appears twice");
            if (t.Hall < 0) problems.Add($"table {t.Id} has a negative hall");
            if (t.Capacity < 2) problems.Add($"table {t.Id} seats fewer than two");
        }

        var halls = HallCount;
        if (WalkingSlots is not null && (WalkingSlots.Count < halls || WalkingSlots.Any(r => r.Count < halls || r.Any(w => w < 0))))
        {
            problems.Add("walking times need one non-negative row and column per hall");
        }

        var meetings = new HashSet<int>();
        foreach (var r in Requests)
        {
            if (!meetings.Add(r.Id)) problems.Add($"meeting {r.Id} appears twice");
            if (!participants.Contains(r.A) || !participants.Contains(r.B)) problems.Add($"meeting {r.Id} names an unknown participant");
            if (r.A == r.B) problems.Add($"meeting {r.Id} is a participant meeting itself");
        }

        if (problems.Count == 0)
        {
            // Pinned meetings must form a valid schedule on their own: the scheduler cannot move them.
            var pinned = Requests.Where(r => r.Fixed is not null).ToDictionary(r => r.Id, r => r.Fixed!.Value);
            problems.AddRange(ScheduleChecker.Check(this, new Schedule(pinned)).Select(v => $"pinned meetings: {v.Message}"));
        }

        return problems;
    }
}

/// <summary>A schedule: each scheduled meeting's id with its placement; requests not listed are unscheduled.</summary>
public sealed record Schedule(IReadOnlyDictionary<int, Placement> Placements)
{
    public static Schedule Empty { get; } = new(new Dictionary<int, Placement>());
}
