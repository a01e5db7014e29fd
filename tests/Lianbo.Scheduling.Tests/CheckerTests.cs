namespace Lianbo.Scheduling.Tests;

public class CheckerTests
{
    // Two halls a slot's walk apart, table 1 in hall 0, tables 2 and 3 in hall 1; 2 is blocked in slot 3 and may
    // have 2 meetings; meeting 5 is pinned to slot 2 at table 3.
    private static readonly Instance Expo = new InstanceBuilder().Grid(2, 4).People(5).Person(2, max: 2, blocked: [3])
        .Tables(1, hall: 0).Tables(2, hall: 1).Walking([0, 1], [1, 0])
        .Meet(1, 2).Meet(1, 3).Meet(2, 3).Meet(4, 5).Meet(3, 4, pinned: new Placement(2, 3)).Meet(2, 4).Build();

    private static readonly Dictionary<int, Placement> Valid = new()
    {
        [1] = new(0, 1), [2] = new(7, 1), [3] = new(4, 2), [4] = new(1, 2), [5] = new(2, 3),
    };

    private static IReadOnlyList<Violation> Plant(Action<Dictionary<int, Placement>> change)
    {
        var placements = new Dictionary<int, Placement>(Valid);
        change(placements);
        return ScheduleChecker.Check(Expo, new Schedule(placements));
    }

    [Fact]
    public void A_valid_schedule_has_no_violations() => Assert.Empty(ScheduleChecker.Check(Expo, new Schedule(Valid)));

    [Theory]
    [InlineData(ViolationKind.UnknownMeeting)]
    [InlineData(ViolationKind.UnknownTable)]
    [InlineData(ViolationKind.SlotOutOfGrid)]
    [InlineData(ViolationKind.ParticipantDoubleBooked)]
    [InlineData(ViolationKind.TableDoubleBooked)]
    [InlineData(ViolationKind.ParticipantUnavailable)]
    [InlineData(ViolationKind.NoTimeToWalk)]
    [InlineData(ViolationKind.AboveMaximum)]
    [InlineData(ViolationKind.PinnedMeetingMoved)]
    public void Each_planted_violation_is_caught(ViolationKind kind)
    {
        var violations = Plant(kind switch
        {
            ViolationKind.UnknownMeeting => p => p[99] = new(7, 1),
            ViolationKind.UnknownTable => p => p[4] = new(1, 9),
            ViolationKind.SlotOutOfGrid => p => p[4] = new(8, 2),
            // 1 would meet 2 and 3 in slot 0 (tables 1 and 2).
            ViolationKind.ParticipantDoubleBooked => p => p[2] = new(0, 2),
            ViolationKind.TableDoubleBooked => p => p[4] = new(0, 1),
            // 2 is blocked in slot 3.
            ViolationKind.ParticipantUnavailable => p => p[1] = new(3, 1),
            // 1 meets in hall 0 in slot 0 and in hall 1 in slot 1: no slot to walk.
            ViolationKind.NoTimeToWalk => p => p[2] = new(1, 3),
            // 2 may have two meetings and gets three.
            ViolationKind.AboveMaximum => p => p[6] = new(6, 1),
            ViolationKind.PinnedMeetingMoved => p => p[5] = new(6, 3),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        });

        Assert.Contains(violations, v => v.Kind == kind);
    }

    [Fact]
    public void A_small_table_is_caught()
    {
        var instance = Expo with { Tables = [.. Expo.Tables, new Table(4, 0, Capacity: 1)] };
        var violations = ScheduleChecker.Check(instance, new Schedule(new Dictionary<int, Placement>(Valid) { [6] = new(5, 4) }));

        Assert.Contains(violations, v => v.Kind == ViolationKind.TableTooSmall);
        Assert.Contains("table 4 seats fewer than two", instance.Validate());
    }

    [Fact]
    public void Walking_counts_only_within_a_day()
    {
        // Slot 3 (end of day 1) in hall 1 and slot 4 (start of day 2) in hall 0: a night in between.
        var instance = new InstanceBuilder().Grid(2, 4).People(3).Tables(1, hall: 0).Tables(1, hall: 1).Walking([0, 1], [1, 0])
            .Meet(1, 2).Meet(1, 3).Build();

        Solved.Checked(instance, new Schedule(new Dictionary<int, Placement> { [1] = new(3, 2), [2] = new(4, 1) }));
        Assert.Contains(ScheduleChecker.Check(instance, new Schedule(new Dictionary<int, Placement> { [1] = new(2, 2), [2] = new(3, 1) })),
            v => v.Kind == ViolationKind.NoTimeToWalk);
    }
}
