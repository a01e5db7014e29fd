using MathNet.Numerics.LinearAlgebra;

namespace Lianbo.Trade.Gravity;

/// <summary>A PPML fit: coefficients, fitted values and what the variance needs.</summary>
/// <param name="Beta">slope coefficients, in the order of the regressors</param>
/// <param name="Mu">fitted flows exp(η)</param>
/// <param name="Eta">linear predictor incl. offset and fixed effects</param>
/// <param name="Xd">the regressors partialled out of the fixed effects with weights μ at the solution (for the variance)</param>
/// <param name="Iterations">IRLS iterations</param>
/// <param name="Deviance">Poisson deviance 2 Σ [y ln(y/μ) − (y − μ)]</param>
/// <param name="ScoreViolation">largest relative violation of the first-order conditions (every fixed-effect level and X'(y − μ))</param>
public sealed record PpmlFit(double[] Beta, double[] Mu, double[] Eta, double[][] Xd, int Iterations, double Deviance, double ScoreViolation);

/// <summary>
/// Poisson pseudo-maximum likelihood with high-dimensional fixed effects (Santos Silva &amp; Tenreyro 2006; the
/// estimator of Yotov et al. 2016, chapters 1–2), by iteratively reweighted least squares: with w = μ and
/// z = η − offset + (y − μ)/μ, each Newton step is the weighted LS of z on [X, D]; the dummies D are partialled out by
/// <see cref="FixedEffects"/> (Frisch–Waugh–Lovell). Stops on the largest change of η (not on the deviance, which
/// goes flat while tiny flows' fixed effects still move), certified by the scores. Equals the numpy reference
/// (tests/…/Gravity/reference/hdfe.py, <c>ppml</c>) to 1e-8 and Stata's <c>ppml</c> / the book's logs to their printed digits.
/// </summary>
public static class Ppml
{
    public static PpmlFit Fit(double[] y, IReadOnlyList<double[]> x, FixedEffects fe, double[]? offset = null,
        double etaTol = 1e-10, double demeanTol = 1e-14, int maxIterations = 200)
    {
        var n = y.Length;
        var k = x.Count;
        var off = offset ?? new double[n];
        var mean = y.Average();
        var mu = y.Select(v => 0.5 * (v + mean)).ToArray();
        var eta = mu.Select(v => Math.Log(v)).ToArray();
        var beta = new double[k];
        var etaOld = (double[])eta.Clone();
        double devOld = double.PositiveInfinity, dev = 0;
        var z = new double[n];
        var xd = new double[k][];
        var fePart = new double[n];
        var it = 0;
        for (it = 1; it <= maxIterations; it++)
        {
            for (var r = 0; r < n; r++)
            {
                z[r] = eta[r] - off[r] + (y[r] - mu[r]) / mu[r];
            }

            // Warm start: the projection M annihilates the span of the dummies, so M(z) = M(z − F) for the fixed-effect
            // part F = z_prev − M(z_prev) of the previous iteration; z − F is nearly demeaned already and the sweeps
            // needed fall from thousands to a few once IRLS settles. Likewise M(x) = M(M_prev(x)).
            var zd = new double[n];
            for (var r = 0; r < n; r++)
            {
                zd[r] = z[r] - fePart[r];
            }

            fe.Demean(zd, mu, demeanTol);
            for (var r = 0; r < n; r++)
            {
                fePart[r] = z[r] - zd[r];
            }

            for (var c = 0; c < k; c++)
            {
                xd[c] ??= (double[])x[c].Clone();
                fe.Demean(xd[c], mu, demeanTol);
            }

            beta = WeightedLeastSquares(xd, zd, mu);
            for (var r = 0; r < n; r++)
            {
                var resid = zd[r];
                for (var c = 0; c < k; c++)
                {
                    resid -= xd[c][r] * beta[c];
                }

                eta[r] = off[r] + z[r] - resid;
                mu[r] = Math.Exp(eta[r]);
            }

            dev = Deviance(y, mu);
            var dEta = double.PositiveInfinity;
            if (it > 1)
            {
                dEta = 0;
                for (var r = 0; r < n; r++)
                {
                    dEta = Math.Max(dEta, Math.Abs(eta[r] - etaOld[r]));
                }
            }

            Array.Copy(eta, etaOld, n);
            if (dEta < etaTol || (Math.Abs(dev - devOld) <= 1e-15 * Math.Max(Math.Abs(dev), 1.0) && dEta < 1e3 * etaTol))
            {
                break;
            }

            devOld = dev;
        }

        it = Math.Min(it, maxIterations);
        for (var c = 0; c < k; c++)
        {
            fe.Demean(xd[c], mu, demeanTol);
        }

        return new PpmlFit(beta, mu, eta, xd, it, dev, ScoreViolation(y, mu, x, fe));
    }

