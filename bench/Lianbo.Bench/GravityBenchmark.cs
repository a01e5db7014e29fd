using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lianbo.Trade.Gravity;

namespace Lianbo.Bench;

/// <summary>
/// The structural-gravity engine beside its numpy/scipy reference (tests/…/Gravity/reference/gravity_reference.py, the
/// script the tests compare values with), in one run on the shipped Advanced Guide panel:
/// <list type="bullet">
/// <item>PPML with exporter-year, importer-year and pair fixed effects on the NAFTA stage-1 sample (28,482 rows);</item>
/// <item>the full GE counterfactual for 69 countries ("trade without borders", 2006): baseline and conditional
/// fixed-effect fits plus the exact solution, and the book's iterative procedure;</item>
/// <item>the exact GE for 200 generated countries (not real data; two blocs, trade costs between them up 20%);</item>
/// <item>Monte Carlo bands: <c>--draws</c> (500) draws of the coefficients, each an exact GE (no reference).</item>
/// </list>
/// <c>--results</c> also prints the estimates and selected countries' changes in every mode (the docs' comparison table).
/// Times are medians of the runs, each side timing its own work after the CSV is read (the reference inside Python,
/// interpreter start excluded); the ratio is Lianbo ÷ reference. Peak memory is Lianbo's step high-water mark.
/// </summary>
internal static class GravityBenchmark
{
    public static int Run(string[] args)
    {
        var runs = (int)Measurement.Argument(args, "--runs", 5L);
        var referenceRuns = (int)Measurement.Argument(args, "--reference-runs", 3L);
        Console.WriteLine(Measurement.Machine());
        var panel = GravityPanel.Load(GravityPanel.ShippedPath);
        var (_, sample, _, effects) = AdvancedGuide.NaftaSample(panel);
        var y = sample.Column("trade");
        var rta = sample.Column("rta");
        var app1 = AdvancedGuide.TradeWithoutBorders(panel);

        if (args.Contains("--results"))
        {
            PrintResults(app1, AdvancedGuide.Nafta(panel));
        }

        var rows = new List<(string Step, double Lianbo, double Peak, string Ref, double? Reference)>();
        var (ppml, ppmlPeak, fit) = Time(runs, () => Ppml.Fit(y, [rta], effects));
        var (exact, exactPeak, _) = Time(runs * 10, () => app1.Solve(new GeOptions(Mode: GeMode.Exact)));
        var (book, bookPeak, _) = Time(runs * 10, () => app1.Solve(new GeOptions(Mode: GeMode.BookProcedure)));
        var (largeCs, lnTb200, lnTc200) = Generated(200, seed: 1);
        var (ge200, ge200Peak, ge200Result) = Time(runs, () => GeneralEquilibrium.Solve(largeCs, lnTb200, lnTc200, new GeOptions(Mode: GeMode.Exact)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GE 200 generated countries: residual {ge200Result.Residual:E1}"));
        var draws = (int)Measurement.Argument(args, "--draws", 500L);
        var (monteCarlo, monteCarloPeak, _) = Time(1, () => MonteCarlo.Bands(app1, new GeOptions(Mode: GeMode.Exact), draws));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PPML 3 FE sets: N = {sample.Count:N0}, RTA = {fit.Beta[0]:F7}, {fit.Iterations} IRLS iterations, score violation {fit.ScoreViolation:E1}"));

        JsonElement? reference = null;
        var referencePeak = double.NaN;
        if (referenceRuns > 0)
        {
            reference = TradeBenchmark.Python("gravity_reference.py", ["time", GravityPanel.ShippedPath, referenceRuns.ToString(CultureInfo.InvariantCulture)], out referencePeak);
            Console.WriteLine($"Reference: {reference.Value.GetProperty("versions")}");
        }

        double? Ref(string key) => reference?.GetProperty(key).GetDouble();
        rows.Add(("PPML, exporter-year + importer-year + pair FE (28,482 rows)", ppml, ppmlPeak, "numpy IRLS + alternating projections", Ref("ppml_3fe")));
        rows.Add(("GE 69 countries, exact (baseline + conditional + full)", exact, exactPeak, "numpy + scipy hybr", Ref("ge_exact_69")));
        rows.Add(("GE 69 countries, book's procedure (5 rounds)", book, bookPeak, "numpy", Ref("ge_book_69")));
        rows.Add(("GE 200 countries (generated), exact, 20% cost rise between two blocs", ge200, ge200Peak, "—", null));
        rows.Add(($"Monte Carlo bands, {draws} draws, exact GE 69 countries", monteCarlo, monteCarloPeak, "—", null));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Medians: Lianbo {runs} runs (GE {runs * 10}), reference {referenceRuns} runs."));
        if (reference is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Reference peak resident memory (whole Python process): {referencePeak:F0} MiB"));
        }

        Console.WriteLine("| step | Lianbo s | reference | reference s | ratio | Lianbo peak MiB |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|");
        foreach (var (step, lianbo, peak, name, refSeconds) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {step} | {lianbo:F4} | {name} | {(refSeconds is { } r ? r.ToString("F4", CultureInfo.InvariantCulture) : "—")} | {(refSeconds is { } s ? (lianbo / s).ToString("F3", CultureInfo.InvariantCulture) : "—")} | {peak:F0} |"));
        }

        return 0;
    }

    // The figures docs/methods-scenarios.md compares with the book: estimates and selected countries in every mode.
    private static void PrintResults(GravityScenario app1, GravityScenario nafta)
    {
        foreach (var (scenario, countries) in new[] { (app1, new[] { "CAN", "CHN", "DEU", "JPN", "MEX", "NER", "USA" }), (nafta, new[] { "CAN", "MEX", "USA" }) })
        {
            Console.WriteLine($"== {scenario.Name}: N = {scenario.Observations}, PPML iterations {scenario.PpmlIterations}, score violation {scenario.ScoreViolation:E1}");
            foreach (var e in scenario.Estimates)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {e.Name,-16} {e.Estimate,12:F7}  robust SE {e.RobustSe:F7}  clustered SE {e.ClusteredSe:F7}"));
            }

            GeOptions[] modes = [new(Mode: GeMode.BookProcedure), new(Mode: GeMode.BookProcedure, BookStop: scenario == app1 ? 1e-5 : 1e-3), new(Mode: GeMode.Exact), new(Mode: GeMode.Exact, Deficits: DeficitRule.Level)];
            foreach (var mode in modes)
            {
                var result = scenario.Solve(mode);
                var changes = result.Changes(scenario.Convention);
                Console.WriteLine($"  {result.Method}: rounds/iterations {result.Rounds}, residual {result.Residual:E1}");
                foreach (var round in result.Log.Take(6))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     round {round.Round}: mean {round.Mean:F7} sd {round.Sd:F7} min {round.Min:F7} max {round.Max:F7}"));
                }

                Console.WriteLine("     cty  " + string.Join(" ", changes.Keys.Select(k => $"{k,12}")));
                foreach (var c in countries)
                {
                    var at = Array.IndexOf(result.Countries, c);
                    Console.WriteLine($"     {c}  " + string.Join(" ", changes.Values.Select(v => v[at].ToString("F4", CultureInfo.InvariantCulture).PadLeft(12))));
                }
            }
        }
    }

