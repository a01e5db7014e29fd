using System.Globalization;
using Google.OrTools.Sat;

namespace Lianbo.Scheduling;

/// <summary>
/// The exact model for CP-SAT, solved lexicographically in three stages that share one model: maximise the weight;
/// fix it (≥ the value found) and minimise the fairness penalty; fix that (≤) and minimise the tidiness penalty.
/// Each stage starts from the previous stage's solution as a hint. A Boolean x[m, s, h] says meeting m is held in
/// slot s in hall h; slots where either side is blocked get no variable.
/// </summary>
internal sealed class CpSatScheduler
{
    private readonly Problem _problem;
    private readonly CpModel _model = new();
    private readonly List<(int Meeting, int Slot, int Hall, BoolVar X)> _x = [];
    private readonly List<BoolVar>[] _ofMeeting;

    // The literals of participant p in slot s (any hall), and in slot s in hall h.
    private readonly Dictionary<(int P, int S), List<BoolVar>> _busy = [];
    private readonly Dictionary<(int P, int S, int H), List<BoolVar>> _busyInHall = [];

    public CpSatScheduler(Problem problem)
    {
        _problem = problem;
        _ofMeeting = [.. Enumerable.Range(0, problem.Meetings).Select(_ => new List<BoolVar>())];
        AddPlacements();
        AddHardConstraints();
    }

    public sealed record Outcome(int[] Slot, int[] Hall, bool Optimal, long WeightBound);

