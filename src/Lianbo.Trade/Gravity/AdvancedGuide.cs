namespace Lianbo.Trade.Gravity;

/// <summary>A coefficient with its standard errors (heteroskedasticity-robust and, where the book uses it, clustered by pair).</summary>
public sealed record Coefficient(string Name, double Estimate, double RobustSe, double? ClusteredSe = null);

/// <summary>
/// How a scenario's costs depend on estimated coefficients: ln t^(1−σ) = fixed part + Σ_k b_k · covariate_k, for the
/// baseline and the counterfactual; <c>Vcov</c> is the variance the Monte Carlo draws use.
/// </summary>
public sealed record CostModel(double[] Beta, double[,] Vcov, string VcovKind, double[] FixedBaseline, double[] FixedCounterfactual,
    double[][] CovariatesBaseline, double[][] CovariatesCounterfactual)
{
    public (double[] Baseline, double[] Counterfactual) For(double[] beta) => (Combine(FixedBaseline, CovariatesBaseline, beta), Combine(FixedCounterfactual, CovariatesCounterfactual, beta));

    private static double[] Combine(double[] fixedPart, double[][] covariates, double[] beta)
    {
        var v = (double[])fixedPart.Clone();
        for (var k = 0; k < beta.Length; k++)
        {
            for (var r = 0; r < v.Length; r++)
            {
                v[r] += beta[k] * covariates[k][r];
            }
        }

        return v;
    }
}

/// <summary>An estimated gravity system ready for counterfactuals: the cross-section and the two cost vectors ln t^(1−σ).</summary>
public sealed record GravityScenario(
    string Name, CrossSection CrossSection, double[] LnTBaseline, double[] LnTCounterfactual, IReadOnlyList<Coefficient> Estimates,
    ChangeConvention Convention, int Observations, int PpmlIterations, double ScoreViolation)
{
    /// <summary>
    /// The coefficients whose uncertainty the Monte Carlo bands draw (with <see cref="DrawVcov"/>), and how the two cost
    /// vectors follow from them; null where the scenario offers no draws.
    /// </summary>
    public CostModel? Costs { get; init; }

    /// <summary>Estimated pair fixed effects by pair id where the scenario has them (NAFTA stage 1; domestic pairs = 0).</summary>
    public IReadOnlyDictionary<int, double> PairFixedEffects { get; init; } = new Dictionary<int, double>();

    public GeResult Solve(GeOptions options) => GeneralEquilibrium.Solve(CrossSection, LnTBaseline, LnTCounterfactual, options);
}

/// <summary>
/// The two applications of chapter 2 of Yotov, Piermartini, Monteiro &amp; Larch (2016), <i>An Advanced Guide to Trade
/// Policy Analysis</i> (WTO/UNCTAD), on the book's panel, following its Stata solution files step by step.
/// </summary>
public static class AdvancedGuide
{
    /// <summary>The book's reference country: its inward multilateral resistance is the numeraire.</summary>
    public const string Reference = "DEU";

    /// <summary>
    /// Application 1, "trade without borders": 2006, PPML of X_ij on ln DIST, CNTG and INTL_BRDR with exporter and
    /// importer fixed effects (robust SE); counterfactual costs drop the border term.
    /// </summary>
    public static GravityScenario TradeWithoutBorders(GravityPanel panel)
    {
        var cs = new CrossSection(panel.Where(r => panel.Year[r] == 2006), Reference);
        var rows = cs.X.Length;
        var lnD = cs.Rows.Column("dist").Select(v => Math.Log(v)).ToArray();
        var cntg = cs.Rows.Column("cntg");
        var intl = Enumerable.Range(0, rows).Select(r => cs.International(r) ? 1.0 : 0.0).ToArray();
        var fit = Ppml.Fit(cs.X, [lnD, cntg, intl], new FixedEffects([cs.I, cs.J]));
        var v = Ppml.Vcov(fit, cs.X);
        var b = fit.Beta;
        var lnTb = Enumerable.Range(0, rows).Select(r => lnD[r] * b[0] + cntg[r] * b[1] + intl[r] * b[2]).ToArray();
        var lnTc = Enumerable.Range(0, rows).Select(r => lnD[r] * b[0] + cntg[r] * b[1]).ToArray();
        string[] names = ["ln_DIST", "CNTG", "INTL_BRDR"];
        var zero = new double[rows];
        return new GravityScenario("trade without borders (2006)", cs, lnTb, lnTc,
            [.. names.Select((nm, k) => new Coefficient(nm, b[k], Math.Sqrt(v[k, k])))],
            ChangeConvention.CounterfactualVsBaseline, rows, fit.Iterations, fit.ScoreViolation)
        {
            Costs = new CostModel(b, v, "robust", zero, zero, [lnD, cntg, intl], [lnD, cntg, zero]),
        };
    }

