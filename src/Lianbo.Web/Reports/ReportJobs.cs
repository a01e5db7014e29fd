using System.Threading.Channels;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Reports;
using Lianbo.Web.Platform;

namespace Lianbo.Web.Reports;

/// <summary>
/// Builds the queued reports, one at a time, outside any request: a build takes seconds to a minute and prints with
/// Chromium. The queue lives in this node's memory and holds at most <see cref="MaxQueued"/> builds (more are refused,
/// 429); the store's row is the truth about each build, written as it goes. A build that fails is marked failed with
/// its error and logged; nothing a build does stops the app. Builds a stopped server left behind fail at start-up; with
/// several web nodes (PostgreSQL) only those older than <see cref="ReportStore.AbandonedAfter"/>, since the others may
/// be another node's, and <see cref="AbandonedReports"/> looks for them meanwhile. A build is never made twice (only
/// the node that queued it starts it, and only from queued); a node that stops loses its queued and running builds,
/// which then fail.
/// </summary>
public sealed class ReportJobs(IServiceScopeFactory scopes, IReportBuilder builder, ILogger<ReportJobs> log) : BackgroundService
{
    /// <summary>Builds waiting at most (the one running is not counted).</summary>
    public const int MaxQueued = 5;

    private readonly Channel<Guid> queue = Channel.CreateBounded<Guid>(new BoundedChannelOptions(MaxQueued) { SingleReader = true });

    // Slots taken before a row is written, so that a refused request stores nothing and a stored row always finds room.
    private int reserved;

    /// <summary>
    /// Queues a build: checked and stored by <see cref="ReportStore.QueueAsync"/>, then handed to the job. Null when
    /// <see cref="MaxQueued"/> builds are already waiting (nothing is stored then).
    /// </summary>
    public async Task<Outcome<BuiltReportDto>?> QueueAsync(ReportStore store, Viewer actor, int? year, int? edition, string? lang, string? format, CancellationToken ct)
    {
        if (Interlocked.Increment(ref reserved) > MaxQueued)
        {
            Interlocked.Decrement(ref reserved);
            return null;
        }

        var queued = false;
        try
        {
            var outcome = await store.QueueAsync(actor, year, edition, lang, format, ct);
            if (outcome.IsValid)
            {
                queued = queue.Writer.TryWrite(outcome.Value!.Id);
            }

            return outcome;
        }
        finally
        {
            if (!queued)
            {
                Interlocked.Decrement(ref reserved);
            }
        }
    }

    /// <summary>Fails what a stopped server left queued or running, before the first build starts.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ReportStore>();
            var severalNodes = scope.ServiceProvider.GetRequiredService<LianboDbContext>() is PostgresLianboDbContext;
            if (await (severalNodes ? store.FailAbandonedAsync(cancellationToken) : store.FailInterruptedAsync(cancellationToken)) is > 0 and var failed)
            {
                log.LogWarning("Reports: {Count} builds left unfinished by a stopped server are marked failed", failed);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A store not migrated yet (a first start prepares it after the host is built) has no builds to fail.
            log.LogWarning(e, "Reports: could not look for builds left unfinished");
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
            {
                Interlocked.Decrement(ref reserved);
                await BuildAsync(id, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a build cut short stays running, and fails at the next start.
        }
    }

    private async Task BuildAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ReportStore>();
            if (await store.StartAsync(id, ct) is not { } report)
            {
                return;
            }

            var progress = new RowProgress(store, id, log, ct);
            var request = new ReportRequest(report.Year, report.Edition, report.Lang, report.Format == "pdf" ? ReportFormat.Pdf : ReportFormat.Html);
            log.LogInformation("Reports: building {Id} ({Year}, {Lang}, {Format})", id, report.Year, report.Lang, report.Format);
            try
            {
                var output = await builder.BuildAsync(request, progress, ct);
                await progress.WrittenAsync();
                if (request.Format == ReportFormat.Pdf && output.Pdf is null)
                {
                    throw new InvalidOperationException("The report builder made no PDF for a PDF build.");
                }

                await store.CompleteAsync(id, output.Html, request.Format == ReportFormat.Pdf ? output.Pdf : null, ct);
                log.LogInformation("Reports: {Id} built", id);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                await progress.WrittenAsync();
                log.LogError(e, "Reports: building {Id} failed", id);
                await store.FailAsync(id, e.Message, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The store itself failed (unreachable): logged; the row fails at the next start if it stays running.
            log.LogError(e, "Reports: could not record the build of {Id}", id);
        }
    }

    /// <summary>Writes each step to the build's row, in order and one at a time, never going back.</summary>
    private sealed class RowProgress(ReportStore store, Guid id, ILogger log, CancellationToken ct) : IProgress<ReportProgress>
    {
        private readonly Lock gate = new();
        private Task written = Task.CompletedTask;
        private int highest = -1;

        public void Report(ReportProgress value)
        {
            lock (gate)
            {
                if (value.Percent < highest)
                {
                    return;
                }

                highest = value.Percent;
                written = written.ContinueWith(async _ =>
                {
                    try
                    {
                        await store.ProgressAsync(id, value.Percent, value.StepKey, ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        log.LogWarning(e, "Reports: could not record the progress of {Id}", id);
                    }
                }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            }
        }

        /// <summary>Waits for the steps reported so far to be written (the store's context is then free again).</summary>
        public Task WrittenAsync()
        {
            lock (gate)
            {
                return written.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
    }
}

/// <summary>
/// Fails the builds a node that stopped left queued or running, once older than <see cref="ReportStore.AbandonedAfter"/>
/// (a start fails them too, but with several nodes a start is rare and may not fail the recent ones).
/// </summary>
public sealed class AbandonedReports(ClusterJobs jobs, TimeProvider clock, ILogger<AbandonedReports> log)
    : ClusterJob(jobs, JobName, TimeSpan.FromMinutes(10), clock, log)
{
    public const string JobName = "Abandoned report builds";

    protected override async Task RoundAsync(IServiceProvider services, CancellationToken ct)
    {
        if (await services.GetRequiredService<ReportStore>().FailAbandonedAsync(ct) is > 0 and var failed)
        {
            Log.LogWarning("Reports: {Count} builds left unfinished by a stopped node are marked failed", failed);
        }
    }
}
