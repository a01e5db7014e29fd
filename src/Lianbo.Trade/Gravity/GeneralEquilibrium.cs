using MathNet.Numerics.LinearAlgebra;

namespace Lianbo.Trade.Gravity;

/// <summary>How the full-endowment counterfactual is solved; every result names it.</summary>
public enum GeMode
{
    /// <summary>
    /// The book's iterative procedure (Yotov et al. 2016, ch. 2, and its Stata do-files): re-estimate the constrained
    /// PPML each round on flows updated by p̂_i p̂_j / (ΔΠ_i ΔP_j), E = φ·Y, stopped by the book's own rule
    /// (sd ≤ stop and |max| ≤ stop of the round-to-round change of the price update). Reproduces the book's numbers;
    /// it is an early iterate, not an equilibrium.
    /// </summary>
    BookProcedure,

    /// <summary>Exact hat algebra (Dekle–Eaton–Kortum) on the fitted baseline flows, solved to machine precision.</summary>
    Exact,
}

/// <summary>How expenditure follows income in the exact solution (trade deficits are held fixed in one of two senses).</summary>
public enum DeficitRule
{
    /// <summary>
    /// The book's rule E'_j = φ_j Y'_j (φ = E/Y of the baseline), all expenditures rescaled by one world factor
    /// κ = ΣY'/Σφ_jY'_j so that world expenditure equals world income (without κ Walras' law fails and one market
    /// cannot clear). Independent of the numeraire.
    /// </summary>
    Ratio,

    /// <summary>Nominal deficits D_j = E_j − Y_j fixed in units of the numeraire (P_reference = 1): E'_j = Y'_j + D_j.</summary>
    Level,
}

/// <summary>Which way the per-country changes are expressed.</summary>
public enum ChangeConvention
{
    /// <summary>(counterfactual − baseline)/baseline · 100: the effect of the shock (the book's application 1).</summary>
    CounterfactualVsBaseline,

    /// <summary>
    /// (baseline − counterfactual)/counterfactual · 100, price (1 − p̂)·100: the effect of a policy in force measured by
    /// removing it (the book's NAFTA application).
    /// </summary>
    BaselineVsCounterfactual,
}

/// <param name="Sigma">elasticity of substitution σ; the trade elasticity is 1 − σ (book: σ = 7)</param>
/// <param name="Mode">book procedure or exact solution</param>
/// <param name="Deficits">deficit rule of the exact solution (the book procedure always uses E = φ·Y)</param>
/// <param name="BookStop">the book procedure's threshold on sd and |max| of the price-update change (book: 0.01)</param>
/// <param name="MaxRounds">cap on the book procedure's rounds</param>
public sealed record GeOptions(double Sigma = 7.0, GeMode Mode = GeMode.Exact, DeficitRule Deficits = DeficitRule.Ratio,
    double BookStop = 0.01, int MaxRounds = 200)
{
    /// <summary>Names the method on every result, e.g. "exact hat algebra, deficits ratio (scaled), σ = 7".</summary>
    public string Describe() => Mode == GeMode.BookProcedure
        ? FormattableString.Invariant($"book's iterative procedure (stop at sd, |max| ≤ {BookStop:g}), σ = {Sigma:g}")
        : FormattableString.Invariant($"exact hat algebra, deficits {(Deficits == DeficitRule.Ratio ? "E = φ·Y scaled to world income" : "fixed in numeraire units")}, σ = {Sigma:g}");
}

/// <summary>One round of the book's procedure: the change of the price update over the N² rows, as Stata's <c>summarize</c> prints it.</summary>
public sealed record BookRound(int Round, double Mean, double Sd, double Min, double Max);

