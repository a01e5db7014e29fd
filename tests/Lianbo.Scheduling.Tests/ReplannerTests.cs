namespace Lianbo.Scheduling.Tests;

public class ReplannerTests
{
    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void A_newly_blocked_meeting_moves_and_the_rest_stay(SolverMethod method)
    {
        // 1 meets 2, 3 and 4, one meeting per slot, in a day of four slots; then 1 is blocked in the slot of its
        // meeting with 2: that one moves to the free slot, the others keep their slot and table.
        var instance = new InstanceBuilder().Grid(1, 4).People(4).Tables(2).Meet(1, 2).Meet(1, 3).Meet(1, 4).Build();
        var published = Solved.With(method, instance).Schedule;
        var hit = published.Placements[1].Slot;

        var replan = Replanner.Replan(instance, published,
            new ScheduleChanges(NewlyBlocked: new Dictionary<int, IReadOnlySet<int>> { [1] = new HashSet<int> { hit } }), Solved.Options, method);

        Solved.Checked(replan.Instance, replan.Result.Schedule);
        Assert.Equal([1], replan.Moved);
        Assert.Empty(replan.Dropped);
        Assert.Equal([2, 3], replan.Kept);
        Assert.NotEqual(hit, replan.Result.Schedule.Placements[1].Slot);
    }

    [Theory]
    [MemberData(nameof(Solved.Both), MemberType = typeof(Solved))]
    public void A_late_must_meet_does_not_move_published_meetings(SolverMethod method)
    {
        // One slot, one table, 1–2 published; 3–4 arrives as a must-meet. Moves come first: 3–4 stays unscheduled.
        var instance = new InstanceBuilder().Grid(1, 1).People(4).Tables(1).Meet(1, 2).Build();
        var published = Solved.With(method, instance).Schedule;

        var replan = Replanner.Replan(instance, published,
            new ScheduleChanges(NewRequests: [new MeetingRequest(2, 3, 4, Priority.MustMeet)]), Solved.Options, method);

        Solved.Checked(replan.Instance, replan.Result.Schedule);
        Assert.Equal(0, replan.Disrupted);
        Assert.Equal([new Unscheduled(2, UnscheduledReason.NoFreeTable)], replan.Result.Unscheduled);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Replanning_is_minimal_against_every_schedule(int seed)
    {
        var (instance, changes) = Case(seed);
        var published = Solved.With(SolverMethod.Exact, instance).Schedule;
        // Block one side of the first published meeting (that is not cancelled) in its slot, so that something must move.
        var (hitId, hitAt) = published.Placements.Where(p => p.Key != 2).MinBy(p => p.Key);
        var hitParticipant = instance.Requests.Single(r => r.Id == hitId).A;
        changes = changes with { NewlyBlocked = new Dictionary<int, IReadOnlySet<int>> { [hitParticipant] = new HashSet<int> { hitAt.Slot } } };

        var exact = Replanner.Replan(instance, published, changes, Solved.Options, SolverMethod.Exact);
        var heuristic = Replanner.Replan(instance, published, changes, Solved.Options, SolverMethod.Heuristic);
        Solved.Checked(exact.Instance, exact.Result.Schedule);
        Solved.Checked(heuristic.Instance, heuristic.Result.Schedule);

        // Every valid schedule of the changed instance (pins removed), by brute force: the fewest disrupted published
        // meetings any of them achieves, and the most weight among those that achieve it.
        var open = exact.Instance with { Requests = [.. exact.Instance.Requests.Select(r => r with { Fixed = null })] };
        var stillPublished = published.Placements.Where(p => changes.Cancelled?.Contains(p.Key) != true).ToDictionary();
        var (fewest, heaviest) = (int.MaxValue, -1L);
        foreach (var schedule in AllSchedules(open))
        {
            var disrupted = stillPublished.Count(p => !schedule.TryGetValue(p.Key, out var at) || at != p.Value);
            var weight = Score.Of(open, new Schedule(schedule), Solved.Options).Weight;
            if (disrupted < fewest || (disrupted == fewest && weight > heaviest)) (fewest, heaviest) = (disrupted, weight);
        }

        Assert.True(fewest >= 1, "nothing had to move");
        Assert.Equal(fewest, exact.Disrupted);
        Assert.Equal(heaviest, exact.Result.Score.Weight);
        Assert.Equal(fewest, heuristic.Disrupted);
        Assert.True(heuristic.Result.Score.Weight <= heaviest);
    }

    public static TheoryData<int> Seeds => [1, 2, 3, 4];

    /// <summary>Six participants, eight requests, one day of three slots, a table in each of two halls a slot's walk apart; meeting 2 cancelled and a late must-meet.</summary>
    private static (Instance, ScheduleChanges) Case(int seed)
    {
        var random = new Random(seed);
        var builder = new InstanceBuilder().Grid(1, 3).People(6).Tables(1, hall: 0).Tables(1, hall: 1).Walking([0, 1], [1, 0]);
        var pairs = new HashSet<(int, int)>();
        while (pairs.Count < 7)
        {
            var (a, b) = (random.Next(1, 7), random.Next(1, 7));
            if (a != b && pairs.Add((Math.Min(a, b), Math.Max(a, b)))) builder.Meet(Math.Min(a, b), Math.Max(a, b), random.Next(3) == 0 ? Priority.MustMeet : Priority.WouldLike);
        }

        builder.Meet(1, 2 + seed % 5);
        var instance = builder.Build();
        var late = new MeetingRequest(100, 1 + seed % 6, 1 + (seed + 2) % 6, Priority.MustMeet);
        return (instance, new ScheduleChanges(Cancelled: [2], NewRequests: [late]));
    }

    /// <summary>Every schedule that passes the checker, built meeting by meeting and pruned by the checker on the partial schedule.</summary>
    private static IEnumerable<Dictionary<int, Placement>> AllSchedules(Instance instance)
    {
        var options = new List<Placement?> { null };
        options.AddRange(from s in Enumerable.Range(0, instance.Grid.SlotCount) from t in instance.Tables select (Placement?)new Placement(s, t.Id));
        var current = new Dictionary<int, Placement>();

        IEnumerable<Dictionary<int, Placement>> From(int i)
        {
            if (i == instance.Requests.Count)
            {
                yield return new Dictionary<int, Placement>(current);
                yield break;
            }

            var id = instance.Requests[i].Id;
            foreach (var option in options)
            {
                if (option is { } at)
                {
                    current[id] = at;
                    if (ScheduleChecker.Check(instance, new Schedule(current)).Count > 0)
                    {
                        current.Remove(id);
                        continue;
                    }
                }

                foreach (var schedule in From(i + 1)) yield return schedule;
                current.Remove(id);
            }
        }

        return From(0);
    }
}
