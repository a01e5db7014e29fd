namespace Lianbo.Trade.Gravity;

/// <summary>A change of trade costs between two groups of countries, as a scenario's decoupling or tariff shock gives it.</summary>
/// <param name="Tau">ad-valorem equivalent: t_ij becomes t_ij·(1 + τ)</param>
public sealed record CostChange(IReadOnlyCollection<string> Between, IReadOnlyCollection<string> And, double Tau);

/// <summary>
/// Scenarios beyond the book's, on a year of a gravity panel: the baseline costs are those of the book's first application
/// (PPML of X_ij on ln DIST, CNTG and INTL_BRDR with exporter and importer fixed effects, robust variance), and each
/// <see cref="CostChange"/> adds (1 − σ)·ln(1 + τ) to ln t^(1−σ) of the international flows between its groups, both ways
/// (<see cref="CostShocks.Between"/>). The shift is fixed, the covariates' coefficients are drawn, so Monte Carlo bands
/// carry the estimation uncertainty of the baseline costs.
/// </summary>
public static class CostScenario
{
    // The panel keeps the code Romania had before ISO 3166 changed it in 2002; the store and the reference use ROU.
    private static readonly Dictionary<string, string> PanelCodes = new(StringComparer.Ordinal) { ["ROU"] = "ROM" };

    /// <summary>The panel's code for an ISO 3166-1 alpha-3 code.</summary>
    public static string PanelCode(string iso3) => PanelCodes.GetValueOrDefault(iso3, iso3);

    /// <summary>The ISO 3166-1 alpha-3 code for a panel code.</summary>
    public static string IsoCode(string panelCode) => PanelCodes.FirstOrDefault(p => p.Value == panelCode).Key ?? panelCode;

    /// <summary>
    /// The scenario on <paramref name="year"/> of <paramref name="panel"/>. Countries the panel does not hold are left out
    /// of the groups (the caller says which, from <see cref="Missing"/>); a change whose groups keep no country in the panel
    /// changes nothing.
    /// </summary>
    public static GravityScenario Build(GravityPanel panel, int year, IReadOnlyList<CostChange> changes, double sigma)
    {
        var (cs, lnD, cntg, intl, fit, v) = Baselines.GetValue(panel, _ => new()).GetOrAdd(year, y => new(() => Baseline(panel, y))).Value;
        var n = cs.X.Length;
        var b = fit.Beta;
        var lnTb = Enumerable.Range(0, n).Select(r => lnD[r] * b[0] + cntg[r] * b[1] + intl[r] * b[2]).ToArray();
        var zero = new double[n];
        var shift = new double[n];
        foreach (var change in changes)
        {
            var (a, c) = (Present(cs, change.Between), Present(cs, change.And));
            if (a.Count > 0 && c.Count > 0)
            {
                shift = CostShocks.Between(cs, shift, a, c, change.Tau, sigma);
            }
        }

        var lnTc = lnTb.Zip(shift, (x, s) => x + s).ToArray();
        string[] names = ["ln_DIST", "CNTG", "INTL_BRDR"];
        return new GravityScenario(FormattableString.Invariant($"cost changes on {year}"), cs, lnTb, lnTc,
            [.. names.Select((nm, k) => new Coefficient(nm, b[k], Math.Sqrt(v[k, k])))],
            ChangeConvention.CounterfactualVsBaseline, n, fit.Iterations, fit.ScoreViolation)
        {
            Costs = new CostModel(b, v, "robust", zero, shift, [lnD, cntg, intl], [lnD, cntg, intl]),
        };
    }

    // The baseline fit depends only on the panel and the year, and takes most of a run's time: it is made once per year
    // and shared by every run after (read only: the shocks and draws make arrays of their own).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GravityPanel, System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<BaselineFit>>> Baselines = [];

    private sealed record BaselineFit(CrossSection Cs, double[] LnD, double[] Cntg, double[] Intl, PpmlFit Fit, double[,] Vcov);

    private static BaselineFit Baseline(GravityPanel panel, int year)
    {
        var rows = Enumerable.Range(0, panel.Count).Where(r => panel.Year[r] == year).ToArray();
        if (rows.Length == 0)
        {
            throw new ArgumentException(TradeText.Format("GravityNoYear", year), nameof(year));
        }

        var cs = new CrossSection(panel.Reorder(rows), AdvancedGuide.Reference);
        var lnD = cs.Rows.Column("dist").Select(d => Math.Log(d)).ToArray();
        var cntg = cs.Rows.Column("cntg");
        var intl = Enumerable.Range(0, cs.X.Length).Select(r => cs.International(r) ? 1.0 : 0.0).ToArray();
        var fit = Ppml.Fit(cs.X, [lnD, cntg, intl], new FixedEffects([cs.I, cs.J]));
        return new BaselineFit(cs, lnD, cntg, intl, fit, Ppml.Vcov(fit, cs.X));
    }

    /// <summary>The countries of <paramref name="countries"/> (ISO codes) that the panel's year does not hold.</summary>
    public static IReadOnlyList<string> Missing(GravityScenario scenario, IEnumerable<string> countries) =>
        [.. countries.Where(c => Array.IndexOf(scenario.CrossSection.Names, PanelCode(c)) < 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static List<string> Present(CrossSection cs, IEnumerable<string> countries) =>
        [.. countries.Select(PanelCode).Where(c => Array.IndexOf(cs.Names, c) >= 0).Distinct(StringComparer.Ordinal)];
}