/// <summary>
/// A general-equilibrium counterfactual: baseline, conditional and full-endowment levels per country, and the
/// method that produced them. Multilateral resistances are the book's: OMR_i = Y_i E_R / exp(π_i),
/// IMR_j = E_j / (exp(χ_j) E_R), reported as (·)^(1/(1−σ)); real GDP = Y / IMR^(1/(1−σ)).
/// </summary>
public sealed record GeResult(
    GeOptions Options, string[] Countries, int Rounds, IReadOnlyList<BookRound> Log, double Residual,
    double[] Exports0, double[] ExportsConditional, double[] ExportsFull, double[] PriceChange, double[] Output0, double[] OutputFull,
    double[] Imr0, double[] ImrConditional, double[] ImrFull, double[] Omr0, double[] OmrConditional, double[] OmrFull,
    double[] BaselinePi, double[] BaselineChi, double[] ConditionalPi, double[] ConditionalChi)
{
    public string Method => Options.Describe();

    /// <summary>
    /// Per-country % changes: exports_cdl, exports_full (international exports, conditional and full endowment), price
    /// (factory-gate), imr, omr, imr_cdl, omr_cdl (MRs as (·)^(1/(1−σ))), real_gdp.
    /// </summary>
    public IReadOnlyDictionary<string, double[]> Changes(ChangeConvention convention)
    {
        double[] Pct(double[] cf, double[] bl) => [.. cf.Zip(bl, (c, b) =>
            convention == ChangeConvention.CounterfactualVsBaseline ? (c - b) / b * 100 : (b - c) / c * 100)];
        var rg0 = Output0.Zip(Imr0, (y, p) => y / p).ToArray();
        var rgF = OutputFull.Zip(ImrFull, (y, p) => y / p).ToArray();
        return new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            ["exports_cdl"] = Pct(ExportsConditional, Exports0),
            ["exports_full"] = Pct(ExportsFull, Exports0),
            ["real_gdp"] = Pct(rgF, rg0),
            ["imr"] = Pct(ImrFull, Imr0),
            ["omr"] = Pct(OmrFull, Omr0),
            ["imr_cdl"] = Pct(ImrConditional, Imr0),
            ["omr_cdl"] = Pct(OmrConditional, Omr0),
            ["price"] = convention == ChangeConvention.CounterfactualVsBaseline
                ? [.. PriceChange.Select(p => (p - 1) * 100)]
                : [.. PriceChange.Select(p => (1 - p) * 100)],
        };
    }
}

/// <summary>
/// The chapter-2 counterfactual of Yotov, Piermartini, Monteiro &amp; Larch (2016): given a cross-section and the
/// baseline and counterfactual bilateral trade costs ln t_ij^(1−σ), the baseline (constrained PPML with exporter and
/// importer fixed effects), the conditional GE (same with counterfactual costs, output and expenditure fixed) and the
/// full-endowment GE (factory-gate prices adjust), in the mode the options name. Equals the numpy reference
/// (tests/…/Gravity/reference/gravity_reference.py) to 1e-8.
/// </summary>
public static class GeneralEquilibrium
{
    public static GeResult Solve(CrossSection cs, double[] lnTBaseline, double[] lnTCounterfactual, GeOptions options)
    {
        var n = cs.N;
        var e = 1.0 / (1.0 - options.Sigma);
        var (a0, b0, mu0) = cs.FitFixedEffects(cs.X, lnTBaseline);
        var er0 = cs.E[cs.Reference];
        var omr0 = Omr(cs.Y, er0, a0);
        var imr0 = Imr(cs.E, er0, b0);
        var xi0 = cs.RowSum(mu0, true);
        var (a1, b1, mu1) = cs.FitFixedEffects(cs.X, lnTCounterfactual);
        var omrCdl = Omr(cs.Y, er0, a1);
        var imrCdl = Imr(cs.E, er0, b1);
        var xiCdl = cs.RowSum(mu1, true);
        double[] Pow(double[] v) => [.. v.Select(x => Math.Pow(x, e))];

        if (options.Mode == GeMode.BookProcedure)
        {
            var (rounds, log, pHat, yF, omrF, imrF, xiF, resid) = Book(cs, a0, a1, b1, mu1, lnTCounterfactual, options);
            return new GeResult(options, cs.Names, rounds, log, resid, xi0, xiCdl, xiF, pHat, cs.Y, yF,
                Pow(imr0), Pow(imrCdl), Pow(imrF), Pow(omr0), Pow(omrCdl), Pow(omrF), a0, b0, a1, b1);
        }

        var x = Exact(cs, mu0, lnTBaseline, lnTCounterfactual, options);
        var imr0e = Pow(imr0);
        var omr0e = Pow(omr0);
        var imrFe = imr0e.Zip(x.PHat, (p, h) => p * h).ToArray();
        var omrFe = new double[n];
        for (var i = 0; i < n; i++)
        {
            // OMR = Y E_R / exp(π) and exp(π_i)/E_R ∝ p_i^(1−σ), so ΔOMR = Ŷ / p̂^(1−σ)
            omrFe[i] = omr0e[i] * Math.Pow(x.Y[i] / cs.Y[i] / Math.Pow(x.P[i], 1 - options.Sigma), e);
        }

        return new GeResult(options, cs.Names, x.Iterations, [], x.Residual, xi0, xiCdl, cs.RowSum(x.Flows, true), x.P, cs.Y, x.Y,
            imr0e, Pow(imrCdl), imrFe, omr0e, Pow(omrCdl), omrFe, a0, b0, a1, b1);
    }

