namespace Lianbo.Trade.Gravity;

/// <summary>
/// Sets of fixed effects (one integer level per row and set), and the weighted projection of a variable off all their
/// dummies by alternating projections: cyclic symmetric sweeps (sets 1, 2, …, K, …, 2, 1) of group-mean removals,
/// which converge to the projection on the span of all dummies (von Neumann–Halperin). Stops when the largest
/// group mean removed in a sweep, relative to the variable's weighted RMS, is below the tolerance.
/// </summary>
public sealed class FixedEffects
{
    private readonly int[][] _groups;
    private readonly int[] _sizes;
    private readonly int[] _order;

    public FixedEffects(IReadOnlyList<int[]> groups)
    {
        _groups = [.. groups];
        _sizes = [.. _groups.Select(g => g.Length == 0 ? 0 : g.Max() + 1)];
        var order = Enumerable.Range(0, _groups.Length).ToList();
        for (var k = _groups.Length - 2; k >= 0; k--)
        {
            order.Add(k);
        }

        _order = [.. order];
    }

    public int Count => _groups.Length;
    public IReadOnlyList<int[]> Groups => _groups;
    public int Levels(int set) => _sizes[set];

    /// <summary>
    /// Weighted residual of <paramref name="v"/> (changed in place) after projection off all dummies; returns the sweeps
    /// used. The sweeps are accelerated by Irons–Tuck extrapolation (every two sweeps, v ← T²v − c·(T²v − Tv) with c
    /// minimising the W-norm of the second difference); the stopping rule is the plain one — every group mean of v
    /// below tol × its RMS — so the result is the same projection, reached in far fewer sweeps when the sets nest
    /// (pair within exporter-year × importer-year).
    /// </summary>
    public int Demean(double[] v, double[] w, double tol = 1e-14, int maxSweeps = 100_000)
    {
        if (_groups.Length <= 1)
        {
            return Project(v, w, null, tol, maxSweeps);
        }

        var n = v.Length;
        var wsum = WeightSums(w);
        var scale = Scale(v, w);
        var means = _sizes.Select(s => new double[s]).ToArray();
        var gx = new double[n];
        var ggx = new double[n];
        var sweeps = 0;
        while (sweeps < maxSweeps)
        {
            Array.Copy(v, gx, n);
            sweeps++;
            if (Sweep(gx, w, wsum, means) / scale < tol)
            {
                Array.Copy(gx, v, n);
                break;
            }

            Array.Copy(gx, ggx, n);
            sweeps++;
            if (Sweep(ggx, w, wsum, means) / scale < tol)
            {
                Array.Copy(ggx, v, n);
                break;
            }

            double num = 0, den = 0;
            for (var r = 0; r < n; r++)
            {
                var d2 = ggx[r] - gx[r];
                var dd = d2 - (gx[r] - v[r]);
                num += w[r] * d2 * dd;
                den += w[r] * dd * dd;
            }

            var c = den > 0 ? num / den : 0.0;
            for (var r = 0; r < n; r++)
            {
                v[r] = ggx[r] - c * (ggx[r] - gx[r]);
            }
        }

        return sweeps;
    }

    private double[][] WeightSums(double[] w)
    {
        var wsum = new double[_groups.Length][];
        for (var k = 0; k < _groups.Length; k++)
        {
            var s = new double[_sizes[k]];
            var g = _groups[k];
            for (var r = 0; r < w.Length; r++)
            {
                s[g[r]] += w[r];
            }

            wsum[k] = s;
        }

        return wsum;
    }

    private static double Scale(double[] v, double[] w)
    {
        double ss = 0, ws = 0;
        for (var r = 0; r < v.Length; r++)
        {
            ss += w[r] * v[r] * v[r];
            ws += w[r];
        }

        return Math.Max(Math.Sqrt(ss / ws), 1e-300);
    }

    // One symmetric sweep of group-mean removals, in place; returns the largest group mean removed.
    private double Sweep(double[] v, double[] w, double[][] wsum, double[][] means, double[][]? effects = null)
    {
        var maxUpdate = 0.0;
        foreach (var k in _order)
        {
            var g = _groups[k];
            var m = means[k];
            Array.Clear(m);
            for (var r = 0; r < v.Length; r++)
            {
                m[g[r]] += w[r] * v[r];
            }

            var ws = wsum[k];
            for (var l = 0; l < m.Length; l++)
            {
                m[l] = ws[l] > 0 ? m[l] / ws[l] : 0.0;
                maxUpdate = Math.Max(maxUpdate, Math.Abs(m[l]));
            }

            for (var r = 0; r < v.Length; r++)
            {
                v[r] -= m[g[r]];
            }

            if (effects is not null)
            {
                for (var l = 0; l < m.Length; l++)
                {
                    effects[k][l] += m[l];
                }
            }
        }

        return maxUpdate;
    }

    /// <summary>
    /// Demeans <paramref name="v"/> in place and accumulates the removed group means into <paramref name="effects"/>
    /// (one array per set), so that v_before = v_after + Σ_k effects[k][level]: the fixed effects themselves.
    /// </summary>
    public int Project(double[] v, double[] w, double[][]? effects, double tol = 1e-14, int maxSweeps = 100_000)
    {
        if (_groups.Length == 0)
        {
            return 0;
        }

        var wsum = WeightSums(w);
        var scale = Scale(v, w);
        var means = _sizes.Select(s => new double[s]).ToArray();
        var sweeps = 0;
        for (sweeps = 1; sweeps <= maxSweeps; sweeps++)
        {
            var maxUpdate = Sweep(v, w, wsum, means, effects);
            if (_groups.Length == 1 || maxUpdate / scale < tol)
            {
                break;
            }
        }

        return sweeps;
    }
}
