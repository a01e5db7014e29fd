using Google.OrTools.LinearSolver;

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
/// </summary>
public static class UpperBound
{
    private const int Scale = 1 << 20;

    public static long Of(Instance instance, SchedulingOptions? options = null) => Of(new Problem(instance, options ?? SchedulingOptions.Default));

    internal static long Of(Problem p)
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

        var (u, lambda) = Multipliers(p, possible, capacity, total);
        Int128 bound = (Int128)lambda * total;
        for (var who = 0; who < p.Participants; who++) bound += (Int128)u[who] * capacity[who];
        foreach (var m in possible)
        {
            bound += Int128.Max(0, (Int128)p.Weight[m] * Scale - u[p.A[m]] - u[p.B[m]] - lambda);
        }

        return (long)(bound / Scale);
    }

    /// <summary>GLOP's dual values of (P) and (C), rounded up to multiples of 2^-20 and kept non-negative (all zero if GLOP fails).</summary>
    private static (long[] U, long Lambda) Multipliers(Problem p, int[] possible, long[] capacity, long total)
    {
        var u = new long[p.Participants];
        using var solver = Solver.CreateSolver("GLOP");
        if (solver is null) return (u, 0);
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
        if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE)) return (u, 0);
        static long Up(double dual) => dual > 0 ? (long)Math.Ceiling(dual * Scale) : 0;
        for (var who = 0; who < p.Participants; who++) u[who] = Up(rows[who].DualValue());
        return (u, Up(all.DualValue()));
    }
}