    /// <summary>
    /// Solves within <paramref name="limit"/> from a starting schedule (−1 = unscheduled) and a known upper bound on the
    /// weight; null when CP-SAT found no schedule in time.
    /// </summary>
    public Outcome? Solve(TimeSpan limit, int[] hintSlot, int[] hintHall, long weightBound)
    {
        var started = DateTime.UtcNow;
        TimeSpan Left(double share) => TimeSpan.FromTicks((long)Math.Max(TimeSpan.FromSeconds(0.05).Ticks, (limit - (DateTime.UtcNow - started)).Ticks * share));

        var weight = LinearExpr.WeightedSum(_x.Select(x => x.X), _x.Select(x => (long)_problem.Weight[x.Meeting]));
        // Redundant for every schedule, and it lets CP-SAT stop as soon as it reaches the bound.
        _model.Add(weight <= weightBound);
        bool[] start = [.. _x.Select(x => hintSlot[x.Meeting] == x.Slot && hintHall[x.Meeting] == x.Hall)];
        var startWeight = Enumerable.Range(0, _problem.Meetings).Where(m => hintSlot[m] >= 0).Sum(m => (long)_problem.Weight[m]);
        Hint(start);
        _model.Maximize(weight);
        var (status, solver) = Run(Left(0.5));
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return null;
        var optimal = status == CpSolverStatus.Optimal;
        var bestWeight = (long)Math.Round(solver.ObjectiveValue);
        // CP-SAT's bound is proven on this very model, so it bounds every schedule's weight.
        var bound = (long)Math.Floor(solver.BestObjectiveBound + 1e-6);
        var values = Read(solver);

        _model.Add(weight >= bestWeight);
        var fairness = FairnessPenalty();
        // With several workers the optimum CP-SAT reports need not be the hint; when the hint is as heavy, it is the
        // better start for fairness (the heuristic works on that level too).
        Hint(startWeight >= bestWeight ? start : values);
        _model.Minimize(fairness);
        (status, solver) = Run(Left(0.5));
        if (status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
        {
            optimal &= status == CpSolverStatus.Optimal;
            values = Read(solver);
            _model.Add(fairness <= (long)Math.Round(solver.ObjectiveValue));
            Hint(values);
            _model.Minimize(TidinessPenalty());
            (status, solver) = Run(Left(1));
            if (status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
            {
                optimal &= status == CpSolverStatus.Optimal;
                values = Read(solver);
            }
            else
            {
                optimal = false;
            }
        }
        else
        {
            optimal = false;
        }

        var slot = Enumerable.Repeat(-1, _problem.Meetings).ToArray();
        var hall = Enumerable.Repeat(-1, _problem.Meetings).ToArray();
        for (var i = 0; i < _x.Count; i++)
        {
            if (values[i]) (slot[_x[i].Meeting], hall[_x[i].Meeting]) = (_x[i].Slot, _x[i].Hall);
        }

        return new Outcome(slot, hall, optimal, optimal ? bestWeight : bound);
    }

    private (CpSolverStatus, CpSolver) Run(TimeSpan limit)
    {
        var solver = new CpSolver { StringParameters = Parameters(_problem.Options, limit) };
        return (solver.Solve(_model), solver);
    }

    internal static string Parameters(SchedulingOptions options, TimeSpan limit) => string.Create(CultureInfo.InvariantCulture,
        $"num_workers:{Math.Max(1, options.Workers)}, max_time_in_seconds:{Math.Max(0.01, limit.TotalSeconds):0.###}, random_seed:{options.Seed}");

    private bool[] Read(CpSolver solver) => [.. _x.Select(x => solver.BooleanValue(x.X))];

    private void Hint(bool[] values)
    {
        _model.ClearHints();
        for (var i = 0; i < _x.Count; i++) _model.AddHint(_x[i].X, values[i]);
    }

    private void AddPlacements()
    {
        var p = _problem;
        for (var m = 0; m < p.Meetings; m++)
        {
            foreach (var s in p.CandidateSlots(m))
            {
                foreach (var h in p.CandidateHalls(m))
                {
                    var x = _model.NewBoolVar($"x{m}_{s}_{h}");
                    _x.Add((m, s, h, x));
                    _ofMeeting[m].Add(x);
                    foreach (var who in new[] { p.A[m], p.B[m] })
                    {
                        Append(_busy, (who, s), x);
                        Append(_busyInHall, (who, s, h), x);
                    }
                }
            }
        }
    }

    private void AddHardConstraints()
    {
        var p = _problem;
        for (var m = 0; m < p.Meetings; m++)
        {
            if (p.FixedSlot[m] >= 0) _model.AddExactlyOne(_ofMeeting[m]);
            else if (_ofMeeting[m].Count > 1) _model.AddAtMostOne(_ofMeeting[m]);
        }

        foreach (var lits in _busy.Values.Where(l => l.Count > 1)) _model.AddAtMostOne(lits);

        foreach (var cell in _x.GroupBy(x => (x.Slot, x.Hall)))
        {
            if (cell.Count() > p.TablesInHall[cell.Key.Hall]) _model.Add(LinearExpr.Sum(cell.Select(x => x.X)) <= p.TablesInHall[cell.Key.Hall]);
        }

        for (var who = 0; who < p.Participants; who++)
        {
            if (p.MeetingsOf[who].Length > p.Max[who])
            {
                _model.Add(LinearExpr.Sum(p.MeetingsOf[who].SelectMany(m => _ofMeeting[m])) <= p.Max[who]);
            }
        }

        // Travel: meetings of one participant in slots s < t of one day, halls h ≠ g, need t − s − 1 ≥ walk(h, g).
        foreach (var ((who, s, h), first) in _busyInHall)
        {
            for (var t = s + 1; t <= s + p.MaxWalk && t < p.Slots && p.DayOf(t) == p.DayOf(s); t++)
            {
                for (var g = 0; g < p.Halls; g++)
                {
                    if (g == h || t - s - 1 >= p.Walk[h, g] || !_busyInHall.TryGetValue((who, t, g), out var second)) continue;
                    _model.Add(LinearExpr.Sum(first) + LinearExpr.Sum(second) <= 1);
                }
            }
        }
    }

    private LinearExpr FairnessPenalty()
    {
        var p = _problem;
        var terms = new List<LinearExpr>();
        for (var who = 0; who < p.Participants; who++)
        {
            if (p.Min[who] <= 0) continue;
            var shortfall = _model.NewIntVar(0, p.Min[who], $"short{who}");
            _model.Add(shortfall + LinearExpr.Sum(p.MeetingsOf[who].SelectMany(m => _ofMeeting[m])) >= p.Min[who]);
            terms.Add(LinearExpr.Term(shortfall, p.Options.MinimumShortfallPenalty));
        }

        for (var c = 0; c < p.ChainCount; c++)
        {
            var inChain = Enumerable.Range(0, p.Meetings).Where(m => p.Chain[m] == c).ToList();
            foreach (var k in Score.ShareClasses.Where(k => p.Options.SharePercent(k) > 0))
            {
                var shortfall = _model.NewIntVar(0, inChain.Count, $"share{c}_{k}");
                var all = LinearExpr.Sum(inChain.SelectMany(m => _ofMeeting[m]));
                var ofClass = LinearExpr.Sum(inChain.Where(m => p.Classes[m].HasFlag(k)).SelectMany(m => _ofMeeting[m]));
                _model.Add(100 * (ofClass + shortfall) >= p.Options.SharePercent(k) * all);
                terms.Add(LinearExpr.Term(shortfall, p.Options.ShareShortfallPenalty));
            }
        }

        return LinearExpr.Sum(terms);
    }

    private LinearExpr TidinessPenalty()
    {
        var p = _problem;
        var terms = new List<LinearExpr>();
        LinearExpr Busy(int who, int s) => _busy.TryGetValue((who, s), out var l) ? LinearExpr.Sum(l) : LinearExpr.Constant(0);

        for (var who = 0; who < p.Participants; who++)
        {
            if (p.MeetingsOf[who].Length < 2) continue;
            for (var day = 0; day * p.SlotsPerDay < p.Slots; day++)
            {
                var first = day * p.SlotsPerDay;
                var last = first + p.SlotsPerDay - 1;
                if (!Enumerable.Range(first, p.SlotsPerDay).Any(s => _busy.ContainsKey((who, s)))) continue;

                // before[s] ≥ "a meeting earlier today", after[s] ≥ "a meeting later today"; minimising the gaps
                // pushes them down to exactly that, and an idle slot is one with both and no meeting.
                var before = new BoolVar?[p.SlotsPerDay];
                var after = new BoolVar?[p.SlotsPerDay];
                for (var s = first + 1; s <= last; s++)
                {
                    var b = before[s - first] = _model.NewBoolVar($"before{who}_{s}");
                    _model.Add(b >= Busy(who, s - 1));
                    if (before[s - 1 - first] is { } previous) _model.AddImplication(previous, b);
                }

                for (var s = last - 1; s >= first; s--)
                {
                    var a = after[s - first] = _model.NewBoolVar($"after{who}_{s}");
                    _model.Add(a >= Busy(who, s + 1));
                    if (after[s + 1 - first] is { } next) _model.AddImplication(next, a);
                }

                for (var s = first + 1; s < last; s++)
                {
                    if (!p.Free(who, s)) continue;
                    var idle = _model.NewBoolVar($"idle{who}_{s}");
                    _model.Add(idle >= before[s - first]! + after[s - first]! - 1 - Busy(who, s));
                    terms.Add(LinearExpr.Term(idle, p.Options.IdleGapPenalty));
                }

                if (p.Halls < 2) continue;
                var used = new List<LinearExpr>();
                for (var h = 0; h < p.Halls; h++)
                {
                    var inHall = Enumerable.Range(first, p.SlotsPerDay)
                        .SelectMany(s => _busyInHall.GetValueOrDefault((who, s, h)) ?? []).ToList();
                    if (inHall.Count == 0) continue;
                    var u = _model.NewBoolVar($"hall{who}_{day}_{h}");
                    foreach (var x in inHall) _model.AddImplication(x, u);
                    used.Add(u);
                }

                if (used.Count < 2) continue;
                var changes = _model.NewIntVar(0, used.Count - 1, $"changes{who}_{day}");
                _model.Add(changes >= LinearExpr.Sum(used) - 1);
                terms.Add(LinearExpr.Term(changes, p.Options.HallChangePenalty));
            }
        }

        return LinearExpr.Sum(terms);
    }

    private static void Append<TKey>(Dictionary<TKey, List<BoolVar>> map, TKey key, BoolVar x) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(x);
    }
}
