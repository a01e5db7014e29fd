namespace Lianbo.Core.Scheduling;

/// <summary>
/// An edition's meeting grid: every day from the edition's first to its last, <see cref="SlotsPerDay"/> slots of
/// <see cref="SlotMinutes"/> from <see cref="DayStart"/> local time in <see cref="TimeZone"/>. A meeting takes one
/// slot. Editions without a row use the defaults (09:00 Beijing time, 16 slots of 30 minutes).
/// </summary>
public sealed class EditionSchedule
{
    public Guid EditionId { get; set; }

    /// <summary>An IANA time zone id; the expo's own, in which pages and calendars show the times.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public TimeOnly DayStart { get; set; } = new(9, 0);
    public int SlotMinutes { get; set; } = 30;
    public int SlotsPerDay { get; set; } = 16;

    /// <summary>Fairness floor for every participant in a batch run.</summary>
    public int MinMeetings { get; set; }

    /// <summary>Hard ceiling for every participant in a batch run.</summary>
    public int MaxMeetings { get; set; } = 40;

    /// <summary>Free slots a participant needs between meetings in two different halls the same day.</summary>
    public int WalkingSlots { get; set; }

    /// <summary>Slots nobody meets in (keynotes, the opening): global slot numbers, comma-separated.</summary>
    public string BlockedSlots { get; set; } = "";
}

/// <summary>A meeting table or booth of an edition, in a hall.</summary>
public sealed class MeetingTable
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }

    /// <summary>What the floor staff call it ("A-01"); unique in the edition.</summary>
    public required string Code { get; set; }

    public Guid? HallId { get; set; }
    public int Capacity { get; set; } = 2;
}

/// <summary>
/// One slot held by one organisation's delegation or one table for a meeting. The unique index on (edition, holder,
/// slot) is what keeps a participant or a table from being booked twice, whoever writes at the same moment.
/// </summary>
public sealed class SlotHold
{
    public long Id { get; set; }
    public Guid EditionId { get; set; }

    /// <summary><c>o:</c> and an organisation id, or <c>t:</c> and a table id.</summary>
    public required string Holder { get; set; }

    public int Slot { get; set; }
    public Guid MeetingId { get; set; }

    public static string Organisation(Guid id) => $"o:{id:N}";

    public static string Table(Guid id) => $"t:{id:N}";
}

public enum ScheduleDraftStatus
{
    Draft,
    Published,
    Discarded,
}

/// <summary>A batch scheduler's run for an edition: what it proposes, for the organiser to review and publish.</summary>
public sealed class ScheduleDraft
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public ScheduleDraftStatus Status { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Exact (CP-SAT) or Heuristic.</summary>
    public required string Method { get; set; }

    public long Weight { get; set; }
    public long UpperBound { get; set; }
    public bool ProvenOptimal { get; set; }
    public int ElapsedMs { get; set; }

    /// <summary>Published meetings the run kept, moved and dropped (a re-plan); 0 for a first run.</summary>
    public int Kept { get; set; }

    public int Moved { get; set; }
    public int Dropped { get; set; }

    public List<DraftEntry> Entries { get; set; } = [];
}

/// <summary>One meeting in a draft: its slot and table, or why it could not be placed.</summary>
public sealed class DraftEntry
{
    public long Id { get; set; }
    public Guid DraftId { get; set; }
    public Guid MeetingId { get; set; }
    public int? Slot { get; set; }
    public Guid? TableId { get; set; }

    /// <summary>A <see cref="Lianbo.Scheduling.UnscheduledReason"/> name when the meeting is not placed.</summary>
    public string? Reason { get; set; }
}

/// <summary>A secret link to one user's calendar of their organisation's meetings (ICS), for calendar apps that cannot sign in.</summary>
public sealed class CalendarFeed
{
    public required string Token { get; set; }
    public required string UserId { get; set; }
    public Guid OrganisationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
