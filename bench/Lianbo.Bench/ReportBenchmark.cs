using System.Diagnostics;
using System.Globalization;
using Lianbo.Web;
using Lianbo.Web.Platform;
using Lianbo.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Bench;

/// <summary>
/// The annual report on a fresh install's stores (the demo editions, the shipped open data with both indices and the
/// WIOD 2011 table, as `lianbo serve` loads them on a first start): each language built as HTML and as PDF, medians of
/// interleaved runs. Beside it, the same HTML printed once by Chromium's own command line (<c>--print-to-pdf</c>): the
/// print Lianbo does twice (a first pass for the contents' page numbers) plus its browser start, done once without them.
/// Target: ≤ 60 s for each report.
/// </summary>
internal static class ReportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = (int)Measurement.Argument(args, "--runs", 3);
        var chromium = Environment.GetEnvironmentVariable("LIANBO_TEST_BROWSER") ?? "/usr/bin/chromium";
        var directory = Directory.CreateTempSubdirectory("lianbo-report-bench-");
        try
        {
            var setup = Stopwatch.StartNew();
            await using var app = LianboWebApp.Build([$"--Lianbo:DataDirectory={directory.FullName}", "--Lianbo:LoadDemoOnFreshStore=true",
                "--Lianbo:LoadOpenData=true", $"--Lianbo:Reports:Browser={chromium}", "--Logging:LogLevel:Default=Warning"]);
            await app.Services.InitialiseStoresAsync();
            Console.WriteLine($"Fresh install (demo, open data, WIOD 2011) prepared in {setup.Elapsed.TotalSeconds:0.0} s; {Measurement.Machine()}");
            var builder = app.Services.GetRequiredService<IReportBuilder>();
            var times = new Dictionary<string, List<double>>();
            var references = new Dictionary<string, List<double>>();
            var sizes = new Dictionary<string, int>();
            for (var run = 0; run < runs; run++)
            {
                foreach (var lang in ReportBuilder.Languages)
                {
                    foreach (var format in new[] { ReportFormat.Html, ReportFormat.Pdf })
                    {
                        var key = $"{lang} {format.ToString().ToLowerInvariant()}";
                        var clock = Stopwatch.StartNew();
                        var output = await builder.BuildAsync(new ReportRequest(2024, 2, lang, format), new Progress<ReportProgress>(), CancellationToken.None);
                        (times.TryGetValue(key, out var list) ? list : times[key] = []).Add(clock.Elapsed.TotalSeconds);
                        sizes[key] = (output.Pdf ?? output.Html).Length;
                        if (format == ReportFormat.Pdf)
                        {
                            var html = Path.Combine(directory.FullName, $"report-{lang}.html");
                            await File.WriteAllBytesAsync(html, output.Html);
                            (references.TryGetValue(lang, out var r) ? r : references[lang] = []).Add(await PrintAsync(chromium, html, Path.ChangeExtension(html, ".pdf")));
                        }
                    }
                }
            }

            Console.WriteLine($"{"report",-10} {"Lianbo (median s)",18} {"size",10} {"chromium --print-to-pdf once (s)",34}");
            foreach (var (key, list) in times)
            {
                var lang = key.Split(' ')[0];
                var reference = key.EndsWith("pdf", StringComparison.Ordinal) ? Measurement.Median(references[lang]).ToString("0.00", CultureInfo.InvariantCulture) : "—";
                Console.WriteLine($"{key,-10} {Measurement.Median(list),18:0.00} {sizes[key] / 1024.0,8:N0} KB {reference,34}");
            }

            Console.WriteLine($"{runs} interleaved runs each; load average {Measurement.LoadAverage():0.00}; target ≤ 60 s for each report.");
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<double> PrintAsync(string chromium, string html, string pdf)
    {
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(html).AbsoluteUri])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return clock.Elapsed.TotalSeconds;
    }
}
