using Google.OrTools.LinearSolver;
using Sat = Google.OrTools.Sat;

namespace Lianbo.Scheduling;

/// <summary>
/// An upper bound on the weight (<see cref="Score.Weight"/>) of every schedule of an instance, so the gap of a heuristic
/// schedule to the optimum is known.
/// <para>
/// The relaxation: y_m ∈ [0, 1] per meeting (0 when its participants share no free slot), maximise Σ w_m y_m subject to
/// (P) Σ_{m ∋ p} y_m ≤ c_p = min(maximum of p, free slots of p) for every participant and (C) Σ_m y_m ≤ C =
/// Σ_s min(tables, ⌊participants free in s / 2⌋). Every schedule satisfies both (one meeting per participant per
/// free slot, one per table per slot, two participants per meeting), so its weight is at most the relaxation's.
/// </para>
/// <para>
/// GLOP solves the relaxation's dual only to find good multipliers; the bound itself is computed exactly from them by
/// weak duality: for any u_p ≥ 0 and λ ≥ 0 and any feasible y,
/// Σ w_m y_m = Σ_m (w_m − u_a − u_b − λ) y_m + Σ_p u_p Σ_{m ∋ p} y_m + λ Σ_m y_m
///           ≤ Σ_m max(0, w_m − u_a − u_b − λ) + Σ_p u_p c_p + λ C.
/// The multipliers are rounded up to multiples of 2^-20 and the sum is taken in integers, so no rounding error can make
/// the bound too small; whatever GLOP returns (even nothing), the bound is valid — only its tightness depends on GLOP.
/// </para>
/// <para>
/// Tighter, when time allows: the same relaxation with y_m ∈ {0, 1} (and pinned meetings at 1, which every schedule
/// holds) solved by CP-SAT, whose proven bound (BestObjectiveBound, the optimum when it finishes) bounds the relaxation's
/// integer optimum and so every schedule. The result is the smaller of the two.
/// </para>
/// </summary>
public static class UpperBound
{
    private const int Scale = 1 << 20;

    public static long Of(Instance instance, SchedulingOptions? options = null)
    {
        var p = new Problem(instance, options ?? SchedulingOptions.Default);
        return Relax(p, p.Options.BoundTimeLimit).Bound;
    }

    /// <summary>
    /// The bound, and the meetings the integer relaxation selects (null when CP-SAT found none in time): a set of
    /// meetings that respects every participant's capacity and the tables in total, of the most weight — the
    /// heuristic schedules those first.
    /// </summary>
    internal sealed record Relaxation(long Bound, bool[]? Selected);

    internal static Relaxation Relax(Problem p, TimeSpan integerLimit)
    {
        var possible = Enumerable.Range(0, p.Meetings).Where(m => p.CandidateSlots(m).Any()).ToArray();
        var capacity = new long[p.Participants];
        for (var who = 0; who < p.Participants; who++)
        {
            capacity[who] = Math.Min(p.Max[who], Enumerable.Range(0, p.Slots).Count(s => p.Free(who, s)));
        }

        long tables = p.TablesInHall.Sum(), total = 0;
        for (var s = 0; s < p.Slots; s++)
        {
            var free = Enumerable.Range(0, p.Participants).Count(who => p.Free(who, s));
            total += Math.Min(tables, free / 2);
        }

        var (u, lambda, primal) = Multipliers(p, possible, capacity, total);
        Int128 bound = (Int128)lambda * total;
        for (var who = 0; who < p.Participants; who++) bound += (Int128)u[who] * capacity[who];
        foreach (var m in possible)
        {
            bound += Int128.Max(0, (Int128)p.Weight[m] * Scale - u[p.A[m]] - u[p.B[m]] - lambda);
        }

        var dual = (long)(bound / Scale);
        var rounded = Round(p, possible, capacity, total, primal);
        if (integerLimit <= TimeSpan.Zero || possible.Length > IntegerVariableLimit) return new Relaxation(dual, rounded);
        var (integer, selected) = Integer(p, possible, capacity, total, integerLimit, rounded);
        return new Relaxation(Math.Min(dual, integer), selected ?? rounded);
    }

    /// <summary>
    /// Above this many meetings CP-SAT is not run on the integer relaxation: on 60,000 it spent its 10 s in presolve
    /// without a solution, while the LP alone is as tight there (the b-matching LP is nearly integral).
    /// </summary>
    private const int IntegerVariableLimit = 20_000;

