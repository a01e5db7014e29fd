using System.Collections.Concurrent;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lianbo.Web.Platform;

/// <summary>
/// Runs each round of a periodic job (<see cref="ClusterJob"/>) on one web node at a time. On PostgreSQL a round first
/// takes the job's advisory lock without waiting (<c>pg_try_advisory_lock</c>), on a connection of its own that is
/// closed when the round ends; a node that does not get the lock skips the round, since another node is doing that
/// work right now. The lock lives as long as that connection, so a node that dies mid-round frees it. On SQLite (one
/// node) a round just runs. There is no shared "last run" time: each round does only what is due when it runs and marks
/// it done in the same write (an expiry, a reminder, an e-mail's claim), so with N nodes whose timers are not aligned
/// the cluster runs up to N rounds per interval, the later ones finding nothing left to do.
/// </summary>
public sealed class ClusterJobs(IServiceScopeFactory scopes, ILogger<ClusterJobs> log)
{
    private readonly ConcurrentDictionary<string, Counts> _counts = new(StringComparer.Ordinal);

    /// <summary>What this node did for <paramref name="job"/> since it started: rounds run here, rounds left to another node, rounds running now.</summary>
    public JobRounds Rounds(string job) =>
        _counts.TryGetValue(job, out var c) ? new(Interlocked.Read(ref c.Ran), Interlocked.Read(ref c.Skipped), Volatile.Read(ref c.Running)) : new(0, 0, 0);

    /// <summary>The advisory lock a round of <paramref name="job"/> holds on PostgreSQL (another session holding it keeps every node from running one).</summary>
    public static long LockId(string job) => StoreLocks.Id("job:" + job);

    /// <summary>Runs one round of <paramref name="job"/> in a scope of its own, unless another node is running one; true when it ran here.</summary>
    public async Task<bool> RunAsync(string job, Func<IServiceProvider, CancellationToken, Task> round, CancellationToken ct)
    {
        var counts = _counts.GetOrAdd(job, _ => new Counts());
        await using var scope = scopes.CreateAsyncScope();
        // On SQLite (one node) there is no lock to take.
        var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
        var clustered = db is PostgresLianboDbContext;
        await using var held = clustered ? await TryLockAsync(db.Database.GetConnectionString()!, LockId(job), ct) : null;
        if (clustered && held is null)
        {
            Interlocked.Increment(ref counts.Skipped);
            log.LogDebug("{Job}: another node is running this round; skipped here", job);
            return false;
        }

        Interlocked.Increment(ref counts.Running);
        try
        {
            await round(scope.ServiceProvider, ct);
        }
        finally
        {
            Interlocked.Decrement(ref counts.Running);
        }

        Interlocked.Increment(ref counts.Ran);
        log.LogDebug("{Job}: round ran on this node", job);
        return true;
    }

    // A connection outside the pool, so that closing it ends the session and with it the lock, whatever happened meanwhile.
    private static async Task<NpgsqlConnection?> TryLockAsync(string connectionString, long id, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        var locked = false;
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = id } } };
            locked = (bool)(await command.ExecuteScalarAsync(ct))!;
            return locked ? connection : null;
        }
        finally
        {
            if (!locked)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class Counts
    {
        public long Ran;
        public long Skipped;
        public int Running;
    }
}

/// <summary>Rounds of one job on one node (<see cref="ClusterJobs.Rounds"/>).</summary>
public sealed record JobRounds(long Ran, long Skipped, int Running);

/// <summary>
/// A periodic job of the web app: a round every <paramref name="interval"/> (the first at the start when
/// <see cref="RunsAtStart"/>), run on one node of the cluster at a time (<see cref="ClusterJobs"/>). A round that
/// fails is logged and the next one tries again: a store that is briefly unreachable must not stop the app.
/// </summary>
public abstract class ClusterJob(ClusterJobs jobs, string name, TimeSpan interval, TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>The job's name in the log and its lock.</summary>
    public string Name { get; } = name;

    protected TimeProvider Clock { get; } = clock;

    protected ILogger Log { get; } = log;

    protected virtual bool RunsAtStart => false;

    /// <summary>One round, with the services of a scope of its own.</summary>
    protected abstract Task RoundAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        if (RunsAtStart)
        {
            await RunAsync(stoppingToken);
        }

        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunAsync(stoppingToken);
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await jobs.RunAsync(Name, RoundAsync, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogWarning(e, "{Job} failed", Name);
        }
    }
}

public static class ClusterJobsExtensions
{
    /// <summary>The runner of periodic jobs (see <see cref="ClusterJobs"/>), resolvable for tests.</summary>
    public static IServiceCollection AddLianboClusterJobs(this IServiceCollection services) => services.AddSingleton<ClusterJobs>();
}