    private static double[] Omr(double[] y, double er, double[] pi) => [.. y.Select((v, i) => v * er / Math.Exp(pi[i]))];

    private static double[] Imr(double[] ex, double er, double[] chi) => [.. ex.Select((v, j) => v / (Math.Exp(chi[j]) * er))];

    private static (int Rounds, List<BookRound> Log, double[] PHat, double[] YF, double[] OmrF, double[] ImrF, double[] XiF, double Resid)
        Book(CrossSection cs, double[] a0, double[] a1, double[] b1, double[] mu1, double[] lnTc, GeOptions o)
    {
        var e = 1.0 / (1.0 - o.Sigma);
        var n = cs.N;
        var rows = cs.X.Length;
        var er0 = cs.E[cs.Reference];
        double[] PriceUpdate(double[] aNew, double[] aOld, double erNew, double erOld) =>
            [.. aNew.Select((a, i) => Math.Pow(Math.Exp(a) / Math.Exp(aOld[i]) / (erNew / erOld), e))];

        var cpPrev2 = new double[n];
        double[] aK = a1, bK = b1, muK = mu1;
        var erK = er0;
        var cpK = PriceUpdate(aK, a0, erK, er0);
        var omrK = Omr(cs.Y, erK, aK);
        var imrK = Imr(cs.E, erK, bK);
        var cOmr = Enumerable.Repeat(1.0, n).ToArray();
        var cImr = Enumerable.Repeat(1.0, n).ToArray();
        var log = new List<BookRound>();
        var trade = new double[rows];
        var dif = new double[rows];
        while (true)
        {
            for (var r = 0; r < rows; r++)
            {
                trade[r] = muK[r] * cpK[cs.I[r]] * cpK[cs.J[r]] / (cOmr[cs.I[r]] * cImr[cs.J[r]]);
            }

            var (aN, bN, muN) = cs.FitFixedEffects(trade, lnTc, aK, bK);
            var yN = cs.RowSum(muN);
            var eN = cs.Phi.Zip(yN, (p, y) => p * y).ToArray();
            var erN = eN[cs.Reference];
            var cpN = PriceUpdate(aN, aK, erN, erK);
            var omrN = Omr(yN, erN, aN);
            var imrN = Imr(eN, erN, bN);
            cOmr = [.. omrN.Zip(omrK, (x, y) => x / y)];
            cImr = [.. imrN.Zip(imrK, (x, y) => x / y)];
            for (var r = 0; r < rows; r++)
            {
                dif[r] = cpK[cs.I[r]] - cpPrev2[cs.I[r]];
            }

            var mean = dif.Average();
            var sd = Math.Sqrt(dif.Sum(d => (d - mean) * (d - mean)) / (rows - 1));
            var max = dif.Max();
            log.Add(new BookRound(log.Count + 1, mean, sd, dif.Min(), max));
            cpPrev2 = cpK;
            (aK, bK, muK, erK, cpK, omrK, imrK) = (aN, bN, muN, erN, cpN, omrN, imrN);
            // the book's rule: abs of the maximum (not the maximum of abs), as its do-files write it
            if (!(sd > o.BookStop || Math.Abs(max) > o.BookStop) || log.Count >= o.MaxRounds)
            {
                break;
            }
        }

        var cpF = PriceUpdate(aK, a0, erK, er0);
        var yF = cpF.Zip(cs.Y, (p, y) => p * y).ToArray();
        var eF = cs.Phi.Zip(yF, (p, y) => p * y).ToArray();
        var eK = cs.Phi.Zip(cs.RowSum(muK), (p, y) => p * y).ToArray();
        var omrF = Omr(yF, erK, aK);
        var imrF = Imr(eK, erK, bK);
        var xF = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            xF[r] = yF[cs.I[r]] * eF[cs.J[r]] * Math.Exp(lnTc[r]) / (imrF[cs.J[r]] * omrF[cs.I[r]]);
        }

