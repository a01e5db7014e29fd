using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Lianbo.Core.Data;
using Lianbo.Trade.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Platform;

/// <summary>The "Lianbo:Health" section: when <c>/healthz</c> warns before the disk is full.</summary>
public sealed class HealthOptions
{
    public const string Section = "Lianbo:Health";

    /// <summary>Free space under which the state directory's disk is reported Degraded: room for a day of uploads and imports.</summary>
    [Range(1, 1_000_000)]
    public int MinFreeMegabytes { get; set; } = 512;
}

public static class StoreHealth
{
    public static IServiceCollection AddLianboHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("stores");
        return services;
    }
}

/// <summary>
/// <c>/healthz</c>: Healthy when both stores answer and can be written; Degraded when the state directory's disk runs
/// low; Unhealthy when a store cannot be reached or written (a full or read-only disk, a read-only PostgreSQL), with
/// what is wrong in the description, so that a load balancer stops sending writes to a node that would lose them.
/// </summary>
internal sealed class StoreHealthCheck(LianboDbContext db, TradeStore trade, IOptions<LianboOptions> lianbo, IOptions<HealthOptions> health) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("a store does not answer (platform or trade)");
        }

        // A reader node before the writer's first snapshot serves everything but trade data: the balancer keeps it.
        if (trade.Role == TradeRole.Reader && trade.CurrentSnapshot is null)
        {
            return HealthCheckResult.Degraded($"no trade snapshot published yet in {trade.SnapshotDirectory}: start the writer node");
        }

        if (!await trade.IsHealthyAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("a store does not answer (platform or trade)");
        }

        if (db is PostgresLianboDbContext && await ReadOnlyAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("PostgreSQL accepts no writes (read-only or a standby)");
        }

        // DuckDB, the keys, the mail, and with SQLite the platform store, all live in the state directory.
        var state = Path.GetFullPath(lianbo.Value.DataDirectory);
        if (Probe(state) is { } unwritable)
        {
            return HealthCheckResult.Unhealthy($"the state directory {state} cannot be written: {unwritable}");
        }

        var free = new DriveInfo(state).AvailableFreeSpace;
        return free < health.Value.MinFreeMegabytes * (1L << 20)
            ? HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture, $"{StateDirectory.Describe(free)} free on the disk of {state}"))
            : HealthCheckResult.Healthy();
    }

    private async Task<bool> ReadOnlyAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT current_setting('transaction_read_only') = 'on' OR pg_is_in_recovery()";
            return await command.ExecuteScalarAsync(ct) is true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Writes and removes a byte: a full disk refuses the byte, a read-only one the file.
    private static string? Probe(string directory)
    {
        var file = Path.Combine(directory, $".healthz-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(file, [0]);
            File.Delete(file);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the disk is the problem reported.
            }

            return e.Message;
        }
    }
}
