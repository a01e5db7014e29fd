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
}