        // how far the book's final flows are from adding up to output (they do) and to expenditure (they need not)
        var colErr = cs.ColumnSum(xF).Zip(eF, (s, x) => Math.Abs(s / x - 1)).Max();
        return (log.Count, log, cpF, yF, omrF, imrF, cs.RowSum(xF, true), colErr);
    }

    private sealed record ExactSolution(double[] P, double[] Y, double[] PHat, double[] Flows, int Iterations, double Residual);

    // Unknown: ln p̂ (factory-gate price changes). Market clearing p̂_i Y_i = Σ_j λ_ij (p̂_i t̂_ij)^(1−σ) E'_j / P̂_j^(1−σ),
    // λ_ij = baseline import shares of the fitted flows, P̂_j^(1−σ) = Σ_i λ_ij (p̂_i t̂_ij)^(1−σ); one market (Walras)
    // replaced by the book's normalisation P̂_reference = 1.
    private static ExactSolution Exact(CrossSection cs, double[] mu0, double[] lnTb, double[] lnTc, GeOptions o)
    {
        var n = cs.N;
        var rows = mu0.Length;
        var s1 = 1 - o.Sigma;
        var th = new double[rows];
        var lam = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            th[r] = Math.Exp(lnTc[r] - lnTb[r]);
            lam[r] = mu0[r] / cs.E[cs.J[r]];
        }

        (double[] P, double[] Y, double[] Ph, double[] X, double[] Sales) Pieces(double[] lp)
        {
            var p = lp.Select(v => Math.Exp(v)).ToArray();
            var yp = p.Zip(cs.Y, (a, b) => a * b).ToArray();
            double[] ep;
            if (o.Deficits == DeficitRule.Ratio)
            {
                var pe = p.Zip(cs.E, (a, b) => a * b).ToArray();
                var kappa = yp.Sum() / pe.Sum();
                ep = [.. pe.Select(v => v * kappa)];
            }
            else
            {
                ep = [.. yp.Select((v, k) => v + (cs.E[k] - cs.Y[k]))];
            }

            var ph = new double[n];
            var term = new double[rows];
            var ps = p.Select(v => Math.Pow(v, s1)).ToArray();
            for (var r = 0; r < rows; r++)
            {
                term[r] = lam[r] * ps[cs.I[r]] * th[r];
                ph[cs.J[r]] += term[r];
            }

            var x = new double[rows];
            var sales = new double[n];
            for (var r = 0; r < rows; r++)
            {
                x[r] = term[r] / ph[cs.J[r]] * ep[cs.J[r]];
                sales[cs.I[r]] += x[r];
            }

            return (p, yp, ph, x, sales);
        }

        double[] F(double[] lp)
        {
            var (_, yp, ph, _, sales) = Pieces(lp);
            var f = sales.Zip(yp, (s, y) => s / y - 1).ToArray();
            f[cs.Reference] = Math.Log(ph[cs.Reference]) / s1;
            return f;
        }

        // tâtonnement start (to a change below 1e-9): ln p += (ln sales − ln income)/σ, renormalised to P̂_reference = 1 ...
        var lp = new double[n];
        var iterations = 0;
        for (; iterations < 5000; iterations++)
        {
            var (_, yp, _, _, sales) = Pieces(lp);
            var next = lp.Select((v, k) => v + (Math.Log(sales[k]) - Math.Log(yp[k])) / o.Sigma).ToArray();
            var shift = Math.Log(Pieces(next).Ph[cs.Reference]) / s1;
            var change = 0.0;
            for (var k = 0; k < n; k++)
            {
                next[k] -= shift;
                change = Math.Max(change, Math.Abs(next[k] - lp[k]));
            }

            lp = next;
            if (change < 1e-9)
            {
                break;
            }
        }

        // ... then Newton with a finite-difference Jacobian to the rounding floor
        var fx = F(lp);
        var norm = fx.Max(Math.Abs);
        for (var it = 0; it < 50 && norm > 1e-16; it++)
        {
            var jac = Matrix<double>.Build.Dense(n, n);
            for (var c = 0; c < n; c++)
            {
                var h = 1e-7;
                var up = (double[])lp.Clone();
                up[c] += h;
                var dn = (double[])lp.Clone();
                dn[c] -= h;
                var fu = F(up);
                var fd = F(dn);
                for (var r = 0; r < n; r++)
                {
                    jac[r, c] = (fu[r] - fd[r]) / (2 * h);
                }
            }

            var step = jac.Solve(Vector<double>.Build.DenseOfArray(fx));
            var trial = lp.Select((v, k) => v - step[k]).ToArray();
            var ft = F(trial);
            var tn = ft.Max(Math.Abs);
            iterations++;
            if (tn >= norm)
            {
                break;
            }

            (lp, fx, norm) = (trial, ft, tn);
        }

        var final = Pieces(lp);
        var pHat = final.Ph.Select(v => Math.Pow(v, 1 / s1)).ToArray();
        return new ExactSolution(final.P, final.Y, pHat, final.X, iterations, norm);
    }
}
