using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Lianbo.Bench;

/// <summary>One run of a step: wall and CPU seconds, peak resident memory (MiB) and the load average when it began.</summary>
internal sealed record Sample(double Seconds, double Cpu, double Peak, double Load);

/// <summary>
/// The runs of the trade benchmark's steps, Lianbo's and the references', by name, and the table made from them.
/// The two sides run in turn (Lianbo, reference, Lianbo, reference…), so a run of each sees about the same load; a
/// row's ratio is the median of the runs' own ratios (Lianbo ÷ reference, below 1: Lianbo faster), its times the
/// medians of each side's runs.
/// </summary>
internal sealed class TradeSamples
{
    private readonly Dictionary<string, List<Sample>> _ours = [];
    private readonly Dictionary<string, List<Sample>> _theirs = [];
    private readonly List<TableRow> _rows = [];

    private sealed record TableRow(string Step, Sample Ours, string? Tool, Sample? Theirs, double? Ratio, string Load);

    public void Add(string step, Sample sample) => Add(_ours, step, sample);

    public void AddReference(string step, Sample sample) => Add(_theirs, step, sample);

    private static void Add(Dictionary<string, List<Sample>> samples, string step, Sample sample) =>
        (samples.TryGetValue(step, out var list) ? list : samples[step] = []).Add(sample);

    /// <summary>
    /// A row: Lianbo's step <paramref name="ours"/> beside the sum of the reference's steps <paramref name="theirs"/>
    /// run for run (their largest peak); no reference steps, or none measured: Lianbo alone.
    /// </summary>
    public void Row(string step, string ours, string? tool, params string[] theirs)
    {
        var mine = _ours[ours];
        var known = theirs.Length > 0 && theirs.All(_theirs.ContainsKey);
        List<Sample>? reference = known
            ? [.. Enumerable.Range(0, theirs.Min(t => _theirs[t].Count)).Select(run => new Sample(
                theirs.Sum(t => _theirs[t][run].Seconds), theirs.Sum(t => _theirs[t][run].Cpu), theirs.Max(t => _theirs[t][run].Peak), _theirs[theirs[0]][run].Load))]
            : null;
        double? ratio = reference is null ? null : Measurement.Median(mine.Zip(reference, (o, t) => o.Seconds / t.Seconds));
        var loads = mine.Select(s => s.Load).Concat(reference?.Select(s => s.Load) ?? []).ToList();
        var load = string.Create(CultureInfo.InvariantCulture, $"{loads.Min():0.0}–{loads.Max():0.0}");
        _rows.Add(new TableRow(step, Median(mine), reference is null ? null : tool, reference is null ? null : Median(reference), ratio, load));
    }

    private static Sample Median(List<Sample> samples) => new(
        Measurement.Median(samples.Select(s => s.Seconds)), Measurement.Median(samples.Select(s => s.Cpu)),
        Measurement.Median(samples.Select(s => s.Peak)), Measurement.Median(samples.Select(s => s.Load)));

    public void Print(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine();
        Console.WriteLine("| step | Lianbo s | Lianbo CPU s | reference | reference s | reference CPU s | ratio | Lianbo peak MiB | reference peak MiB | load avg |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in _rows)
        {
            var t = r.Theirs;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Step} | {r.Ours.Seconds:0.000} | {r.Ours.Cpu:0.00} | {r.Tool ?? "—"} | {Number(t?.Seconds, "0.000")} | {Number(t?.Cpu, "0.00")} | {Number(r.Ratio, "0.000")} | {r.Ours.Peak:N0} | {Number(t?.Peak, "N0")} | {r.Load} |"));
        }
    }

    private static string Number(double? value, string format) => value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>Runs <paramref name="work"/> once and measures it (wall, this process's CPU with DuckDB's threads, peak).</summary>
    public static async Task<(T Value, Sample Sample)> MeasureAsync<T>(Func<Task<T>> work)
    {
        var load = Measurement.LoadAverage();
        Measurement.PeakRss(reset: true);
        var cpu = Measurement.ProcessCpuSeconds();
        var clock = Stopwatch.StartNew();
        var value = await work();
        var elapsed = clock.Elapsed.TotalSeconds;
        return (value, new Sample(elapsed, Measurement.ProcessCpuSeconds() - cpu, Measurement.PeakRss(reset: false), load));
    }

    public static (T Value, Sample Sample) Measure<T>(Func<T> work) => MeasureAsync(() => Task.FromResult(work())).GetAwaiter().GetResult();

    /// <summary>
    /// Runs a reference script once with <c>--timings</c> and adds each of its steps as "<paramref name="name"/>.step":
    /// the wall and CPU seconds the script measured around the step (time.perf_counter, time.process_time), the step's
    /// peak if it reports one, else its process's. Returns the versions it reports.
    /// </summary>
    public string RunReference(string script, string name, string[] args)
    {
        var load = Measurement.LoadAverage();
        var json = TradeBenchmark.Python(script, ["--timings", .. args], out var processPeak);
        foreach (var step in json.GetProperty("timings").EnumerateObject())
        {
            var peak = step.Value.TryGetProperty("peak_mb", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : processPeak;
            AddReference(name + "." + step.Name, new Sample(step.Value.GetProperty("seconds").GetDouble(), step.Value.GetProperty("cpu").GetDouble(), peak, load));
        }

        return json.GetProperty("versions").ToString();
    }
}