    /// <summary>
    /// Sandwich variance (X̃'WX̃)⁻¹ (Σ_g s_g s_g') (X̃'WX̃)⁻¹ · G/(G−1), s_g = Σ_{rows in g} x̃ (y − μ): clustered by
    /// <paramref name="cluster"/>, or heteroskedasticity-robust (each row its own cluster, Stata's "semirobust") when null.
    /// </summary>
    public static double[,] Vcov(PpmlFit fit, double[] y, int[]? cluster = null)
    {
        var n = y.Length;
        var k = fit.Beta.Length;
        var cl = cluster ?? Enumerable.Range(0, n).ToArray();
        var codes = GravityPanel.Codes(n, r => cl[r]);
        var g = codes.Length == 0 ? 0 : codes.Max() + 1;
        var bread = Matrix<double>.Build.Dense(k, k, (a, b) =>
        {
            double s = 0;
            for (var r = 0; r < n; r++)
            {
                s += fit.Xd[a][r] * fit.Mu[r] * fit.Xd[b][r];
            }

            return s;
        }).Inverse();
        var scores = new double[g, k];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < k; c++)
            {
                scores[codes[r], c] += fit.Xd[c][r] * (y[r] - fit.Mu[r]);
            }
        }

        var meat = Matrix<double>.Build.Dense(k, k, (a, b) =>
        {
            double s = 0;
            for (var l = 0; l < g; l++)
            {
                s += scores[l, a] * scores[l, b];
            }

            return s;
        });
        return (bread * meat * bread * (g / (g - 1.0))).ToArray();
    }

    public static double Deviance(double[] y, double[] mu)
    {
        double dev = 0;
        for (var r = 0; r < y.Length; r++)
        {
            dev += (y[r] > 0 ? y[r] * Math.Log(y[r] / mu[r]) : 0.0) - (y[r] - mu[r]);
        }

        return 2 * dev;
    }

    private static double[] WeightedLeastSquares(double[][] xd, double[] zd, double[] w)
    {
        var k = xd.Length;
        if (k == 0)
        {
            return [];
        }

        var a = Matrix<double>.Build.Dense(k, k);
        var b = Vector<double>.Build.Dense(k);
        for (var r = 0; r < zd.Length; r++)
        {
            for (var c = 0; c < k; c++)
            {
                var wx = w[r] * xd[c][r];
                b[c] += wx * zd[r];
                for (var d = 0; d <= c; d++)
                {
                    a[c, d] += wx * xd[d][r];
                }
            }
        }

        for (var c = 0; c < k; c++)
        {
            for (var d = c + 1; d < k; d++)
            {
                a[c, d] = a[d, c];
            }
        }

        return a.Solve(b).ToArray();
    }

    // Largest relative violation of the Poisson first-order conditions: Σ_level (y − μ) / Σ_level (y + μ) for every
    // level of every set, and |X'(y − μ)| / (|X|'(y + μ)) for every regressor.
    private static double ScoreViolation(double[] y, double[] mu, IReadOnlyList<double[]> x, FixedEffects fe)
    {
        var worst = 0.0;
        for (var k = 0; k < fe.Count; k++)
        {
            var g = fe.Groups[k];
            var num = new double[fe.Levels(k)];
            var den = new double[fe.Levels(k)];
            for (var r = 0; r < y.Length; r++)
            {
                num[g[r]] += y[r] - mu[r];
                den[g[r]] += y[r] + mu[r];
            }

            for (var l = 0; l < num.Length; l++)
            {
                worst = Math.Max(worst, Math.Abs(num[l]) / (den[l] + 1e-300));
            }
        }

        foreach (var col in x)
        {
            double num = 0, den = 0;
            for (var r = 0; r < y.Length; r++)
            {
                num += col[r] * (y[r] - mu[r]);
                den += Math.Abs(col[r]) * (y[r] + mu[r]);
            }

            worst = Math.Max(worst, Math.Abs(num) / (den + 1e-300));
        }

        return worst;
    }
}
