using System.CommandLine;
using System.Globalization;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Scheduling;
using Lianbo.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo schedule run | publish | export --edition N</c>: the batch meeting scheduler for an edition's accepted
/// meetings without a time, as the organiser's grid page runs it: a draft, then publishing it, then the files.
/// </summary>
internal static class ScheduleCommands
{
    public static Command Create(GlobalOptions global) =>
        new("schedule", CliText.Format("ScheduleDescription")) { Run(global), Publish(global), Export(global) };

    private static Option<int> EditionOption() =>
        new("--edition") { Description = CliText.Format("ScheduleEditionOption"), Required = true, HelpName = "N" };

    private static Command Run(GlobalOptions global)
    {
        var edition = EditionOption();
        var method = new Option<SolverMethod>("--method") { Description = CliText.Format("ScheduleMethodOption"), DefaultValueFactory = _ => SolverMethod.Auto };
        var command = new Command("run", CliText.Format("ScheduleRunDescription")) { edition, method };
        command.SetAction(async (result, ct) =>
        {
            await using var db = await GroupsCommands.OpenAsync(global, result, ct);
            if (await EditionAsync(db, result, result.GetValue(edition), ct) is not { } id)
            {
                return CliApp.UserError;
            }

            var outcome = await Schedules(db).RunDraftAsync(Viewer.CommandLine, id, result.GetValue(method), ct);
            var reasons = outcome.IsValid ? await ReasonsAsync(db, id, ct) : "";
            return GroupsCommands.Report(result, outcome, d => Describe(d) + reasons);
        });
        return command;
    }

    private static Command Publish(GlobalOptions global)
    {
        var edition = EditionOption();
        var command = new Command("publish", CliText.Format("SchedulePublishDescription")) { edition };
        command.SetAction(async (result, ct) =>
        {
            await using var db = await GroupsCommands.OpenAsync(global, result, ct);
            if (await EditionAsync(db, result, result.GetValue(edition), ct) is not { } id)
            {
                return CliApp.UserError;
            }

            var outcome = await Schedules(db).PublishAsync(Viewer.CommandLine, id, ct);
            return GroupsCommands.Report(result, outcome, d => CliText.Format("SchedulePublished", d.Placed, d.Unscheduled));
        });
        return command;
    }

    private static Command Export(GlobalOptions global)
    {
        var edition = EditionOption();
        var format = new Option<ExhibitorFileFormat>("--format") { Description = CliText.Format("ScheduleFormatOption"), DefaultValueFactory = _ => ExhibitorFileFormat.Csv };
        var draft = new Option<bool>("--draft") { Description = CliText.Format("ScheduleDraftOption") };
        var output = new Option<FileInfo>("--output", "-o") { Description = CliText.Format("ScheduleOutputOption"), Required = true, HelpName = "FILE" };
        var command = new Command("export", CliText.Format("ScheduleExportDescription")) { edition, format, draft, output };
        command.SetAction(async (result, ct) =>
        {
            await using var db = await GroupsCommands.OpenAsync(global, result, ct);
            if (await EditionAsync(db, result, result.GetValue(edition), ct) is not { } id)
            {
                return CliApp.UserError;
            }

            var outcome = await Schedules(db).ExportAsync(Viewer.CommandLine, id, result.GetValue(format), published: !result.GetValue(draft), ct);
            if (outcome.Value is { } file)
            {
                var path = result.GetValue(output)!.FullName;
                await File.WriteAllBytesAsync(path, file.Content, ct);
            }

            return GroupsCommands.Report(result, outcome, f => CliText.Format("ScheduleExported", result.GetValue(output)!.FullName));
        });
        return command;
    }

    private static MeetingSchedules Schedules(LianboDbContext db) => new(db, new AuditLog(db, TimeProvider.System), TimeProvider.System);

    private static async Task<Guid?> EditionAsync(LianboDbContext db, ParseResult result, int number, CancellationToken ct)
    {
        var id = await db.Editions.Where(e => e.Number == number).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        if (id is null)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("ScheduleNoEdition", number));
        }

        return id;
    }

    private static string Describe(ScheduleDraftDto d) =>
        CliText.Format("ScheduleDrafted", d.Placed, d.Unscheduled, d.Method, d.Weight, d.UpperBound, d.Gap.ToString("P2", CultureInfo.CurrentCulture),
            (d.ElapsedMs / 1000.0).ToString("F1", CultureInfo.CurrentCulture), d.Kept, d.Moved, d.Dropped);

    // The unscheduled meetings by reason, one line each.
    private static async Task<string> ReasonsAsync(LianboDbContext db, Guid edition, CancellationToken ct)
    {
        var reasons = await db.DraftEntries.Where(e => e.Reason != null && db.ScheduleDrafts.Any(d => d.Id == e.DraftId && d.EditionId == edition && d.Status == ScheduleDraftStatus.Draft))
            .GroupBy(e => e.Reason!).Select(g => new { Reason = g.Key, Count = g.Count() }).ToListAsync(ct);
        return string.Concat(reasons.OrderByDescending(r => r.Count).Select(r =>
            Environment.NewLine + string.Create(CultureInfo.CurrentCulture, $"  {r.Count,6:N0}  {Messages.Format("ScheduleReason" + r.Reason)}")));
    }
}