    /// <summary>
    /// The estimation sample of the NAFTA application's stage 1: the years 1986, 1990, …, 2006 (<paramref name="panel"/>
    /// restricted to them is returned too), pairs with trade in some year, and the three sets of fixed effects
    /// (exporter-year, importer-year, pair with all domestic pairs pooled; <c>PooledPair</c> is −1 for them).
    /// </summary>
    public static (GravityPanel Years, GravityPanel Sample, int[] PooledPair, FixedEffects Effects) NaftaSample(GravityPanel panel)
    {
        var years = new HashSet<int> { 1986, 1990, 1994, 1998, 2002, 2006 };
        var p = panel.Where(r => years.Contains(panel.Year[r]));
        var trade = p.Column("trade");
        var pairTotal = new Dictionary<int, double>();
        for (var r = 0; r < p.Count; r++)
        {
            pairTotal[p.PairId[r]] = pairTotal.GetValueOrDefault(p.PairId[r]) + trade[r];
        }

        var q = p.Where(r => pairTotal[p.PairId[r]] > 0);
        var n = q.Count;
        var pooled = Enumerable.Range(0, n).Select(r => q.IsDomestic(r) ? -1 : q.PairId[r]).ToArray();
        var ga = GravityPanel.Codes(n, r => (q.Exporter[r], q.Year[r]));
        var gb = GravityPanel.Codes(n, r => (q.Importer[r], q.Year[r]));
        var gp = GravityPanel.Codes(n, r => pooled[r]);
        return (p, q, pooled, new FixedEffects([ga, gb, gp]));
    }

