using System.Security.Cryptography;
using System.Text;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Reports;
using Lianbo.Core.Scenarios;
using Lianbo.Core.Tests.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Lianbo.Core.Tests.Reports;

public class ReportStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Viewer Analyst = Of("analyst-1", Roles.Analyst);
    private static readonly Viewer OtherAnalyst = Of("analyst-2", Roles.Analyst);
    private static readonly Viewer Organiser = Of("organiser-1", Roles.Organiser);
    private static readonly Viewer Participant = new("participant-1", Guid.NewGuid(), true, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });

    private static Viewer Of(string id, string role) => new(id, null, false, new HashSet<string>(StringComparer.Ordinal) { role });

    private sealed record World(TestStore Store, LianboDbContext Db, ReportStore Reports, FakeTimeProvider Clock) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            await Store.DisposeAsync();
        }
    }

    private static async Task<World> CreateAsync(string provider)
    {
        var store = await TestStore.CreateAsync(provider);
        var db = await store.MigratedContextAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));
        return new World(store, db, new ReportStore(db, new AuditLog(db, clock), clock), clock);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_build_request_is_checked_in_full_and_nothing_is_stored_when_a_check_fails(string provider)
    {
        await using var w = await CreateAsync(provider);
        w.Db.Editions.Add(new Edition
        {
            Id = Guid.NewGuid(), Number = 2, NameZh = "第二届", NameEn = "2nd", ThemeZh = "主题", ThemeEn = "Theme",
            StartsOn = new DateOnly(2024, 11, 26), EndsOn = new DateOnly(2024, 11, 30), CityZh = "北京", CityEn = "Beijing", VenueZh = "会场", VenueEn = "Venue",
        });
        await w.Db.SaveChangesAsync(Ct);

        var bad = await w.Reports.QueueAsync(Analyst, 1800, 99, "fr", "doc", Ct);
        var noYear = await w.Reports.QueueAsync(Analyst, null, null, "zh", "pdf", Ct);
        var byParticipant = await w.Reports.QueueAsync(Participant, 2024, 2, "zh", "pdf", Ct);
        var rowsAfterRefusals = await w.Db.BuiltReports.CountAsync(Ct);
        var queued = await w.Reports.QueueAsync(Analyst, 2024, 2, "ZH", "Pdf", Ct);

        Assert.Equal(OutcomeKind.Invalid, bad.Kind);
        Assert.Equal(["edition", "format", "lang", "year"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("1990", bad.Errors["year"][0], StringComparison.Ordinal);
        Assert.Contains("fr", bad.Errors["lang"][0], StringComparison.Ordinal);
        Assert.Contains("doc", bad.Errors["format"][0], StringComparison.Ordinal);
        Assert.Contains("99", bad.Errors["edition"][0], StringComparison.Ordinal);
        Assert.Equal(["year"], noYear.Errors.Keys);
        Assert.Equal(OutcomeKind.Forbidden, byParticipant.Kind);
        Assert.Equal(0, rowsAfterRefusals);
        Assert.True(queued.IsValid);
        var row = await w.Db.BuiltReports.AsNoTracking().SingleAsync(Ct);
        Assert.Equal((2024, (int?)2, "zh", "pdf", BuiltReportStatus.Queued, 0, ReportStore.QueuedStep, "analyst-1"),
            (row.Year, row.Edition, row.Lang, row.Format, row.Status, row.Progress, row.StepKey, row.CreatedBy));
        Assert.Equal(["reports.build"], await w.Db.AuditEntries.Where(e => e.EntityId == row.Id.ToString()).Select(e => e.Action).ToListAsync(Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_build_runs_to_done_with_its_files_and_only_its_owner_or_an_organiser_removes_it(string provider)
    {
        await using var w = await CreateAsync(provider);
        var first = (await w.Reports.QueueAsync(Analyst, 2024, null, "zh", "pdf", Ct)).Value!;
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = (await w.Reports.QueueAsync(OtherAnalyst, 2025, null, "en", "html", Ct)).Value!;
        byte[] html = Encoding.UTF8.GetBytes("<!doctype html><title>2024</title>"), pdf = Encoding.ASCII.GetBytes("%PDF-1.7 not really");

        var started = await w.Reports.StartAsync(first.Id, Ct);
        var startedAgain = await w.Reports.StartAsync(first.Id, Ct);
        await w.Reports.ProgressAsync(first.Id, 40, "Report.Step.Chains", Ct);
        await w.Reports.ProgressAsync(first.Id, 10, "Report.Step.Indices", Ct);
        var midway = await w.Reports.GetAsync(first.Id, Ct);
        var completed = await w.Reports.CompleteAsync(first.Id, html, pdf, Ct);
        var done = await w.Reports.GetAsync(first.Id, Ct);
        var list = await w.Reports.ListAsync(1, 10, Ct);
        var main = await w.Reports.FileAsync(first.Id, null, Ct);
        var preview = await w.Reports.FileAsync(first.Id, "html", Ct);
        var unbuilt = await w.Reports.FileAsync(second.Id, null, Ct);
        var removedByOther = await w.Reports.DeleteAsync(OtherAnalyst, first.Id, Ct);
        var removedByParticipant = await w.Reports.DeleteAsync(Participant, first.Id, Ct);
        var removed = await w.Reports.DeleteAsync(Organiser, first.Id, Ct);
        var removedAgain = await w.Reports.DeleteAsync(Organiser, first.Id, Ct);

        Assert.Equal(BuiltReportStatus.Running, started!.Status);
        Assert.Null(startedAgain);
        Assert.Equal((40, "Report.Step.Chains"), (midway!.Progress, midway.StepKey));
        Assert.True(completed);
        Assert.Equal((BuiltReportStatus.Done, 100, ReportStore.DoneStep, (long?)pdf.Length), (done!.Status, done.Progress, done.StepKey, done.Bytes));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), done.Sha256);
        Assert.Equal(w.Clock.GetUtcNow(), done.FinishedAt);
        Assert.Equal("lianbo-report-2024-zh.pdf", done.FileName("pdf"));
        Assert.Equal([second.Id, first.Id], list.Items.Select(r => r.Id));
        Assert.Equal(2, list.Total);
        Assert.Equal("pdf", main!.Kind);
        Assert.Equal(pdf, main.Content);
        Assert.Equal(html, preview!.Content);
        Assert.Null(unbuilt);
        Assert.Equal(OutcomeKind.Forbidden, removedByOther.Kind);
        Assert.Equal(OutcomeKind.Forbidden, removedByParticipant.Kind);
        Assert.True(removed.IsValid);
        Assert.Equal(OutcomeKind.NotFound, removedAgain.Kind);
        Assert.False(await w.Db.BuiltReportFiles.AnyAsync(Ct));
        Assert.Equal(["reports.build", "reports.delete"], await w.Db.AuditEntries.Where(e => e.EntityId == first.Id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_failure_keeps_its_error_and_builds_a_stopped_server_left_fail_at_start_up(string provider)
    {
        await using var w = await CreateAsync(provider);
        var failing = (await w.Reports.QueueAsync(Analyst, 2024, null, "zh", "pdf", Ct)).Value!;
        var running = (await w.Reports.QueueAsync(Analyst, 2024, null, "en", "pdf", Ct)).Value!;
        var waiting = (await w.Reports.QueueAsync(Analyst, 2024, null, "en", "html", Ct)).Value!;
        var finished = (await w.Reports.QueueAsync(Analyst, 2024, null, "zh", "html", Ct)).Value!;
        await w.Reports.StartAsync(failing.Id, Ct);
        await w.Reports.StartAsync(running.Id, Ct);
        await w.Reports.StartAsync(finished.Id, Ct);
        await w.Reports.CompleteAsync(finished.Id, [1, 2, 3], null, Ct);

        await w.Reports.FailAsync(failing.Id, "Chromium could not start", Ct);
        var interrupted = await w.Reports.FailInterruptedAsync(Ct);
        var completedLate = await w.Reports.CompleteAsync(running.Id, [1], null, Ct);

        var rows = (await w.Reports.ListAsync(1, 10, Ct)).Items.ToDictionary(r => r.Id);
        Assert.Equal((BuiltReportStatus.Failed, "Chromium could not start"), (rows[failing.Id].Status, rows[failing.Id].Error));
        Assert.Equal(2, interrupted);
        Assert.All(new[] { rows[running.Id], rows[waiting.Id] }, r => Assert.Equal((BuiltReportStatus.Failed, ReportStore.InterruptedStep), (r.Status, r.StepKey)));
        Assert.Equal(BuiltReportStatus.Done, rows[finished.Id].Status);
        Assert.False(completedLate);
        Assert.Null(await w.Reports.FileAsync(running.Id, null, Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Only_runs_everyone_may_see_are_marked_in_the_order_marked_and_a_removed_run_takes_its_mark(string provider)
    {
        await using var w = await CreateAsync(provider);
        var (db, reports, clock) = (w.Db, w.Reports, w.Clock);
        AddScenario(db, "published", owner: "analyst-1", published: true);
        AddScenario(db, "private", owner: "analyst-1", published: false);
        db.ScenarioRuns.AddRange(Run("run-published", "published"), Run("run-private", "private"), Run("run-unsaved", null));
        await db.SaveChangesAsync(Ct);

        var first = await reports.MarkAsync(OtherAnalyst, 2025, "run-published", Ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await reports.MarkAsync(Analyst, 2025, "run-unsaved", Ct);
        var again = await reports.MarkAsync(Analyst, 2025, "run-published", Ct);
        var unpublished = await reports.MarkAsync(Analyst, 2025, "run-private", Ct);
        var unseen = await reports.MarkAsync(OtherAnalyst, 2025, "run-private", Ct);
        var unknown = await reports.MarkAsync(Analyst, 2025, "no-such-run", Ct);
        var byParticipant = await reports.MarkAsync(Participant, 2025, "run-published", Ct);
        var badYear = await reports.MarkAsync(Analyst, 1800, "run-published", Ct);
        var otherYear = await reports.MarkAsync(Analyst, 2024, "run-published", Ct);
        var marks = await reports.MarksAsync(null, 2025, Ct);
        var years = await reports.MarkedYearsAsync("run-published", Ct);
        var unmarked = await reports.UnmarkAsync(Organiser, 2025, "run-published", Ct);
        var unmarkedAgain = await reports.UnmarkAsync(Organiser, 2025, "run-published", Ct);
        var unmarkedByParticipant = await reports.UnmarkAsync(Participant, 2025, "run-unsaved", Ct);
        db.ScenarioRuns.Remove(await db.ScenarioRuns.SingleAsync(r => r.Id == "run-unsaved", Ct));
        await db.SaveChangesAsync(Ct);

        Assert.Equal((1, "analyst-2"), (first.Value!.Position, first.Value.MarkedBy));
        Assert.Equal(2, second.Value!.Position);
        Assert.Equal((1, "analyst-2"), (again.Value!.Position, again.Value.MarkedBy));
        Assert.Equal(["runId"], unpublished.Errors.Keys);
        Assert.Equal(OutcomeKind.NotFound, unseen.Kind);
        Assert.Equal(OutcomeKind.NotFound, unknown.Kind);
        Assert.Equal(OutcomeKind.Forbidden, byParticipant.Kind);
        Assert.Equal(["year"], badYear.Errors.Keys);
        Assert.Equal(1, otherYear.Value!.Position);
        Assert.Equal(["run-published", "run-unsaved"], marks.Select(m => m.RunId));
        Assert.Equal(("published", ScenarioValidatorTests.Scenario().NameEn), (marks[0].ScenarioId, marks[0].NameEn));
        Assert.Equal([2025, 2024], years);
        Assert.True(unmarked.IsValid);
        Assert.Equal(OutcomeKind.NotFound, unmarkedAgain.Kind);
        Assert.Equal(OutcomeKind.Forbidden, unmarkedByParticipant.Kind);
        Assert.Empty(await reports.MarksAsync(Organiser, 2025, Ct));
        Assert.Equal(["reports.mark", "reports.mark", "reports.mark", "reports.unmark"], await db.AuditEntries.Where(e => e.EntityType == nameof(ReportScenarioMark)).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct));
    }

    private static void AddScenario(LianboDbContext db, string id, string owner, bool published)
    {
        var json = ScenarioFiles.Write(ScenarioValidatorTests.Scenario() with { Id = id });
        db.Scenarios.Add(new Scenario { Id = id, Version = "1", NameZh = id, NameEn = id, Definition = json, OwnerId = owner, Published = published });
    }

    private static ScenarioRun Run(string id, string? scenario) => new()
    {
        Id = id, ScenarioId = scenario, Version = "1", Definition = ScenarioFiles.Write(ScenarioValidatorTests.Scenario() with { Id = scenario ?? "unsaved" }), Result = "{}",
        CreatedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
    };
}
