using System.CommandLine;
using System.Globalization;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Lianbo.Core.Reports;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo report build | mark | unmark | marks</c>: the annual report (<see cref="ReportBuildCommand"/>), and the
/// scenario runs a year's report shows (chapter 4), kept in the platform store as the page and the API keep them; the
/// command line acts as an organiser.
/// </summary>
internal static class ReportCommands
{
    public static Command Create(GlobalOptions global) =>
        new("report", CliText.Format("ReportDescription")) { ReportBuildCommand.Create(global), Mark(global), Unmark(global), Marks(global) };

    private static Command Mark(GlobalOptions global)
    {
        var (run, year) = (RunArgument(), YearOption());
        var mark = new Command("mark", CliText.Format("ReportMarkDescription")) { run, year };
        mark.SetAction(async (result, ct) =>
        {
            await using var db = await ScenarioCommands.OpenAsync(global, result, ct, TextWriter.Null);
            var outcome = await Store(db).MarkAsync(Viewer.CommandLine, result.GetValue(year), result.GetValue(run)!, ct);
            if (!await SaidAsync(result, outcome))
            {
                return CliApp.UserError;
            }

            await result.InvocationConfiguration.Output.WriteLineAsync(CliText.Format("ReportMarked", outcome.Value!.RunId, outcome.Value.Year, outcome.Value.Position));
            return 0;
        });
        return mark;
    }

    private static Command Unmark(GlobalOptions global)
    {
        var (run, year) = (RunArgument(), YearOption());
        var unmark = new Command("unmark", CliText.Format("ReportUnmarkDescription")) { run, year };
        unmark.SetAction(async (result, ct) =>
        {
            await using var db = await ScenarioCommands.OpenAsync(global, result, ct, TextWriter.Null);
            var outcome = await Store(db).UnmarkAsync(Viewer.CommandLine, result.GetValue(year), result.GetValue(run)!, ct);
            if (!await SaidAsync(result, outcome))
            {
                return CliApp.UserError;
            }

            await result.InvocationConfiguration.Output.WriteLineAsync(CliText.Format("ReportUnmarked", outcome.Value, result.GetValue(year)));
            return 0;
        });
        return unmark;
    }

    private static Command Marks(GlobalOptions global)
    {
        var year = YearOption();
        var marks = new Command("marks", CliText.Format("ReportMarksDescription")) { year };
        marks.SetAction(async (result, ct) =>
        {
            await using var db = await ScenarioCommands.OpenAsync(global, result, ct, TextWriter.Null);
            var output = result.InvocationConfiguration.Output;
            var list = await Store(db).MarksAsync(Viewer.CommandLine, result.GetValue(year), ct);
            if (list.Count == 0)
            {
                await output.WriteLineAsync(CliText.Format("ReportNoMarks", result.GetValue(year)));
                return 0;
            }

            var chinese = CultureInfo.CurrentUICulture.IsChinese();
            foreach (var m in list)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Position,3}  {m.RunId,-16}  {m.RanAt:yyyy-MM-dd HH:mm} UTC  {(chinese ? m.NameZh : m.NameEn)}"));
            }

            return 0;
        });
        return marks;
    }

    private static Argument<string> RunArgument() => new("run") { Description = CliText.Format("ReportRunArgument") };

    private static Option<int> YearOption() => new("--year") { Description = CliText.Format("ReportYearOption"), HelpName = "YEAR", Required = true };

    private static ReportStore Store(LianboDbContext db) => new(db, new AuditLog(db, TimeProvider.System), TimeProvider.System);

    // A refusal, said on the error stream: each field's problems, or the one sentence of not found and forbidden.
    private static async Task<bool> SaidAsync<T>(ParseResult result, Outcome<T> outcome)
    {
        var error = result.InvocationConfiguration.Error;
        if (outcome.IsValid)
        {
            return true;
        }

        foreach (var (field, messages) in outcome.Errors)
        {
            foreach (var message in messages)
            {
                await error.WriteLineAsync($"{field}: {message}");
            }
        }

        if (outcome.Detail is { } detail)
        {
            await error.WriteLineAsync(detail);
        }

        return false;
    }
}
