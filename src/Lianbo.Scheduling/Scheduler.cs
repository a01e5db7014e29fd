using System.Diagnostics;

namespace Lianbo.Scheduling;

public enum SolverMethod
{
    /// <summary>CP-SAT when the exact model is small enough (<see cref="SchedulingOptions.ExactVariableLimit"/>), else the heuristic.</summary>
    Auto,

    /// <summary>CP-SAT on the exact model, lexicographically, within the time limit.</summary>
    Exact,

    /// <summary>Greedy construction and local search.</summary>
    Heuristic,
}

public enum UnscheduledReason
{
    /// <summary>The two participants have no free slot in common.</summary>
    NoCommonFreeSlot,

    /// <summary>One of them already has its maximum number of meetings.</summary>
    ParticipantAtMaximum,

    /// <summary>In every slot where both are free, every hall's tables are taken.</summary>
    NoFreeTable,

    /// <summary>Their other meetings (or the walks between halls) leave no slot and table that suit both.</summary>
    ParticipantsBusy,
}

public sealed record Unscheduled(int Meeting, UnscheduledReason Reason);

/// <summary>
/// A solve's outcome. <see cref="UpperBound"/> bounds the weight of every schedule of the instance (the relaxation of
/// <see cref="Scheduling.UpperBound"/>, and for the exact method also CP-SAT's proven bound), so <see cref="Gap"/> is
/// how far at most the schedule's weight is from the optimum. <see cref="ProvenOptimal"/>: CP-SAT proved all three
/// levels of <see cref="Score"/> optimal.
/// </summary>
public sealed record SolveResult(
    Schedule Schedule, Score Score, long UpperBound, SolverMethod Method, bool ProvenOptimal, TimeSpan Elapsed,
    IReadOnlyList<Unscheduled> Unscheduled)
{
    /// <summary>1 − weight ÷ bound: 0 means provably optimal in weight.</summary>
    public double Gap => UpperBound <= 0 ? 0 : 1 - (double)Score.Weight / UpperBound;

    /// <summary>No schedule has more weight (the first level of <see cref="Score"/>); <see cref="ProvenOptimal"/> covers all three levels.</summary>
    public bool WeightOptimal => Score.Weight >= UpperBound;
}

/// <summary>The batch scheduler: one entry point over the exact model and the heuristic.</summary>
public static class Scheduler
{
    /// <summary>
    /// Schedules the requested meetings of <paramref name="instance"/>: no participant or table double-booked, nobody
    /// meets in a blocked slot, time to walk between halls, nobody above its maximum, pinned meetings where they are;
    /// best first by <see cref="Score"/>. Throws <see cref="ArgumentException"/> when <see cref="Instance.Validate"/> finds problems.
    /// </summary>
    public static SolveResult Solve(Instance instance, SchedulingOptions? options = null, SolverMethod method = SolverMethod.Auto)
    {
        options ??= SchedulingOptions.Default;
        var clock = Stopwatch.StartNew();
        var problem = new Problem(instance, options);
        if (method == SolverMethod.Auto)
        {
            method = ExactVariables(problem) <= options.ExactVariableLimit ? SolverMethod.Exact : SolverMethod.Heuristic;
        }

        // Decomposition: first which meetings (the integer relaxation of Scheduling.UpperBound: most weight within every
        // participant's capacity and the tables in total, which also gives the bound), then when and in which hall (the
        // heuristic, those meetings first), then at which table (Problem.ToSchedule). The heuristic's schedule is the
        // answer, or CP-SAT's starting hint for the exact method.
        var relaxation = Scheduling.UpperBound.Relax(problem, options.BoundTimeLimit);
        var bound = relaxation.Bound;
        var heuristicShare = method == SolverMethod.Exact ? 0.2 : 1.0;
        var (slot, hall) = new HeuristicScheduler(problem, options.TimeLimit * heuristicShare, relaxation.Selected, bound).Solve();
        if (method == SolverMethod.Exact)
        {
            var left = options.TimeLimit - clock.Elapsed;
            if (new CpSatScheduler(problem).Solve(left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1), slot, hall, bound) is { } exact)
            {
                // A level CP-SAT did not finish in time may leave its schedule behind the heuristic's; keep the better.
                var schedule = problem.ToSchedule(exact.Slot, exact.Hall);
                var start = problem.ToSchedule(slot, hall);
                var better = Score.Of(instance, start, options).CompareTo(Score.Of(instance, schedule, options)) > 0;
                return Result(problem, better ? start : schedule, Math.Min(bound, exact.WeightBound), SolverMethod.Exact, exact.Optimal && !better, clock);
            }
        }

        return Result(problem, problem.ToSchedule(slot, hall), bound, SolverMethod.Heuristic, false, clock);
    }

    /// <summary>How many placement variables (meeting × free slot × hall) the exact model of the instance has.</summary>
    public static long ExactVariables(Instance instance) => ExactVariables(new Problem(instance, SchedulingOptions.Default));

    private static long ExactVariables(Problem p) =>
        Enumerable.Range(0, p.Meetings).Sum(m => (long)p.CandidateSlots(m).Count() * p.CandidateHalls(m).Count());

    private static SolveResult Result(Problem problem, Schedule schedule, long bound, SolverMethod method, bool optimal, Stopwatch clock)
    {
        var score = Score.Of(problem.Instance, schedule, problem.Options);
        return new SolveResult(schedule, score, bound, method, optimal, clock.Elapsed, Diagnose(problem, schedule));
    }

    /// <summary>Why each unscheduled meeting is unscheduled, in the order of the reasons' enum (the first that applies).</summary>
    private static List<Unscheduled> Diagnose(Problem p, Schedule schedule)
    {
        var busy = new HashSet<(int Participant, int Slot)>();
        var count = new int[p.Participants];
        var tablesTaken = new Dictionary<(int Slot, int Hall), int>();
        var hallOf = p.Instance.Tables.ToDictionary(t => t.Id, t => t.Hall);
        var placed = new bool[p.Meetings];
        for (var m = 0; m < p.Meetings; m++)
        {
            if (!schedule.Placements.TryGetValue(p.Instance.Requests[m].Id, out var at)) continue;
            placed[m] = true;
            busy.Add((p.A[m], at.Slot));
            busy.Add((p.B[m], at.Slot));
            count[p.A[m]]++;
            count[p.B[m]]++;
            var cell = (at.Slot, hallOf[at.Table]);
            tablesTaken[cell] = tablesTaken.GetValueOrDefault(cell) + 1;
        }

        var result = new List<Unscheduled>();
        for (var m = 0; m < p.Meetings; m++)
        {
            if (placed[m]) continue;
            var common = p.CandidateSlots(m).ToList();
            var bothFree = common.Where(s => !busy.Contains((p.A[m], s)) && !busy.Contains((p.B[m], s))).ToList();
            var reason =
                common.Count == 0 ? UnscheduledReason.NoCommonFreeSlot
                : count[p.A[m]] >= p.Max[p.A[m]] || count[p.B[m]] >= p.Max[p.B[m]] ? UnscheduledReason.ParticipantAtMaximum
                : bothFree.Count > 0 && bothFree.All(s => Enumerable.Range(0, p.Halls).All(h => tablesTaken.GetValueOrDefault((s, h)) >= p.TablesInHall[h]))
                    ? UnscheduledReason.NoFreeTable
                : UnscheduledReason.ParticipantsBusy;
            result.Add(new Unscheduled(p.Instance.Requests[m].Id, reason));
        }

        return result;
    }
}
