namespace Lianbo.Scheduling.Tests;

public class SchedulerTests
{
    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void A_triangle_in_two_slots_holds_the_must_meet_and_one_other(SolverMethod method)
    {
        // 1 and 2 must meet, 1–3 and 2–3 would like to; every pair shares a participant, so one meeting per slot:
        // the optimum is the must-meet (10) and one would-like (1) = 11.
        var instance = new InstanceBuilder().Grid(1, 2).People(3).Tables(2)
            .Meet(1, 2, Priority.MustMeet).Meet(1, 3).Meet(2, 3).Build();

        var result = Solved.With(method, instance);

        Assert.Equal(11, result.Score.Weight);
        Assert.Contains(1, result.Schedule.Placements.Keys);
        Assert.True(result.UpperBound >= 11);
    }

    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void Tables_limit_the_meetings_of_a_slot_and_must_meets_win(SolverMethod method)
    {
        // Six disjoint pairs, one slot, four tables: the two must-meets and two would-likes = 22.
        var instance = new InstanceBuilder().Grid(1, 1).People(12).Tables(4)
            .Meet(1, 2).Meet(3, 4).Meet(5, 6, Priority.MustMeet).Meet(7, 8).Meet(9, 10, Priority.MustMeet).Meet(11, 12).Build();

        var result = Solved.With(method, instance);

        Assert.Equal(22, result.Score.Weight);
        Assert.Equal(4, result.Score.Meetings);
        Assert.Contains(3, result.Schedule.Placements.Keys);
        Assert.Contains(5, result.Schedule.Placements.Keys);
        Assert.Equal(22, result.UpperBound);
    }

    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void A_participant_never_gets_more_than_its_maximum(SolverMethod method)
    {
        // 1 has four must-meets but a maximum of 2; 2–3 would like to meet: 10 + 10 + 1 = 21.
        var instance = new InstanceBuilder().Grid(1, 4).People(5).Person(1, max: 2).Tables(2)
            .Meet(1, 2, Priority.MustMeet).Meet(1, 3, Priority.MustMeet).Meet(1, 4, Priority.MustMeet).Meet(1, 5, Priority.MustMeet)
            .Meet(2, 3).Build();

        var result = Solved.With(method, instance);

        Assert.Equal(21, result.Score.Weight);
        Assert.Equal(2, result.Schedule.Placements.Keys.Count(id => id <= 4));
        Assert.All(result.Unscheduled.Where(u => u.Meeting <= 4), u => Assert.Equal(UnscheduledReason.ParticipantAtMaximum, u.Reason));
    }

    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void Meetings_go_only_where_both_are_available(SolverMethod method)
    {
        // 1 is free only in slot 2, 2 only in slots 1 and 2; 3 and 4 are never free together.
        var instance = new InstanceBuilder().Grid(1, 3).People(4).Person(1, blocked: [0, 1]).Person(2, blocked: [0])
            .Person(3, blocked: [0, 1]).Person(4, blocked: [2]).Tables(1)
            .Meet(1, 2).Meet(3, 4).Build();

        var result = Solved.With(method, instance);

        Assert.Equal(new Placement(2, 1), result.Schedule.Placements[1]);
        Assert.Equal([new Unscheduled(2, UnscheduledReason.NoCommonFreeSlot)], result.Unscheduled);
    }

    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void There_is_time_to_walk_between_halls(SolverMethod method)
    {
        // Table 1 is in hall 0, table 2 in hall 1, one free slot is needed to walk between them. 1–2 is pinned to
        // slot 0 in hall 0, 3–4 to slot 1 in hall 0: 1–5 can be in slot 1 only in hall 1, too soon after hall 0.
        // With two slots it cannot be held; with three it goes to slot 2 (either hall).
        Instance Build(int slots) => new InstanceBuilder().Grid(1, slots).People(5).Tables(1, hall: 0).Tables(1, hall: 1)
            .Walking([0, 1], [1, 0])
            .Meet(1, 2, pinned: new Placement(0, 1)).Meet(3, 4, pinned: new Placement(1, 1)).Meet(1, 5).Build();

        var two = Solved.With(method, Build(2));
        Assert.DoesNotContain(3, two.Schedule.Placements.Keys);
        Assert.Equal(2, two.Score.Weight);

        var three = Solved.With(method, Build(3));
        Assert.Equal(2, three.Schedule.Placements[3].Slot);
        Assert.Equal(3, three.Score.Weight);
    }

    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void Fairness_decides_between_meetings_of_equal_weight(SolverMethod method)
    {
        // One table, one slot: 1–2 or 3–4. Only 3 has a minimum (1), so 3–4 it is.
        var instance = new InstanceBuilder().Grid(1, 1).People(4).Person(3, min: 1).Tables(1).Meet(1, 2).Meet(3, 4).Build();

        var result = Solved.With(method, instance);

        Assert.Equal([2], result.Schedule.Placements.Keys);
        Assert.Equal(0, result.Score.MinimumShortfall);
    }

    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void Fairness_never_costs_weight(SolverMethod method)
    {
        // The must-meet 1–2 beats 3–4 although 3 then misses its minimum.
        var instance = new InstanceBuilder().Grid(1, 1).People(4).Person(3, min: 1).Tables(1).Meet(1, 2, Priority.MustMeet).Meet(3, 4).Build();

        var result = Solved.With(method, instance);

        Assert.Equal(10, result.Score.Weight);
        Assert.Equal(1, result.Score.MinimumShortfall);
    }

    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void A_chain_gets_its_share_of_large_and_sme_meetings(SolverMethod method)
    {
        // Two tables, one slot, three disjoint pairs of chain 7; only 5–6 is large ↔ SME, and the floor is 50%.
        var instance = new InstanceBuilder().Grid(1, 1).People(6).Tables(2)
            .Meet(1, 2, chain: 7).Meet(3, 4, chain: 7).Meet(5, 6, classes: PairClass.LargeSme, chain: 7).Build();
        var options = Solved.Options with { LargeSmeSharePercent = 50 };

        var result = Solved.With(method, instance, options);

        Assert.Contains(3, result.Schedule.Placements.Keys);
        Assert.Equal(0, result.Score.ShareShortfall);
        Assert.Equal(1, result.Score.ShareFloorsMet);
    }

    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void A_day_has_no_idle_slots_or_hall_changes_when_it_can_be_avoided(SolverMethod method)
    {
        // 1 meets 2, 3 and 4 in a day of six slots with a table in each of two halls: back to back in one hall.
        var instance = new InstanceBuilder().Grid(1, 6).People(4).Tables(1, hall: 0).Tables(1, hall: 1)
            .Walking([0, 0], [0, 0]).Meet(1, 2).Meet(1, 3).Meet(1, 4).Build();

        var result = Solved.With(method, instance);

        Assert.Equal(3, result.Score.Meetings);
        Assert.Equal(0, result.Score.IdleGaps);
        Assert.Equal(0, result.Score.HallChanges);
    }

