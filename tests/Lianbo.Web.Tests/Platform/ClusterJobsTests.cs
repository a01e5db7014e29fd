using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Lianbo.Core.Reports;
using Lianbo.Web.Meetings;
using Lianbo.Web.Platform;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lianbo.Web.Tests.Platform;

/// <summary>
/// Background work with several web nodes on one PostgreSQL (two apps on one store, as two nodes): a round of a job runs
/// on one node at a time, a node skips it while another session holds the job's lock, and each expiry, reminder and
/// e-mail happens once, even when two nodes run the same work at the same moment. On SQLite (one node) the jobs run.
/// </summary>
public sealed class ClusterJobsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> EverySecond = new()
    {
        ["Lianbo:Meetings:HousekeepingInterval"] = "00:00:01",
        ["Lianbo:Meetings:MailInterval"] = "00:00:01",
    };

    [Fact]
    public async Task Two_nodes_on_one_PostgreSQL_run_housekeeping_one_round_at_a_time_and_expire_remind_and_mail_each_request_once()
    {
        await using var first = await LianboApp.StartAsync(DatabaseProvider.Postgres, EverySecond);
        await using var second = first.Restarted();
        LianboApp[] nodes = [first, second];
        var (expiring, reminding) = await AskAsync(first, 3, 3);
        var connection = first.Store.Options.Database.ConnectionString!;

        // While another session holds the job's lock, neither node runs a round: each skips them, and nothing is done.
        await using var holder = await OpenAsync(connection);
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({ClusterJobs.LockId(MeetingHousekeeping.JobName)})");
        var ranBefore = nodes.Select(n => Rounds(n).Ran).ToList();
        var skippedBefore = nodes.Select(n => Rounds(n).Skipped).ToList();
        await MakeDueAsync(first, expiring, reminding);
        await UntilAsync(() => nodes.Select((n, i) => Rounds(n).Skipped - skippedBefore[i]).All(s => s >= 2), "each node skipped two rounds");
        Assert.Equal(ranBefore, nodes.Select(n => Rounds(n).Ran));
        Assert.Equal(0, await CountAsync(first, db => db.MeetingRequests.CountAsync(r => r.Status != MeetingRequestStatus.Pending || r.RemindedAt != null, Ct)));

        // One due request is held by a transaction of the test: the round that takes the lock waits for it, with the lock.
        // Meanwhile the other node must skip its rounds rather than start one beside it.
        await using var rowHolder = await OpenAsync(connection);
        await using var rowLock = await rowHolder.BeginTransactionAsync(Ct);
        await ExecuteAsync(rowHolder, $"SELECT 1 FROM \"MeetingRequests\" WHERE \"Id\" = '{expiring[0]}' FOR UPDATE");
        await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({ClusterJobs.LockId(MeetingHousekeeping.JobName)})");
        await UntilAsync(() => Running(nodes) >= 1, "a round waits for the held request");
        var skippedMeanwhile = nodes.Sum(n => Rounds(n).Skipped);
        await UntilAsync(() => nodes.Sum(n => Rounds(n).Skipped) - skippedMeanwhile >= 3 || Running(nodes) > 1, "the other node skipped three rounds");
        Assert.Equal(1, Running(nodes));

        // Let it go: each request is expired (both sides told) or reminded (the side that must answer), once.
        await rowLock.RollbackAsync(Ct);
        await UntilAsync(async () => await CountAsync(first, db => db.MeetingRequests.CountAsync(r => r.Status == MeetingRequestStatus.Expired || r.RemindedAt != null, Ct)) == 6,
            "every request expired or reminded");
        foreach (var id in expiring)
        {
            Assert.Equal(2, await CountAsync(first, db => db.Notices.CountAsync(n => n.RequestId == id && n.Kind == NoticeKind.RequestExpired, Ct)));
        }

        foreach (var id in reminding)
        {
            Assert.Equal(1, await CountAsync(first, db => db.Notices.CountAsync(n => n.RequestId == id && n.Kind == NoticeKind.Reminder, Ct)));
        }

        // Every notice is mailed once (each organisation has one member): wait until all are, and two more rounds of each node.
        await UntilAsync(async () => await CountAsync(first, db => db.Notices.CountAsync(n => n.MailedAt == null, Ct)) == 0, "every notice mailed");
        var mailRounds = nodes.Select(n => MailRounds(n)).ToList();
        await UntilAsync(() => nodes.Select((n, i) => MailRounds(n) - mailRounds[i]).All(r => r >= 2), "two more mail rounds on each node");
        var notices = await CountAsync(first, db => db.Notices.CountAsync(Ct));
        Assert.Equal(6 + 3 * 2 + 3, notices);
        Assert.Equal(notices, MailFolder.Files(first.Store.Options.DataDirectory).Length);
    }

    [Fact]
    public async Task Two_nodes_expiring_reminding_and_mailing_at_the_same_moment_still_do_each_once()
    {
        // The nodes' own jobs stay out of the way (a round a day): the test runs the same work on both nodes at once.
        var daily = new Dictionary<string, string> { ["Lianbo:Meetings:HousekeepingInterval"] = "1.00:00:00", ["Lianbo:Meetings:MailInterval"] = "1.00:00:00" };
        await using var first = await LianboApp.StartAsync(DatabaseProvider.Postgres, daily);
        await using var second = first.Restarted();
        LianboApp[] nodes = [first, second];
        var (expiring, reminding) = await AskAsync(first, 4, 4);
        await MakeDueAsync(first, expiring, reminding);

        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(nodes.Select(n => Task.Run(() => n.WithServicesAsync(s => s.GetRequiredService<MeetingRequests>().ExpireAndRemindAsync(DateTimeOffset.UtcNow, ct: Ct)), Ct)));
        }

        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(nodes.Select(n => Task.Run(() => n.WithServicesAsync(s => s.GetRequiredService<MeetingMail>().SendDueAsync(p => "https://lianbo.example" + p, Ct)), Ct)));
        }

        Assert.Equal(4 * 2, await CountAsync(first, db => db.Notices.CountAsync(n => n.Kind == NoticeKind.RequestExpired, Ct)));
        Assert.Equal(4, await CountAsync(first, db => db.Notices.CountAsync(n => n.Kind == NoticeKind.Reminder, Ct)));
        var notices = await CountAsync(first, db => db.Notices.CountAsync(Ct));
        Assert.Equal(0, await CountAsync(first, db => db.Notices.CountAsync(n => n.MailedAt == null, Ct)));
        Assert.Equal(notices, MailFolder.Files(first.Store.Options.DataDirectory).Length);
    }

    [Fact]
    public async Task On_SQLite_the_one_node_runs_every_round()
    {
        await using var app = await LianboApp.StartAsync(DatabaseProvider.Sqlite, EverySecond);
        var (expiring, reminding) = await AskAsync(app, 1, 1);
        await MakeDueAsync(app, expiring, reminding);

        await UntilAsync(async () => await CountAsync(app, db => db.MeetingRequests.CountAsync(r => r.Status == MeetingRequestStatus.Expired || r.RemindedAt != null, Ct)) == 2,
            "both requests expired or reminded");
        await UntilAsync(async () => await CountAsync(app, db => db.Notices.CountAsync(n => n.MailedAt == null, Ct)) == 0, "every notice mailed");

        Assert.Equal(2 + 2 + 1, MailFolder.Files(app.Store.Options.DataDirectory).Length);
        Assert.True(Rounds(app).Ran >= 1);
        Assert.Equal(0, Rounds(app).Skipped);
        Assert.Equal(0, app.Services.GetRequiredService<ClusterJobs>().Rounds(MeetingMailer.JobName).Skipped);
    }

    [Fact]
    public async Task A_node_that_starts_beside_another_fails_only_the_report_builds_left_long_ago()
    {
        await using var first = await LianboApp.StartAsync(DatabaseProvider.Postgres);
        await using var second = first.Restarted();
        var now = DateTimeOffset.UtcNow;
        var (recent, abandoned) = (Guid.NewGuid(), Guid.NewGuid());
        // The first node's queue holds the recent build (as far as the store can tell); the other was queued hours ago.
        await CountAsync(first, db =>
        {
            db.AddRange(
                new BuiltReport { Id = recent, Year = 2024, Lang = "en", Format = "html", Status = BuiltReportStatus.Queued, StepKey = ReportStore.QueuedStep, CreatedBy = "analyst", CreatedAt = now },
                new BuiltReport { Id = abandoned, Year = 2024, Lang = "en", Format = "html", Status = BuiltReportStatus.Running, StepKey = ReportStore.QueuedStep, CreatedBy = "analyst", CreatedAt = now.AddHours(-2) });
            return db.SaveChangesAsync(Ct);
        });

        _ = second.Services;
        var builds = await first.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().BuiltReports.AsNoTracking().ToDictionaryAsync(r => r.Id, Ct));

        Assert.Equal(BuiltReportStatus.Queued, builds[recent].Status);
        Assert.Equal((BuiltReportStatus.Failed, ReportStore.InterruptedStep), (builds[abandoned].Status, builds[abandoned].StepKey));
    }

    private static JobRounds Rounds(LianboApp node) => node.Services.GetRequiredService<ClusterJobs>().Rounds(MeetingHousekeeping.JobName);

    private static int Running(LianboApp[] nodes) => nodes.Sum(n => Rounds(n).Running);

    private static long MailRounds(LianboApp node) =>
        node.Services.GetRequiredService<ClusterJobs>().Rounds(MeetingMailer.JobName) is var r ? r.Ran + r.Skipped : 0;

    // One organisation asks as many others for a meeting (one open request per pair): the first ones to expire, the others to be reminded.
    private static async Task<(List<Guid> Expiring, List<Guid> Reminding)> AskAsync(LianboApp app, int expiring, int reminding)
    {
        var asker = await app.CreateUserAsync(Roles.Participant, "Asking Motors", isPublic: true);
        var ids = new List<Guid>();
        for (var i = 0; i < expiring + reminding; i++)
        {
            var asked = await app.CreateUserAsync(Roles.Participant, $"Asked Cells {i}", isPublic: true);
            var response = await app.ClientFor(asker).PostAsJsonAsync("/api/meetings/requests", new { to = asked.OrganisationId }, Ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid());
        }

        return (ids[..expiring], ids[expiring..]);
    }

    // Past their time, or within a day of it (the reminder comes a day before by default).
    private static Task<int> MakeDueAsync(LianboApp app, List<Guid> expiring, List<Guid> reminding) => CountAsync(app, async db =>
    {
        var now = DateTimeOffset.UtcNow;
        return await db.MeetingRequests.Where(r => expiring.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, now.AddMinutes(-1)), Ct)
            + await db.MeetingRequests.Where(r => reminding.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, now.AddHours(1)), Ct);
    });

    private static Task<int> CountAsync(LianboApp app, Func<LianboDbContext, Task<int>> count) =>
        app.WithServicesAsync(s => count(s.GetRequiredService<LianboDbContext>()));

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        // Outside the pool: a lock the test forgets ends with its connection.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static Task UntilAsync(Func<bool> holds, string what) => UntilAsync(() => Task.FromResult(holds()), what);

    // The jobs run in the background: look again until it holds, for at most a minute (a bound for a broken build, not a speed).
    private static async Task UntilAsync(Func<Task<bool>> holds, string what)
    {
        for (var i = 0; i < 600 && !await holds(); i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(await holds(), $"Waited a minute for: {what}");
    }
}