    /// <summary>A selection from the LP's solution: meetings by LP value (pinned first), each taken while the capacities allow.</summary>
    private static bool[] Round(Problem p, int[] possible, long[] capacity, long total, double[]? primal)
    {
        var left = (long[])capacity.Clone();
        var selected = new bool[p.Meetings];
        var order = Enumerable.Range(0, possible.Length)
            .OrderByDescending(i => p.FixedSlot[possible[i]] >= 0)
            .ThenByDescending(i => primal?[i] ?? 0)
            .ThenByDescending(i => p.Weight[possible[i]]);
        foreach (var i in order)
        {
            var m = possible[i];
            if (total == 0 || left[p.A[m]] == 0 || left[p.B[m]] == 0) continue;
            selected[m] = true;
            left[p.A[m]]--;
            left[p.B[m]]--;
            total--;
        }

        return selected;
    }

    /// <summary>CP-SAT's proven bound on the relaxation with integer y (long.MaxValue when it proves nothing in time) and its best selection.</summary>
    private static (long Bound, bool[]? Selected) Integer(Problem p, int[] possible, long[] capacity, long total, TimeSpan limit, bool[] hint)
    {
        var model = new Sat.CpModel();
        var y = possible.Select(m => model.NewBoolVar($"y{m}")).ToArray();
        var rows = Enumerable.Range(0, p.Participants).Select(_ => new List<Sat.BoolVar>()).ToArray();
        for (var i = 0; i < possible.Length; i++)
        {
            var m = possible[i];
            rows[p.A[m]].Add(y[i]);
            rows[p.B[m]].Add(y[i]);
            if (p.FixedSlot[m] >= 0) model.Add(y[i] == 1);
            model.AddHint(y[i], hint[m]);
        }

        for (var who = 0; who < p.Participants; who++)
        {
            if (rows[who].Count > capacity[who]) model.Add(Sat.LinearExpr.Sum(rows[who]) <= capacity[who]);
        }

        if (possible.Length > total) model.Add(Sat.LinearExpr.Sum(y) <= total);
        model.Maximize(Sat.LinearExpr.WeightedSum(y, possible.Select(m => (long)p.Weight[m])));
        var solver = new Sat.CpSolver { StringParameters = CpSatScheduler.Parameters(p.Options, limit) };
        var status = solver.Solve(model);
        if (status is not (Sat.CpSolverStatus.Optimal or Sat.CpSolverStatus.Feasible)) return (long.MaxValue, null);
        var selected = new bool[p.Meetings];
        for (var i = 0; i < possible.Length; i++) selected[possible[i]] = solver.BooleanValue(y[i]);
        return ((long)Math.Floor(solver.BestObjectiveBound + 1e-6), selected);
    }

    /// <summary>
    /// GLOP's dual values of (P) and (C), rounded up to multiples of 2^-20 and kept non-negative, and its primal
    /// solution (all zero and null if GLOP fails).
    /// </summary>
    private static (long[] U, long Lambda, double[]? Primal) Multipliers(Problem p, int[] possible, long[] capacity, long total)
    {
        var u = new long[p.Participants];
        using var solver = Solver.CreateSolver("GLOP");
        if (solver is null) return (u, 0, null);
        var y = possible.Select(m => solver.MakeNumVar(0, 1, $"y{m}")).ToArray();
        var rows = new Constraint[p.Participants];
        for (var who = 0; who < p.Participants; who++) rows[who] = solver.MakeConstraint(double.NegativeInfinity, capacity[who], $"p{who}");
        var all = solver.MakeConstraint(double.NegativeInfinity, total, "tables");
        var objective = solver.Objective();
        for (var i = 0; i < possible.Length; i++)
        {
            var m = possible[i];
            rows[p.A[m]].SetCoefficient(y[i], 1);
            rows[p.B[m]].SetCoefficient(y[i], 1);
            all.SetCoefficient(y[i], 1);
            objective.SetCoefficient(y[i], p.Weight[m]);
        }

        objective.SetMaximization();
        var status = solver.Solve();
        if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE)) return (u, 0, null);
        static long Up(double dual) => dual > 0 ? (long)Math.Ceiling(dual * Scale) : 0;
        for (var who = 0; who < p.Participants; who++) u[who] = Up(rows[who].DualValue());
        return (u, Up(all.DualValue()), [.. y.Select(v => v.SolutionValue())]);
    }
}