    // A generated cross-section (not real data) of n countries, one of them named DEU (the numeraire): output lognormal,
    // random distances, flows from a gravity equation with an international border; the counterfactual raises trade costs
    // by 20% between the first and the second half of the countries ("two blocs"), with σ = 7.
    private static (CrossSection Cs, double[] LnTb, double[] LnTc) Generated(int n, int seed)
    {
        var random = new Random(seed);
        var names = Enumerable.Range(0, n).Select(k => k == 0 ? "DEU" : $"G{k:D3}").ToArray();
        var size = names.Select(_ => Math.Exp(random.NextDouble() * 6)).ToArray();
        var (x, y) = (names.Select(_ => random.NextDouble() * 100).ToArray(), names.Select(_ => random.NextDouble() * 100).ToArray());
        var path = Path.Combine(Path.GetTempPath(), $"lianbo-gravity-generated-{n}-{seed}-{Environment.ProcessId}.csv");
        var lnTb = new List<double>();
        var lnTc = new List<double>();
        using (var writer = new StreamWriter(path))
        {
            writer.WriteLine("exporter,importer,pair_id,year,trade,dist");
            var rows = new List<(string I, string J, double Trade, double Dist, double LnTb, double LnTc)>();
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    var dist = i == j ? 1.0 : 1 + Math.Sqrt(Math.Pow(x[i] - x[j], 2) + Math.Pow(y[i] - y[j], 2));
                    var ln = -0.8 * Math.Log(dist) - (i == j ? 0 : 2.5);
                    var blocs = i < n / 2 != j < n / 2;
                    rows.Add((names[i], names[j], size[i] * size[j] * Math.Exp(ln) * Math.Exp(random.NextDouble() - 0.5), dist, ln, ln + (blocs ? -6 * Math.Log(1.2) : 0)));
                }
            }

            foreach (var r in rows.OrderBy(r => r.I, StringComparer.Ordinal).ThenBy(r => r.J, StringComparer.Ordinal))
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.I},{r.J},0,2000,{r.Trade:R},{r.Dist:R}"));
                lnTb.Add(r.LnTb);
                lnTc.Add(r.LnTc);
            }
        }

        try
        {
            return (new CrossSection(GravityPanel.Load(path)), [.. lnTb], [.. lnTc]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Median of the runs after one untimed warm-up, and the peak resident memory over them (also used by IoBenchmark).
    internal static (double Seconds, double PeakMiB, T Value) Time<T>(int runs, Func<T> work)
    {
        var value = work(); // warm-up (JIT), not timed
        var times = new List<double>();
        Measurement.PeakRss(reset: true);
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            value = work();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        return (Measurement.Median(times), Measurement.PeakRss(reset: false), value);
    }
}