    /// <summary>
    /// Application 2, the general-equilibrium effects of NAFTA. Stage 1: PPML on 1986, 1990, …, 2006 with exporter-year,
    /// importer-year and pair fixed effects (domestic pairs pooled into one category; pairs with no trade in any year
    /// dropped). Stage 2: the 1994 pair effects t̄_ij = exp(pair FE) regressed (PPML, exporter and importer FE) on
    /// ln DIST, CNTG, LANG, CLNY to fill the pairs without one. GE in 1994 with t = t̄·exp(β_RTA·RTA), counterfactual
    /// RTA = 0 among CAN, MEX, USA. Results are the effect of NAFTA (baseline vs no-NAFTA).
    /// </summary>
    public static GravityScenario Nafta(GravityPanel panel)
    {
        var (p, q, pooled, fe) = NaftaSample(panel);
        var n = q.Count;
        var gp = fe.Groups[2];
        var y = q.Column("trade");
        var rta = q.Column("rta");
        var fit = Ppml.Fit(y, [rta], fe);
        var robust = Ppml.Vcov(fit, y);
        var clustered = Ppml.Vcov(fit, y, q.PairId);
        var beta = fit.Beta[0];

        // pair fixed effects: a_it + b_jt + g_p = η − β·RTA exactly; recovered by projection, normalised so that the
        // pooled domestic category is 0 (the only freedom g carries; the year shifts between a and b leave g alone)
        var fixedPart = Enumerable.Range(0, n).Select(r => fit.Eta[r] - beta * rta[r]).ToArray();
        var effects = new[] { new double[fe.Levels(0)], new double[fe.Levels(1)], new double[fe.Levels(2)] };
        fe.Project(fixedPart, Enumerable.Repeat(1.0, n).ToArray(), effects, tol: 1e-16, maxSweeps: 200_000);
        var domLevel = gp[Enumerable.Range(0, n).First(q.IsDomestic)];
        var pairFe = new Dictionary<int, double>();
        for (var r = 0; r < n; r++)
        {
            if (!q.IsDomestic(r))
            {
                pairFe[pooled[r]] = effects[2][gp[r]] - effects[2][domLevel];
            }
        }

        // stage 2 on 1994
        var cs = new CrossSection(p.Where(r => p.Year[r] == 1994), Reference);
        var rows = cs.X.Length;
        var gval = Enumerable.Range(0, rows).Select(r =>
            !cs.International(r) ? 0.0 : pairFe.TryGetValue(cs.Rows.PairId[r], out var g) ? g : double.NaN).ToArray();
        var est = Enumerable.Range(0, rows).Where(r => cs.International(r) && !double.IsNaN(gval[r])).ToArray();
        var lnD = cs.Rows.Column("dist").Select(v => Math.Log(v)).ToArray();
        double[][] z = [lnD, cs.Rows.Column("cntg"), cs.Rows.Column("lang"), cs.Rows.Column("clny")];
        double[] Sub(double[] v) => [.. est.Select(r => v[r])];
        var ei = est.Select(r => cs.I[r]).ToArray();
        var ej = est.Select(r => cs.J[r]).ToArray();
        var fe2 = new FixedEffects([ei, ej]);
        var tEst = est.Select(r => Math.Exp(gval[r])).ToArray();
        var fit2 = Ppml.Fit(tEst, [.. z.Select(Sub)], fe2);
        var v2 = Ppml.Vcov(fit2, tEst, [.. est.Select(r => cs.Rows.PairId[r])]);
        double Zb(int r) => z.Select((col, k) => col[r] * fit2.Beta[k]).Sum();
        var fe2Part = est.Select((r, m) => fit2.Eta[m] - Zb(r)).ToArray();
        var eff2 = new[] { new double[fe2.Levels(0)], new double[fe2.Levels(1)] };
        fe2.Project(fe2Part, Enumerable.Repeat(1.0, est.Length).ToArray(), eff2, tol: 1e-16, maxSweeps: 200_000);

        string[] members = ["CAN", "MEX", "USA"];
        var rtaCs = cs.Rows.Column("rta");
        var lnTbar = new double[rows];
        var rtaCf = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            lnTbar[r] = double.IsNaN(gval[r]) ? eff2[0][cs.I[r]] + eff2[1][cs.J[r]] + Zb(r) : gval[r];
            var nafta = cs.International(r) && members.Contains(cs.Names[cs.I[r]]) && members.Contains(cs.Names[cs.J[r]]);
            rtaCf[r] = nafta ? 0.0 : rtaCs[r];
        }

        // the draws move the RTA coefficient only (variance clustered by pair, the book's Table 3); the pair costs t̄
        // are held at their estimates
        var costs = new CostModel([beta], new[,] { { clustered[0, 0] } }, "clustered by pair", lnTbar, lnTbar, [rtaCs], [rtaCf]);
        var (lnTb, lnTc) = costs.For([beta]);

        string[] names2 = ["stage2_ln_DIST", "stage2_CNTG", "stage2_LANG", "stage2_CLNY"];
        List<Coefficient> estimates = [new("RTA", beta, Math.Sqrt(robust[0, 0]), Math.Sqrt(clustered[0, 0]))];
        estimates.AddRange(names2.Select((nm, k) => new Coefficient(nm, fit2.Beta[k], double.NaN, Math.Sqrt(v2[k, k]))));
        return new GravityScenario("effects of NAFTA (GE in 1994)", cs, lnTb, lnTc, estimates,
            ChangeConvention.BaselineVsCounterfactual, n, fit.Iterations, fit.ScoreViolation)
        {
            PairFixedEffects = pairFe,
            Costs = costs,
        };
    }
}
