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
        rows.Add(($"Monte Carlo bands, {draws} draws, exact GE 69 countries", monteCarlo, monteCarloPeak, "—", null));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Medians: Lianbo {runs} runs (GE {runs * 10}), reference {referenceRuns} runs."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Reference peak resident memory (whole Python process): {referencePeak:F0} MiB"));
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

    private static (double Seconds, double PeakMiB, T Value) Time<T>(int runs, Func<T> work)
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
