namespace Lianbo.Scheduling.Tests;

/// <summary>Small instances written out by hand: participants 1…n, tables per hall, requests as (a, b, priority).</summary>
internal sealed class InstanceBuilder
{
    private readonly List<Participant> _participants = [];
    private readonly List<Table> _tables = [];
    private readonly List<MeetingRequest> _requests = [];
    private int[][]? _walking;
    private int _days = 1;
    private int _slotsPerDay = 1;

    public InstanceBuilder Grid(int days, int slotsPerDay)
    {
        (_days, _slotsPerDay) = (days, slotsPerDay);
        return this;
    }

    public InstanceBuilder People(int count, int min = 0, int max = int.MaxValue)
    {
        for (var i = 0; i < count; i++) _participants.Add(new Participant(_participants.Count + 1, min, max));
        return this;
    }

    public InstanceBuilder Person(int id, int min = 0, int max = int.MaxValue, params int[] blocked)
    {
        _participants.RemoveAll(p => p.Id == id);
        _participants.Add(new Participant(id, min, max, blocked.ToHashSet()));
        return this;
    }

    /// <summary>Tables numbered from 1 in the order given, <paramref name="count"/> of them in <paramref name="hall"/>.</summary>
    public InstanceBuilder Tables(int count, int hall = 0)
    {
        for (var i = 0; i < count; i++) _tables.Add(new Table(_tables.Count + 1, hall));
        return this;
    }

    public InstanceBuilder Walking(params int[][] slots)
    {
        _walking = slots;
        return this;
    }

    public InstanceBuilder Meet(int a, int b, Priority priority = Priority.WouldLike, PairClass classes = PairClass.None, int? chain = null, Placement? pinned = null)
    {
        _requests.Add(new MeetingRequest(_requests.Count + 1, a, b, priority, classes, chain, pinned));
        return this;
    }

    public Instance Build() => new(
        SlotGrid.Daily(new DateOnly(2026, 7, 15), _days, _slotsPerDay),
        [.. _participants.OrderBy(p => p.Id)], _tables, _requests,
        _walking?.Select(r => (IReadOnlyList<int>)r).ToList());
}

internal static class Solved
{
    public static SchedulingOptions Options { get; } = new() { TimeLimit = TimeSpan.FromSeconds(20) };

    /// <summary>Solves and checks the schedule against every hard constraint; every test gets its schedules from here.</summary>
    public static SolveResult With(SolverMethod method, Instance instance, SchedulingOptions? options = null)
    {
        var result = Scheduler.Solve(instance, options ?? Options, method);
        Checked(instance, result.Schedule);
        Assert.Equal(method, result.Method);
        Assert.True(result.Score.Weight <= result.UpperBound, $"weight {result.Score.Weight} above the bound {result.UpperBound}");
        Assert.Equal(Score.Of(instance, result.Schedule, options ?? Options), result.Score);
        Assert.Equal(instance.Requests.Count - result.Schedule.Placements.Count, result.Unscheduled.Count);
        return result;
    }

    public static void Checked(Instance instance, Schedule schedule) =>
        Assert.Empty(ScheduleChecker.Check(instance, schedule).Select(v => v.Message));

    public static TheoryData<SolverMethod> Both => [SolverMethod.Exact, SolverMethod.Heuristic];
}
