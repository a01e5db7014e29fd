namespace Lianbo.Core.Meetings;

public enum MeetingRequestStatus
{
    Pending,
    Accepted,
    Declined,
    Cancelled,
    Expired,
}

/// <summary>How much the requester wants the meeting; the batch scheduler places must-meet requests first.</summary>
public enum MeetingPriority
{
    WouldLike,
    MustMeet,
}

/// <summary>
/// One organisation asks another for a meeting, with a message and proposed slots. The side that must answer
/// (<see cref="AwaitingOrganisationId"/>) accepts, declines or counter-proposes other slots, which hands the
/// answer back. Only the sender withdraws a pending request (the recipient declines it); either side cancels an
/// accepted meeting. A pending request expires at <see cref="ExpiresAt"/>.
/// </summary>
public sealed class MeetingRequest
{
    public Guid Id { get; set; }

    /// <summary>The edition the meeting is meant for; null for a meeting outside any edition.</summary>
    public Guid? EditionId { get; set; }

    public Guid FromOrganisationId { get; set; }
    public Guid ToOrganisationId { get; set; }
    public required string CreatedByUserId { get; set; }
    public string Message { get; set; } = "";

    /// <summary>The latest answer's note (a counter-proposal's or a refusal's).</summary>
    public string? Reply { get; set; }

    public MeetingPriority Priority { get; set; }
    public MeetingRequestStatus Status { get; set; }

    /// <summary>Who must answer while the request is pending; null otherwise.</summary>
    public Guid? AwaitingOrganisationId { get; set; }

    /// <summary>How many times the slots were counter-proposed.</summary>
    public int Round { get; set; }

    /// <summary>
    /// Set while the request is pending or accepted, null otherwise; unique, so that the database itself keeps a
    /// pair of organisations to one open request per edition, whichever side asked.
    /// </summary>
    public string? OpenPairKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RemindedAt { get; set; }

    /// <summary>Incremented by every transition; two answers given at once cannot both win.</summary>
    public int Version { get; set; }

    public List<ProposedSlot> Slots { get; set; } = [];

    public static string PairKey(Guid a, Guid b, Guid? edition)
    {
        var (first, second) = a.CompareTo(b) < 0 ? (a, b) : (b, a);
        return $"{first:N}{second:N}{edition:N}";
    }
}

/// <summary>A time proposed for a meeting, by the side that made the latest proposal.</summary>
public sealed class ProposedSlot
{
    public long Id { get; set; }
    public Guid RequestId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public int Minutes { get; set; }
}

public enum MeetingStatus
{
    Confirmed,
    Cancelled,
}

/// <summary>Whether a meeting took place, as the floor staff checked it in.</summary>
public enum MeetingAttendance
{
    Unknown,
    Held,
    NoShow,
}

/// <summary>An accepted meeting between two organisations: at a slot agreed in the request, or unslotted until scheduled.</summary>
public sealed class Meeting
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public Guid? EditionId { get; set; }

    /// <summary>The requester.</summary>
    public Guid OrganisationA { get; set; }

    public Guid OrganisationB { get; set; }
    public MeetingPriority Priority { get; set; }
    public DateTimeOffset? StartsAt { get; set; }
    public int Minutes { get; set; }

    /// <summary>The first slot of the edition's grid it holds (see <see cref="Scheduling.SlotHold"/>); null when unslotted or off the grid.</summary>
    public int? Slot { get; set; }

    /// <summary>The table it holds, if the edition has tables.</summary>
    public Guid? TableId { get; set; }

    public MeetingStatus Status { get; set; }
    public MeetingAttendance Attendance { get; set; }
    public DateTimeOffset? CheckedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum NoticeKind
{
    RequestReceived,
    CounterProposed,
    RequestAccepted,
    RequestDeclined,
    RequestCancelled,
    RequestExpired,
    Reminder,
    SessionConfirmed,
    SessionInvited,

    /// <summary>A published schedule gave the meeting its time.</summary>
    MeetingScheduled,

    /// <summary>A published schedule moved the meeting to another time.</summary>
    MeetingMoved,

    /// <summary>A published schedule took the meeting's time away (it will be placed again).</summary>
    MeetingUnscheduled,
}

/// <summary>
/// An in-app notification for every member of an organisation, about a meeting request or a supply-demand session,
/// and the other side; its text is written when it is read, in the reader's language, from these fields.
/// </summary>
public sealed class Notice
{
    public long Id { get; set; }
    public Guid OrganisationId { get; set; }
    public NoticeKind Kind { get; set; }
    public Guid? RequestId { get; set; }
    public Guid? NeedId { get; set; }
    public Guid OtherOrganisationId { get; set; }

    /// <summary>The time the notice speaks of (a deadline, a session's start).</summary>
    public DateTimeOffset? When { get; set; }

    /// <summary>What it is about in the writer's words (a procurement need's title).</summary>
    public string? Subject { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>When its e-mails were sent (<see cref="MeetingMail"/>); null while they are due, or for kinds never mailed.</summary>
    public DateTimeOffset? MailedAt { get; set; }

    /// <summary>Failed attempts to send its e-mails.</summary>
    public int MailAttempts { get; set; }
}
