using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using DuckDB.NET.Data;

namespace Lianbo.Bench;

/// <summary>What the benchmarks share: medians, peak resident memory, options and the machine line.</summary>
internal static class Measurement
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The value below which <paramref name="p"/> of the values lie (nearest rank), e.g. 0.95 for p95.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    // Linux: VmHWM is the peak resident set; writing 5 to clear_refs starts it again from the current size.
    public static double PeakRss(bool reset)
    {
        if (reset)
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }

        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>CPU time of the whole process to the nanosecond (Linux CLOCK_PROCESS_CPUTIME_ID), in milliseconds.</summary>
    public static double ProcessCpuMilliseconds()
    {
        ClockGetTime(2, out var time);
        return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
    }

    /// <summary>CPU time of the whole process (all threads, garbage collection included), in seconds.</summary>
    public static double ProcessCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>The machine's load average over the last minute (runnable processes; above the core count, work waits for a core).</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static long Argument(string[] args, string name, long fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? long.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string? Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version()";
        return string.Create(CultureInfo.InvariantCulture,
            $"Machine: {Environment.ProcessorCount} cores ({cpu}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:N0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, DuckDB {command.ExecuteScalar()}");
    }
}
