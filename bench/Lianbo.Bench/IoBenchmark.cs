using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lianbo.Trade.InputOutput;

namespace Lianbo.Bench;

/// <summary>
/// The input–output core beside numpy (tests/…/InputOutput/reference/io_core.py, the script the tests compare values
/// with), in one run: on the shipped WIOD 2011 table (1,435 × 1,435), A, the Leontief inverse and both multipliers;
/// one cascade of each kind from the inverses already made (demand-driven, extraction, IIM); and the same inverse and
/// multipliers, plus the Ghosh inverse, on a generated table of <c>--countries</c> (100) × 35 = 3,500 rows (not real
/// data), with the Borin–Mancini decomposition, TiVA and upstreamness. Medians of <c>--runs</c>; numpy times its own
/// work after reading the files (interpreter start excluded). The decomposition has no numpy timing: the reference
/// script (io_va.py) solves each country's B⁽ˢ⁾ directly, another algorithm than Lianbo's, so the two are not the same work.
/// </summary>
internal static class IoBenchmark
{
    public static int Run(string[] args)
    {
        var runs = (int)Measurement.Argument(args, "--runs", 5L);
        var referenceRuns = (int)Measurement.Argument(args, "--reference-runs", 5L);
        var countries = (int)Measurement.Argument(args, "--countries", 100L);
        Console.WriteLine(Measurement.Machine());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load average at start: {Measurement.LoadAverage():F1}"));
        var table = WiodReader.Read(WiodReader.ShippedDirectory, 2011).Table;
        var row = table.Index("CHN", "c14");

        var (leontief, leontiefPeak, model) = Time(runs, () =>
        {
            var m = new IoModel(table);
            _ = m.OutputMultipliers();
            _ = m.ValueAddedMultipliers();
            return m;
        });
        var df = new double[table.N];
        df[row] = -1000;
        var (demand, _, _) = Time(runs * 10, () => model.DemandDriven(df));
        var (extraction, _, _) = Time(runs * 10, () => model.Extract(row));
        var (iim, _, _) = Time(runs * 10, () => model.Inoperability(row, 0.3, 60));
        // The Borin–Mancini decomposition with TiVA and upstreamness, from the Leontief inverse already made.
        var (decomposition, decompositionPeak, _) = Time(runs, () =>
        {
            var a = new IoAnalysis(model);
            _ = a.Decomposition;
            _ = a.Tiva;
            _ = a.Upstreamness;
            return a;
        });

        var generated = Generated(countries);
        var (large, largePeak, _) = Time(Math.Max(1, runs / 2), () =>
        {
            var m = new IoModel(generated);
            _ = m.OutputMultipliers();
            _ = m.ValueAddedMultipliers();
            return m;
        });
        var (largeAll, largeAllPeak, _) = Time(1, () =>
        {
            var m = new IoModel(generated);
            _ = m.OutputMultipliers();
            _ = m.ValueAddedMultipliers();
            _ = m.SupplyDriven(new double[generated.N]);
            _ = m.Extract(0);
            _ = m.Inoperability(0, 0.3);
            var a = new IoAnalysis(m);
            _ = a.Decomposition;
            _ = a.Tiva;
            _ = a.Upstreamness;
            return m;
        });

        JsonElement? wiod = null, big = null;
        if (referenceRuns > 0)
        {
            wiod = TradeBenchmark.Python("io_core.py", ["time", WiodReader.ShippedDirectory, "2011", referenceRuns.ToString(CultureInfo.InvariantCulture)], out _);
            big = TradeBenchmark.Python("io_core.py", ["time-generated", generated.N.ToString(CultureInfo.InvariantCulture), Math.Max(1, referenceRuns / 2).ToString(CultureInfo.InvariantCulture)], out _);
            Console.WriteLine($"Reference: {wiod.Value.GetProperty("versions")}");
        }

        double? Ref(JsonElement? json, string key) => json?.GetProperty(key).GetDouble();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Medians: Lianbo {runs} runs (cascades {runs * 10}), numpy {referenceRuns} runs."));
        Console.WriteLine("| step | Lianbo s | numpy s | ratio | Lianbo peak MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Line("WIOD 2011, 1,435 rows: A, L = (I − A)⁻¹, output and value-added multipliers", leontief, Ref(wiod, "leontief"), leontiefPeak);
        Line("WIOD 2011: demand-driven cascade Δx = L Δf (L made)", demand, Ref(wiod, "cascade"), double.NaN);
        Line("WIOD 2011: hypothetical extraction of CHN c14 (L made)", extraction, null, double.NaN);
        Line("WIOD 2011: IIM, 30% of CHN c14 for 60 days (L made)", iim, null, double.NaN);
        Line("WIOD 2011: Borin–Mancini decomposition of every country's exports, TiVA, upstreamness (L made)", decomposition, null, decompositionPeak);
        Line($"generated, {generated.N:N0} rows: A, L, output and value-added multipliers", large, Ref(big, "leontief"), largePeak);
        Line($"generated, {generated.N:N0} rows: everything (L, G, multipliers, one cascade of each kind, decomposition, TiVA, upstreamness)", largeAll, null, largeAllPeak);
        return 0;
    }

    private static void Line(string step, double seconds, double? reference, double peak) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {step} | {seconds:F4} | {(reference is { } r ? r.ToString("F4", CultureInfo.InvariantCulture) : "—")} | {(reference is { } s ? (seconds / s).ToString("F2", CultureInfo.InvariantCulture) : "—")} | {(double.IsNaN(peak) ? "—" : peak.ToString("F0", CultureInfo.InvariantCulture))} |"));

    // Not real data: countries × 35 sectors, random flows summing to half of each column's output, final demand the rest.
    private static IoTable Generated(int countries)
    {
        var random = new Random(1);
        var names = Enumerable.Range(0, countries).Select(k => $"G{k:D3}").ToArray();
        var sectors = Enumerable.Range(1, 35).Select(k => $"c{k}").ToArray();
        var n = countries * 35;
        var x = Enumerable.Range(0, n).Select(_ => 1e3 + random.NextDouble() * 99e3).ToArray();
        var z = new double[n * n];
        var columnSums = new double[n];
        for (var k = 0; k < z.Length; k++)
        {
            z[k] = random.NextDouble();
            columnSums[k % n] += z[k];
        }

        for (var k = 0; k < z.Length; k++)
        {
            z[k] *= 0.5 * x[k % n] / columnSums[k % n];
        }

        var fd = new double[n * countries];
        for (var i = 0; i < n; i++)
        {
            var rowSum = 0.0;
            for (var j = 0; j < n; j++)
            {
                rowSum += z[i * n + j];
            }

            fd[i * countries + i / 35] = x[i] - rowSum;
        }

        return IoTable.Create("generated", "bench", 0, names, sectors, z, fd, x);
    }

    private static (double Seconds, double PeakMiB, T Value) Time<T>(int runs, Func<T> work) => GravityBenchmark.Time(runs, work);
}
