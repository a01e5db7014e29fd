using System.Globalization;
using System.Security.Cryptography;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Scenarios;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Reports;

public sealed record BuiltReportDto(Guid Id, int Year, int? Edition, string Lang, string Format, BuiltReportStatus Status, int Progress, string StepKey, string? Error,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, long? Bytes, string? Sha256)
{
    /// <summary>Queued or running: the page refreshes while one is.</summary>
    public bool Pending => Status is BuiltReportStatus.Queued or BuiltReportStatus.Running;

    /// <summary>The name a download of the file of kind <paramref name="kind"/> gets: <c>lianbo-report-2025-zh.pdf</c>.</summary>
    public string FileName(string kind) => string.Create(CultureInfo.InvariantCulture, $"lianbo-report-{Year}-{Lang}.{kind}");
}

/// <summary>A stored file of a built report.</summary>
public sealed record ReportFile(string Kind, byte[] Content);

/// <summary>A scenario run marked for the report of a year, named by its definition as it ran.</summary>
public sealed record ReportMarkDto(int Year, string RunId, int Position, string? ScenarioId, string NameZh, string NameEn, DateTimeOffset RanAt, string MarkedBy, DateTimeOffset MarkedAt);

/// <summary>
/// The built reports and the scenario runs marked for them. Analysts and organisers queue builds, read and download
/// every build, and remove their own (organisers any); the report job moves a build from queued to running to done or
/// failed. Marks choose chapter 4's scenarios: a run of a published scenario (or of a preset, or of an unsaved
/// definition, whose id is its key) that the marker may see. Queuing, removing and marking are audited.
/// </summary>
public sealed class ReportStore(LianboDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int FirstYear = 1990;
    public const int LastYear = 2100;
    public const string QueuedStep = "Report.Step.Queued";
    public const string DoneStep = "Report.Step.Done";

    /// <summary>What a build left running or queued by a stopped server says instead of an error.</summary>
    public const string InterruptedStep = "Report.Step.Interrupted";

    public static readonly IReadOnlyList<string> Languages = ["zh", "en"];
    public static readonly IReadOnlyList<string> Formats = ["html", "pdf"];

    /// <summary>Every problem of a build request, keyed by its field (year, edition, lang, format).</summary>
    public async Task<FieldErrors> CheckAsync(int? year, int? edition, string? lang, string? format, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        CheckYear(errors, year);
        if (!Languages.Contains(lang?.ToLowerInvariant()))
        {
            errors.Add("lang", Messages.Format("ReportValueNotOneOf", Messages.Field("lang"), string.Join(", ", Languages), lang ?? ""));
        }

        if (!Formats.Contains(format?.ToLowerInvariant()))
        {
            errors.Add("format", Messages.Format("ReportValueNotOneOf", Messages.Field("format"), string.Join(", ", Formats), format ?? ""));
        }

        if (edition is { } number && !await db.Editions.AnyAsync(e => e.Number == number, ct))
        {
            errors.Add("edition", Messages.Format("ReportEditionNotFound", number));
        }

        return errors;
    }

    /// <summary>A new build, queued (analysts and organisers); checked in full first, nothing stored when a check fails.</summary>
    public async Task<Outcome<BuiltReportDto>> QueueAsync(Viewer actor, int? year, int? edition, string? lang, string? format, CancellationToken ct = default)
    {
        if (!actor.IsAnalyst)
        {
            return Outcome<BuiltReportDto>.Forbidden(Messages.Format("ReportsAnalystsOnly"));
        }

        var errors = await CheckAsync(year, edition, lang, format, ct);
        if (errors.Any)
        {
            return Outcome<BuiltReportDto>.Invalid(errors.ToDictionary());
        }

        var report = new BuiltReport
        {
            Id = Guid.NewGuid(), Year = year!.Value, Edition = edition, Lang = lang!.ToLowerInvariant(), Format = format!.ToLowerInvariant(),
            Status = BuiltReportStatus.Queued, StepKey = QueuedStep, CreatedBy = actor.UserId, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(report);
        audit.Record(actor, "reports.build", nameof(BuiltReport), report.Id.ToString(), after: new { report.Year, report.Edition, report.Lang, report.Format });
        await SaveAsync(ct);
        return Outcome<BuiltReportDto>.Ok(report.ToDto());
    }

    /// <summary>Queued → running; null when the build is gone (removed while it waited) or no longer queued.</summary>
    public async Task<BuiltReportDto?> StartAsync(Guid id, CancellationToken ct = default)
    {
        var started = await db.BuiltReports.Where(r => r.Id == id && r.Status == BuiltReportStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, BuiltReportStatus.Running), ct);
        return started == 1 ? await GetAsync(id, ct) : null;
    }

    /// <summary>Where a running build is; progress never goes back.</summary>
    public Task ProgressAsync(Guid id, int percent, string stepKey, CancellationToken ct = default)
    {
        percent = Math.Clamp(percent, 0, 100);
        return db.BuiltReports.Where(r => r.Id == id && r.Status == BuiltReportStatus.Running && r.Progress <= percent)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Progress, percent).SetProperty(r => r.StepKey, stepKey), ct);
    }

    /// <summary>
    /// Stores the files of a running build and marks it done, with the size and SHA-256 of its report file (the PDF of a
    /// PDF build). False when the build was removed meanwhile: nothing is stored then.
    /// </summary>
    public async Task<bool> CompleteAsync(Guid id, byte[] html, byte[]? pdf, CancellationToken ct = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var done = await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var report = await db.BuiltReports.FirstOrDefaultAsync(r => r.Id == id && r.Status == BuiltReportStatus.Running, ct);
            if (report is null)
            {
                return false;
            }

            var main = pdf ?? html;
            db.Add(new BuiltReportFile { ReportId = id, Kind = "html", Content = html });
            if (pdf is not null)
            {
                db.Add(new BuiltReportFile { ReportId = id, Kind = "pdf", Content = pdf });
            }

            (report.Status, report.Progress, report.StepKey, report.FinishedAt, report.Bytes, report.Sha256) =
                (BuiltReportStatus.Done, 100, DoneStep, clock.GetUtcNow(), main.LongLength, Convert.ToHexStringLower(SHA256.HashData(main)));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        });
        db.ChangeTracker.Clear();
        return done;
    }

    /// <summary>A queued or running build failed: why, as the builder said it.</summary>
    public Task FailAsync(Guid id, string error, CancellationToken ct = default)
    {
        var said = error.Length <= 2000 ? error : error[..1999] + "…";
        var now = clock.GetUtcNow();
        return db.BuiltReports.Where(r => r.Id == id && (r.Status == BuiltReportStatus.Queued || r.Status == BuiltReportStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, BuiltReportStatus.Failed).SetProperty(r => r.Error, said).SetProperty(r => r.FinishedAt, now), ct);
    }

    /// <summary>
    /// At start-up of the only node (SQLite): the builds a stopped server left queued or running will never finish (the
    /// queue lived in its memory), so they fail, saying so. Returns how many.
    /// </summary>
    public Task<int> FailInterruptedAsync(CancellationToken ct = default) =>
        FailLeftAsync(db.BuiltReports, ct);

    /// <summary>
    /// With several web nodes a start must not fail the builds other nodes are running or hold in their queues, so only
    /// builds queued more than <see cref="AbandonedAfter"/> ago are taken as left by a node that stopped, and fail.
    /// </summary>
    public Task<int> FailAbandonedAsync(CancellationToken ct = default)
    {
        var before = clock.GetUtcNow() - AbandonedAfter;
        return FailLeftAsync(db.BuiltReports.Where(r => r.CreatedAt < before), ct);
    }

    /// <summary>
    /// Longer than any live node keeps a build queued or running: at most <c>ReportJobs.MaxQueued</c> builds wait, each
    /// taking seconds to a minute.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private Task<int> FailLeftAsync(IQueryable<BuiltReport> builds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return builds.Where(r => r.Status == BuiltReportStatus.Queued || r.Status == BuiltReportStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, BuiltReportStatus.Failed).SetProperty(r => r.StepKey, InterruptedStep).SetProperty(r => r.FinishedAt, now), ct);
    }

    /// <summary>The builds, the newest first.</summary>
    public async Task<Page<BuiltReportDto>> ListAsync(int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var total = await db.BuiltReports.CountAsync(ct);
        var rows = await db.BuiltReports.AsNoTracking().OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<BuiltReportDto>([.. rows.Select(r => r.ToDto())], total, page, pageSize);
    }

    public async Task<BuiltReportDto?> GetAsync(Guid id, CancellationToken ct = default) =>
        (await db.BuiltReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct))?.ToDto();

    /// <summary>A file of a build: of <paramref name="kind"/> ("html" or "pdf"), or when null the PDF if there is one, else the HTML.</summary>
    public async Task<ReportFile?> FileAsync(Guid id, string? kind = null, CancellationToken ct = default)
    {
        var files = db.BuiltReportFiles.AsNoTracking().Where(f => f.ReportId == id);
        var file = kind is null
            ? await files.OrderByDescending(f => f.Kind == "pdf").FirstOrDefaultAsync(ct)
            : await files.FirstOrDefaultAsync(f => f.Kind == kind, ct);
        return file is null ? null : new ReportFile(file.Kind, file.Content);
    }

    /// <summary>Removes a build with its files (the one who asked for it, or an organiser); a running build's result is then dropped.</summary>
    public async Task<Outcome<Guid>> DeleteAsync(Viewer actor, Guid id, CancellationToken ct = default)
    {
        if (!actor.IsAnalyst)
        {
            return Outcome<Guid>.Forbidden(Messages.Format("ReportsAnalystsOnly"));
        }

        var report = await db.BuiltReports.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return Outcome<Guid>.NotFound(Messages.Format("ReportNotFound", id));
        }

        if (report.CreatedBy != actor.UserId && !actor.IsOrganiser)
        {
            return Outcome<Guid>.Forbidden(Messages.Format("ReportNotYours", id));
        }

        audit.Record(actor, "reports.delete", nameof(BuiltReport), id.ToString(), before: new { report.Year, report.Edition, report.Lang, report.Format, report.Status, report.Sha256 });
        db.Remove(report);
        await SaveAsync(ct);
        return Outcome<Guid>.Ok(id);
    }

    /// <summary>
    /// Marks a run for the report of <paramref name="year"/>, after the runs marked before (analysts and organisers).
    /// The marker must see the run, and its scenario must be published or a preset: the report is public. Marking a
    /// marked run again changes nothing.
    /// </summary>
    public async Task<Outcome<ReportMarkDto>> MarkAsync(Viewer actor, int year, string runId, CancellationToken ct = default)
    {
        if (!actor.IsAnalyst)
        {
            return Outcome<ReportMarkDto>.Forbidden(Messages.Format("ReportsAnalystsOnly"));
        }

        var errors = new FieldErrors();
        CheckYear(errors, year);
        if (errors.Any)
        {
            return Outcome<ReportMarkDto>.Invalid(errors.ToDictionary());
        }

        var visible = db.Scenarios.Where(ScenarioStore.VisibleTo(actor));
        var run = await db.ScenarioRuns.AsNoTracking()
            .Where(r => r.Id == runId && (r.ScenarioId == null || visible.Any(s => s.Id == r.ScenarioId)))
            .Select(r => new { r.Id, r.ScenarioId })
            .FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return Outcome<ReportMarkDto>.NotFound(Messages.Format("ScenarioRunNotFound", runId));
        }

        if (run.ScenarioId is not null && !await db.Scenarios.AnyAsync(s => s.Id == run.ScenarioId && (s.IsPreset || s.Published), ct))
        {
            return Outcome<ReportMarkDto>.Invalid("runId", Messages.Format("ReportMarkUnpublished", runId));
        }

        if (!await db.ReportScenarioMarks.AnyAsync(m => m.Year == year && m.RunId == runId, ct))
        {
            var last = await db.ReportScenarioMarks.Where(m => m.Year == year).MaxAsync(m => (int?)m.Position, ct) ?? 0;
            db.Add(new ReportScenarioMark { Year = year, RunId = runId, Position = last + 1, MarkedBy = actor.UserId, MarkedAt = clock.GetUtcNow() });
            audit.Record(actor, "reports.mark", nameof(ReportScenarioMark), Key(year, runId));
            await SaveAsync(ct);
        }

        return Outcome<ReportMarkDto>.Ok((await MarksAsync(actor, year, runId, ct)).Single());
    }

    /// <summary>Takes a run out of the report of <paramref name="year"/> (analysts and organisers who may see the run); the runs after it move up.</summary>
    public async Task<Outcome<string>> UnmarkAsync(Viewer actor, int year, string runId, CancellationToken ct = default)
    {
        if (!actor.IsAnalyst)
        {
            return Outcome<string>.Forbidden(Messages.Format("ReportsAnalystsOnly"));
        }

        if ((await MarksAsync(actor, year, runId, ct)).Count == 0)
        {
            return Outcome<string>.NotFound(Messages.Format("ReportMarkNotFound", runId, year));
        }

        // The marks after it move up one, so that positions stay 1, 2, 3… as the report numbers its scenarios.
        var marks = await db.ReportScenarioMarks.Where(m => m.Year == year).ToListAsync(ct);
        var removed = marks.Single(m => m.RunId == runId);
        foreach (var later in marks.Where(m => m.Position > removed.Position))
        {
            later.Position--;
        }

        db.Remove(removed);
        audit.Record(actor, "reports.unmark", nameof(ReportScenarioMark), Key(year, runId));
        await SaveAsync(ct);
        return Outcome<string>.Ok(runId);
    }

    /// <summary>
    /// The runs marked for the report of <paramref name="year"/> that <paramref name="viewer"/> may see, in the order
    /// marked. The report itself reads them as an anonymous reader (null): only what everyone may see goes in.
    /// </summary>
    public Task<List<ReportMarkDto>> MarksAsync(Viewer? viewer, int year, CancellationToken ct = default) => MarksAsync(viewer, year, null, ct);

    /// <summary>The years whose report a run is marked for, the newest first (for a page that shows the run, so its reader may see it).</summary>
    public Task<List<int>> MarkedYearsAsync(string runId, CancellationToken ct = default) =>
        db.ReportScenarioMarks.Where(m => m.RunId == runId).Select(m => m.Year).OrderByDescending(y => y).ToListAsync(ct);

    private async Task<List<ReportMarkDto>> MarksAsync(Viewer? viewer, int year, string? runId, CancellationToken ct)
    {
        var visible = db.Scenarios.Where(ScenarioStore.VisibleTo(viewer));
        var rows = await (from m in db.ReportScenarioMarks.AsNoTracking()
                          join r in db.ScenarioRuns on m.RunId equals r.Id
                          where m.Year == year && (runId == null || m.RunId == runId) && (r.ScenarioId == null || visible.Any(s => s.Id == r.ScenarioId))
                          select new { m.Year, m.RunId, m.Position, r.ScenarioId, r.Definition, r.CreatedAt, m.MarkedBy, m.MarkedAt }).ToListAsync(ct);
        return [.. rows.OrderBy(m => m.Position).ThenBy(m => m.MarkedAt).ThenBy(m => m.RunId, StringComparer.Ordinal).Select(m =>
        {
            var ran = ScenarioStore.Parse(m.Definition, m.ScenarioId ?? m.RunId);
            return new ReportMarkDto(m.Year, m.RunId, m.Position, m.ScenarioId, ran.NameZh, ran.NameEn, m.CreatedAt, m.MarkedBy, m.MarkedAt);
        })];
    }

    private static void CheckYear(FieldErrors errors, int? year)
    {
        if (year is null)
        {
            errors.Add("year", Messages.Format("Required", Messages.Field("year")));
        }
        else if (year is < FirstYear or > LastYear)
        {
            errors.Add("year", Messages.Format("OutOfRange", Messages.Field("year"), FirstYear, LastYear));
        }
    }

    private static string Key(int year, string runId) => string.Create(CultureInfo.InvariantCulture, $"{year}/{runId}");

    private async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}

internal static class ReportMapping
{
    public static BuiltReportDto ToDto(this BuiltReport r) =>
        new(r.Id, r.Year, r.Edition, r.Lang, r.Format, r.Status, r.Progress, r.StepKey, r.Error, r.CreatedBy, r.CreatedAt, r.FinishedAt, r.Bytes, r.Sha256);
}
