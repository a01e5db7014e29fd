using Lianbo.Core.Scenarios;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Tests.Commands;

public sealed class ReportCommandsTests
{
    [Fact]
    public async Task Mark_unmark_and_marks_keep_a_years_scenario_runs_in_the_order_marked()
    {
        await using var store = await CliStore.CreateAsync();
        var empty = await store.RunAsync("report", "marks", "--year", "2025");
        // Two runs of a preset, as `scenario run` or the page would keep them (the command above loaded the presets).
        await using (var db = store.Open())
        {
            var definition = await db.Scenarios.Where(s => s.Id == "rare-earth-export-ban").Select(s => s.Definition).SingleAsync(TestContext.Current.CancellationToken);
            foreach (var id in new[] { "run-aaaaaaaaaaaa", "run-bbbbbbbbbbbb" })
            {
                db.ScenarioRuns.Add(new ScenarioRun { Id = id, ScenarioId = "rare-earth-export-ban", Version = "1", Definition = definition, Result = "{}", CreatedAt = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero) });
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var first = await store.RunAsync("report", "mark", "run-bbbbbbbbbbbb", "--year", "2025");
        var second = await store.RunAsync("report", "mark", "run-aaaaaaaaaaaa", "--year", "2025");
        var listed = await store.RunAsync("report", "marks", "--year", "2025");
        var chinese = await store.RunInCultureAsync("zh-Hans", "report", "marks", "--year", "2025");
        var unknown = await store.RunAsync("report", "mark", "no-such-run", "--year", "2025");
        var badYear = await store.RunInCultureAsync("zh-Hans", "report", "mark", "run-aaaaaaaaaaaa", "--year", "1800");
        var noYear = await store.RunAsync("report", "mark", "run-aaaaaaaaaaaa");
        var unmarked = await store.RunAsync("report", "unmark", "run-bbbbbbbbbbbb", "--year", "2025");
        var unmarkedAgain = await store.RunAsync("report", "unmark", "run-bbbbbbbbbbbb", "--year", "2025");
        var after = await store.RunAsync("report", "marks", "--year", "2025");

        Assert.Equal(0, empty.ExitCode);
        Assert.Contains("No scenario run is marked for the 2025 report", empty.Out, StringComparison.Ordinal);
        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("(position 1)", first.Out, StringComparison.Ordinal);
        Assert.Contains("(position 2)", second.Out, StringComparison.Ordinal);
        var lines = listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("1  run-bbbbbbbbbbbb", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("2  run-aaaaaaaaaaaa", lines[1], StringComparison.Ordinal);
        Assert.Contains("稀土", chinese.Out, StringComparison.Ordinal);
        Assert.Equal(CliApp.UserError, unknown.ExitCode);
        Assert.Contains("no-such-run", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(CliApp.UserError, badYear.ExitCode);
        Assert.Contains("年份", badYear.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, noYear.ExitCode);
        Assert.Equal(0, unmarked.ExitCode);
        Assert.Contains("taken out of the 2025 report", unmarked.Out, StringComparison.Ordinal);
        Assert.Equal(CliApp.UserError, unmarkedAgain.ExitCode);
        Assert.StartsWith("1  run-aaaaaaaaaaaa", after.Out.Trim(), StringComparison.Ordinal);
        Assert.Single(after.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Report_build_writes_the_report_of_the_demo_edition_in_each_language_and_refuses_a_bad_option_naming_it()
    {
        await using var store = await CliStore.CreateAsync();
        Assert.Equal(0, (await store.RunAsync("demo", "load")).ExitCode);
        var html = Path.Combine(store.DataDirectory, "report-zh.html");
        var zh = await store.RunInCultureAsync("zh-Hans", "report", "build", "--year", "2024", "--edition", "2", "--lang", "zh", "--format", "html", "--out", html);
        var badLang = await store.RunAsync("report", "build", "--year", "2024", "--lang", "fr", "--out", html);
        var badLangZh = await store.RunInCultureAsync("zh-Hans", "report", "build", "--year", "2024", "--lang", "fr", "--out", html);
        var badFormat = await store.RunAsync("report", "build", "--year", "2024", "--format", "docx", "--out", html);
        var noEdition = await store.RunAsync("report", "build", "--year", "2024", "--edition", "9", "--out", html);

        Assert.True(zh.ExitCode == 0, zh.Error);
        Assert.Contains("report-zh.html", zh.Out, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken);
        Assert.StartsWith("<!doctype html>", text, StringComparison.Ordinal);
        Assert.Contains("全球供应链促进报告（2024）", text, StringComparison.Ordinal);
        Assert.Contains("1,520亿元", text, StringComparison.Ordinal);
        // The store has the demo but no open data, trade or input–output table: the chapters say what to load.
        Assert.Contains("lianbo data load open", text, StringComparison.Ordinal);
        Assert.Equal(CliApp.UserError, badLang.ExitCode);
        Assert.Contains("\"fr\"", badLang.Error, StringComparison.Ordinal);
        Assert.Contains("zh or en", badLang.Error, StringComparison.Ordinal);
        Assert.Contains("未知的报告语言", badLangZh.Error, StringComparison.Ordinal);
        Assert.Equal(CliApp.UserError, badFormat.ExitCode);
        Assert.Contains("html or pdf", badFormat.Error, StringComparison.Ordinal);
        Assert.Equal(CliApp.UserError, noEdition.ExitCode);
        Assert.Contains("edition 9", noEdition.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_build_prints_a_PDF_with_Chromium()
    {
        var chromium = Environment.GetEnvironmentVariable("LIANBO_TEST_BROWSER") ?? "/usr/bin/chromium";
        Assert.SkipUnless(File.Exists(chromium), $"PDF reports need Debian's Chromium at {chromium}; the README's test command installs it.");
        await using var store = await CliStore.CreateAsync();
        var pdf = Path.Combine(store.DataDirectory, "report-en.pdf");
        var built = await store.RunAsync("report", "build", "--set", "Lianbo:Reports:Browser=" + chromium, "--year", "2024", "--lang", "en", "--format", "pdf", "--out", pdf);
        Assert.True(built.ExitCode == 0, built.Error);
        var bytes = await File.ReadAllBytesAsync(pdf, TestContext.Current.CancellationToken);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
    }
}
