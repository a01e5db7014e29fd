namespace Lianbo.Trade.Gravity;

/// <summary>
/// One year of a gravity panel as an N × N system incl. domestic flows, rows ordered (exporter, importer) by ISO code:
/// output Y_i = Σ_j X_ij, expenditure E_j = Σ_i X_ij, the deficit ratio φ_j = E_j / Y_j, and the reference country
/// whose inward multilateral resistance is the numeraire (the book's DEU).
/// </summary>
public sealed class CrossSection
{
    public CrossSection(GravityPanel year, string reference = "DEU")
    {
        var rows = Enumerable.Range(0, year.Count)
            .OrderBy(r => year.Exporter[r], StringComparer.Ordinal).ThenBy(r => year.Importer[r], StringComparer.Ordinal).ToArray();
        Rows = year.Reorder(rows);
        Names = [.. Rows.Exporter.Distinct().Order(StringComparer.Ordinal)];
        N = Names.Length;
        if (Rows.Count != N * N || Rows.Importer.Distinct().Count() != N)
        {
            throw new ArgumentException($"A cross-section needs every exporter × importer pair once, domestic flows included: {Rows.Count} rows for {N} countries.", nameof(year));
        }

        var pos = Names.Select((c, k) => (c, k)).ToDictionary(t => t.c, t => t.k, StringComparer.Ordinal);
        I = [.. Rows.Exporter.Select(c => pos[c])];
        J = [.. Rows.Importer.Select(c => pos[c])];
        Reference = pos.TryGetValue(reference, out var rf) ? rf : throw new ArgumentException($"The reference country {reference} is not in the cross-section.", nameof(reference));
        X = Rows.Column("trade");
        Y = RowSum(X);
        E = ColumnSum(X);
        Phi = [.. E.Zip(Y, (e, y) => e / y)];
    }

    public GravityPanel Rows { get; }
    public string[] Names { get; }
    public int N { get; }
    public int[] I { get; }
    public int[] J { get; }
    public int Reference { get; }
    public double[] X { get; }
    public double[] Y { get; }
    public double[] E { get; }
    public double[] Phi { get; }
    public bool International(int row) => I[row] != J[row];

    public double[] RowSum(double[] v, bool internationalOnly = false)
    {
        var s = new double[N];
        for (var r = 0; r < v.Length; r++)
        {
            if (!internationalOnly || I[r] != J[r])
            {
                s[I[r]] += v[r];
            }
        }

        return s;
    }

    public double[] ColumnSum(double[] v)
    {
        var s = new double[N];
        for (var r = 0; r < v.Length; r++)
        {
            s[J[r]] += v[r];
        }

        return s;
    }

    /// <summary>
    /// PPML with exporter (π_i) and importer (χ_j) fixed effects and an offset ln t_ij^(1−σ), solved exactly by cyclic
    /// closed-form updates of the score equations, π_i = ln Σ_j y_ij − ln Σ_j exp(χ_j + off_ij) and likewise χ_j, to
    /// the rounding floor; normalised χ_reference = 0 (the book's dropped importer dummy).
    /// </summary>
    public (double[] Pi, double[] Chi, double[] Mu) FitFixedEffects(double[] y, double[] offset, double[]? pi0 = null, double[]? chi0 = null)
    {
        var eo = offset.Select(v => Math.Exp(v)).ToArray();
        var ySum = RowSum(y);
        var eSum = ColumnSum(y);
        var a = pi0 is null ? new double[N] : (double[])pi0.Clone();
        var b = chi0 is null ? new double[N] : (double[])chi0.Clone();
        var mu = new double[y.Length];
        var acc = new double[N];
        double best = double.PositiveInfinity;
        var stall = 0;
        var ea = new double[N];
        var eb = new double[N];
        for (var it = 1; it <= 100_000; it++)
        {
            for (var j = 0; j < N; j++)
            {
                eb[j] = Math.Exp(b[j]);
            }

            Array.Clear(acc);
            for (var r = 0; r < y.Length; r++)
            {
                acc[I[r]] += eo[r] * eb[J[r]];
            }

            for (var i = 0; i < N; i++)
            {
                a[i] = Math.Log(ySum[i]) - Math.Log(acc[i]);
                ea[i] = Math.Exp(a[i]);
            }

            Array.Clear(acc);
            for (var r = 0; r < y.Length; r++)
            {
                acc[J[r]] += eo[r] * ea[I[r]];
            }

            for (var j = 0; j < N; j++)
            {
                b[j] = Math.Log(eSum[j]) - Math.Log(acc[j]);
                eb[j] = Math.Exp(b[j]);
            }

            Array.Clear(acc);
            for (var r = 0; r < y.Length; r++)
            {
                acc[I[r]] += ea[I[r]] * eb[J[r]] * eo[r];
            }

            var viol = 0.0;
            for (var i = 0; i < N; i++)
            {
                viol = Math.Max(viol, Math.Abs(acc[i] / ySum[i] - 1));
            }

            if (viol < 1e-15)
            {
                break;
            }

            // at the rounding floor the violation stops decreasing: that is machine precision
            if (viol < 1e-13)
            {
                stall = viol >= best ? stall + 1 : 0;
                if (stall >= 5)
                {
                    break;
                }
            }

            best = Math.Min(best, viol);
        }

        var shift = b[Reference];
        for (var k = 0; k < N; k++)
        {
            b[k] -= shift;
            a[k] += shift;
        }

        for (var r = 0; r < y.Length; r++)
        {
            mu[r] = Math.Exp(a[I[r]] + b[J[r]]) * eo[r];
        }

        return (a, b, mu);
    }
}
