using System.Threading.Channels;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lianbo.Web.Platform;

/// <summary>
/// Several web nodes on one PostgreSQL: each node tells the others which tables its commits wrote (<c>NOTIFY</c> on
/// <see cref="ChannelName"/>) and hears theirs (<c>LISTEN</c>), handing them to <see cref="TableWrites.CommittedElsewhere"/>,
/// so that what a node keeps in memory (the cache of public reads, the values of <see cref="StoreMemory"/>) is dropped on
/// every node moments after a write on any. Each time a node (re)connects to listen it takes every table as written,
/// since it may have missed notices meanwhile. On SQLite (one node) it does nothing.
/// </summary>
public sealed class ClusterWrites(TableWrites writes, IServiceScopeFactory scopes, ILogger<ClusterWrites> log) : BackgroundService
{
    public const string ChannelName = "lianbo_writes";

    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    // This node's name in its notices, so that it skips its own.
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Channel<IReadOnlyCollection<string>> _outbox = Channel.CreateUnbounded<IReadOnlyCollection<string>>(new() { SingleReader = true });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this node listens (never on SQLite): a write committed after it reaches this node.</summary>
    public Task Listening => _listening.Task;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        writes.CommittedHere += Queue;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        writes.CommittedHere -= Queue;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string connectionString;
        IReadOnlyCollection<string> tables;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
            if (!db.Database.IsNpgsql())
            {
                writes.CommittedHere -= Queue;
                return;
            }

            connectionString = db.Database.GetConnectionString()!;
            tables = [.. db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];
        }

        // The listening connection asks the server every few seconds, so that a lost connection is noticed while it waits.
        await using var listener = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 5 });
        await using var teller = NpgsqlDataSource.Create(connectionString);
        await Task.WhenAll(HearAsync(listener, tables, stoppingToken), TellAsync(teller, stoppingToken));
    }

    private void Queue(IReadOnlyCollection<string> tables) => _outbox.Writer.TryWrite(tables);

    private async Task TellAsync(NpgsqlDataSource source, CancellationToken stop)
    {
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(stop))
            {
                var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                while (_outbox.Reader.TryRead(out var written))
                {
                    tables.UnionWith(written);
                }

                // Until it is told: another node would otherwise keep answers this write made stale.
                while (!await TryTellAsync(source, _node + " " + string.Join(',', tables), stop))
                {
                    await Task.Delay(Retry, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryTellAsync(NpgsqlDataSource source, string payload, CancellationToken stop)
    {
        try
        {
            await using var command = source.CreateCommand("SELECT pg_notify($1, $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = ChannelName });
            command.Parameters.Add(new NpgsqlParameter { Value = payload });
            await command.ExecuteNonQueryAsync(stop);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            log.LogWarning(e, "The other web nodes could not be told of a write; trying again");
            return false;
        }
    }

    private async Task HearAsync(NpgsqlDataSource source, IReadOnlyCollection<string> tables, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(stop);
                connection.Notification += (_, e) => Heard(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop);
                }

                writes.CommittedElsewhere(tables);
                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                log.LogWarning(e, "Listening for the other web nodes' writes failed; listening again");
                try
                {
                    await Task.Delay(Retry, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Heard(string payload)
    {
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && payload[..space] != _node)
        {
            writes.CommittedElsewhere(payload[(space + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries));
        }
    }
}

public static class ClusterWritesExtensions
{
    /// <summary>The service that carries writes between web nodes (see <see cref="ClusterWrites"/>), resolvable for tests.</summary>
    public static IServiceCollection AddLianboClusterWrites(this IServiceCollection services) =>
        services.AddSingleton<ClusterWrites>().AddHostedService(sp => sp.GetRequiredService<ClusterWrites>());
}