    [Fact]
    public void The_heuristic_never_beats_the_proven_optimum_and_the_bounds_hold()
    {
        foreach (var seed in Enumerable.Range(1, 6))
        {
            var instance = InstanceGenerator.Generate(participants: 24, requests: 48, tables: 2, seed: seed, days: 1, slotsPerDay: 8, halls: 2);
            var exact = Solved.With(SolverMethod.Exact, instance);
            var heuristic = Solved.With(SolverMethod.Heuristic, instance);

            // The weight level is proven (it meets the bound); the lower levels are compared only when CP-SAT proved them.
            Assert.Equal(exact.Score.Weight, exact.UpperBound);
            Assert.True(heuristic.Score.Weight <= exact.Score.Weight, $"seed {seed}: heuristic {heuristic.Score.Weight} above the optimum {exact.Score.Weight}");
            Assert.True(!exact.ProvenOptimal || heuristic.Score.CompareTo(exact.Score) <= 0, $"seed {seed}: heuristic {heuristic.Score} beats the optimum {exact.Score}");
            Assert.True(UpperBound.Of(instance) >= exact.Score.Weight, $"seed {seed}: the relaxation's bound is below the optimum");
        }
    }

    [Fact]
    public void A_generated_expo_is_scheduled_without_conflicts_close_to_its_bound()
    {
        var instance = InstanceGenerator.Generate(participants: 600, requests: 1800, tables: 18, seed: 3);
        var options = Solved.Options with { LargeSmeSharePercent = 20, ForeignDomesticSharePercent = 30 };

        var result = Solved.With(SolverMethod.Heuristic, instance, options);

        Assert.True(result.Gap < 0.05, $"gap {result.Gap:P2}");
        Assert.Equal(result.Score.MustMeets, instance.Requests.Count(r => r.Priority == Priority.MustMeet && result.Schedule.Placements.ContainsKey(r.Id)));
    }

    [Fact]
    public void An_invalid_instance_is_refused_with_its_problems()
    {
        var instance = new InstanceBuilder().Grid(1, 2).People(2).Tables(1).Meet(1, 9).Meet(1, 1).Build();

        var error = Assert.Throws<ArgumentException>(() => Scheduler.Solve(instance));

        Assert.Contains("meeting 1 names an unknown participant", error.Message);
        Assert.Contains("meeting 2 is a participant meeting itself", error.Message);
    }

    [Fact]
    public void Scores_compare_weight_first_then_fairness_then_tidiness()
    {
        var baseline = new Score(10, 2, 1, 3, 1, 2, 0, 0, 0, 5, 1, 3, 7);

        Assert.True((baseline with { Weight = 11, Fairness = 100, Tidiness = 100 }).CompareTo(baseline) > 0);
        Assert.True((baseline with { Fairness = 2, Tidiness = 100 }).CompareTo(baseline) > 0);
        Assert.True((baseline with { Tidiness = 6 }).CompareTo(baseline) > 0);
        Assert.Equal(0, (baseline with { IdleGaps = 0 }).CompareTo(baseline));
    }
}
