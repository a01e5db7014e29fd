using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Lianbo.Core.Data;

/// <summary>Chooses and configures the platform store from <see cref="LianboOptions"/>.</summary>
public static class DatabaseProvider
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public const string ProviderSetting = "Lianbo:Database:Provider";
    public const string ConnectionSetting = "Lianbo:Database:ConnectionString";

    // The migration that added the audit chain's columns (see MigrateAsync).
    internal const string AuditChainMigration = "SecurityHardening";

    /// <summary>Registers <see cref="LianboDbContext"/> for the configured provider; a bad setting stops here with its name.</summary>
    public static IServiceCollection AddLianboStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(LianboOptions.Section).Get<LianboOptions>() ?? new LianboOptions();
        var connection = ConnectionString(options);
        services.AddOptions<LianboOptions>().BindConfiguration(LianboOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Every context reports what it writes (TableWrites); a host may add interceptors of its own (singletons: the
        // contexts are pooled, their options made once, so that a request does not pay for setting up a context's services).
        services.AddSingleton<TableWrites>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StoreMemory>();
        services.AddSingleton<IInterceptor, TableWriteInterceptor>();
        services.AddSingleton<IInterceptor, TableCommitInterceptor>();
        services.AddSingleton<IInterceptor, SqliteBusyWait>();
        _ = Normalise(options.Database.Provider) switch
        {
            // SQLite's table rebuilds switch foreign keys off outside the transaction; EF says so at every fresh start, to no one's benefit.
            Sqlite => services.AddDbContextPool<LianboDbContext, SqliteLianboDbContext>((sp, o) => o.UseSqliteStore(connection).AddInterceptors(sp.GetServices<IInterceptor>())
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning))),
            _ => services.AddSingleton<PostgresPreparedStatements>().AddDbContextPool<LianboDbContext, PostgresLianboDbContext>((sp, o) => o.UsePostgresStore(connection)
                .AddInterceptors(sp.GetServices<IInterceptor>()).AddInterceptors(sp.GetRequiredService<PostgresPreparedStatements>())),
        };
        services.AddScoped<Reference.ReferenceLoader>();
        services.AddScoped<Reference.ReferenceQueries>();
        services.AddScoped<Reference.CountryGroupCommands>();
        services.AddScoped<Chains.ChainStore>();
        services.AddScoped<Expo.ExpoQueries>();
        services.AddScoped<Expo.EditionStatistics>();
        services.AddScoped<Expo.DemoData>();
        services.AddScoped<Chains.ChainParticipants>();
        services.TryAddSingleton(Matchmaking.ISourcingLookup.None);
        services.AddSingleton<Matchmaking.Matchmaker>();
        services.AddScoped<Matchmaking.MatchProfiles>();
        services.AddScoped<Matchmaking.Participants>();
        services.AddScoped<Matchmaking.Offers>();
        services.AddScoped<Matchmaking.ReadProducts>();
        services.AddOptions<Meetings.MeetingOptions>().BindConfiguration(Meetings.MeetingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<Meetings.MeetingRequests>();
        services.AddScoped<Scheduling.MeetingSchedules>();
        services.AddScoped<Meetings.SupplyDemandSessions>();
        services.AddScoped<Meetings.MeetingStatistics>();
        services.AddScoped<Chains.ChainCommands>();
        // Needs the gravity panel's years (ScenarioGravityYears), which the host registers: Core does not reference Lianbo.Trade.
        services.AddScoped<Scenarios.ScenarioStore>();
        services.AddScoped<Reports.ReportStore>();
        services.AddScoped<Expo.ExpoCommands>();
        return services;
    }

    /// <summary>
    /// A list in a query (<c>ids.Contains(x.Id)</c>) goes to the database as one array parameter (<c>json_each</c> on
    /// SQLite, <c>= ANY</c> on PostgreSQL), so its SQL is made once. EF 10's default, a parameter per element, makes the
    /// SQL again on every execution, one thread at a time per query: under load, requests queued on that lock.
    /// </summary>
    private const ParameterTranslationMode CollectionMode = ParameterTranslationMode.Parameter;

    // The provider's options, the same for the contexts of dependency injection and for CreateContext's.
    private static TBuilder UseSqliteStore<TBuilder>(this TBuilder builder, string connection) where TBuilder : DbContextOptionsBuilder
    {
        builder.UseSqlite(connection, s => s.UseParameterizedCollectionMode(CollectionMode));
        return builder;
    }

    private static TBuilder UsePostgresStore<TBuilder>(this TBuilder builder, string connection) where TBuilder : DbContextOptionsBuilder
    {
        builder.UseNpgsql(connection, s => s.UseParameterizedCollectionMode(CollectionMode));
        return builder;
    }

    /// <summary>A context outside dependency injection, for the CLI and tests.</summary>
    public static LianboDbContext CreateContext(LianboOptions options)
    {
        var connection = ConnectionString(options);
        return Normalise(options.Database.Provider) switch
        {
            Sqlite => new SqliteLianboDbContext(new DbContextOptionsBuilder<SqliteLianboDbContext>().UseSqliteStore(connection).AddInterceptors(new SqliteBusyWait()).Options),
            _ => new PostgresLianboDbContext(new DbContextOptionsBuilder<PostgresLianboDbContext>().UsePostgresStore(connection).AddInterceptors(new PostgresPreparedStatements()).Options),
        };
    }

    /// <summary>
    /// Applies pending migrations and returns their names (<paramref name="announce"/> hears how many first, since
    /// a first start takes a while); an unreachable server stops with a message naming the setting.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(LianboDbContext db, CancellationToken ct = default, Action<int>? announce = null)
    {
        try
        {
            // A new database has no history table: asking it for the applied ones would log a failed query.
            var pending = await db.GetService<IHistoryRepository>().ExistsAsync(ct)
                ? (await db.Database.GetPendingMigrationsAsync(ct)).ToList()
                : db.Database.GetMigrations().ToList();
            if (pending.Count > 0)
            {
                // (Only then: EF's MigrateAsync takes the migration lock and compares the model even with nothing to apply,
                // which was most of a restart's second on SQLite.)
                announce?.Invoke(pending.Count);
                await db.Database.MigrateAsync(ct);
            }

            if (db is SqliteLianboDbContext)
            {
                // Write-ahead logging, kept in the file: readers no longer wait for a writer's commit nor it for them, and
                // the command line can read beside a running server. (The -wal and -shm files beside the database belong to it.)
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL", ct);
            }

            // Once, with the migration that brought the audit chain: the entries written before it join the chain.
            if (pending.Any(m => m.EndsWith("_" + AuditChainMigration, StringComparison.Ordinal)))
            {
                await Accounts.AuditChain.SealAsync(db, ct);
            }

            return pending;
        }
        catch (Exception e) when (e.GetBaseException() is SqliteException { SqliteErrorCode: 13 } full)
        {
            // SQLITE_FULL: the disk, not the connection string, is what to fix.
            throw new ConfigurationException("Lianbo:DataDirectory", Messages.Format("StoreDiskFull", Describe(db), FreeSpace(db)), full);
        }
        catch (Exception e) when (e.GetBaseException() is SqliteException { SqliteErrorCode: 8 or 14 } readOnly)
        {
            // SQLITE_READONLY, SQLITE_CANTOPEN: a read-only disk or a folder the account may not write.
            throw new ConfigurationException("Lianbo:DataDirectory", Messages.Format("StoreReadOnly", Describe(db)), readOnly);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException { InnerException: DbException })
        {
            throw new ConfigurationException(ConnectionSetting, Messages.Format("DatabaseUnreachable", Describe(db), e.GetBaseException().Message), e);
        }
    }

    /// <summary>Names the store without its credentials: the file for SQLite, the server and database for PostgreSQL.</summary>
    public static string Describe(LianboDbContext db)
    {
        var connection = db.Database.GetConnectionString() ?? "";
        if (db is PostgresLianboDbContext)
        {
            var b = new NpgsqlConnectionStringBuilder(connection);
            return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
        }

        return $"SQLite {Path.GetFullPath(new SqliteConnectionStringBuilder(connection).DataSource)}";
    }

    // What is left on the disk holding the SQLite file, for the message that says it is full.
    private static string FreeSpace(LianboDbContext db)
    {
        try
        {
            var file = Path.GetFullPath(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
            return StateDirectory.Describe(new DriveInfo(Path.GetDirectoryName(file)!).AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static string Normalise(string? provider) => provider?.Trim().ToLowerInvariant() switch
    {
        Sqlite => Sqlite,
        Postgres or "postgresql" or "npgsql" => Postgres,
        _ => throw new ConfigurationException(ProviderSetting, Messages.Format("UnknownProvider", provider)),
    };

    /// <summary>
    /// Statements prepared on the server once a pooled connection has sent them a few times (Npgsql's automatic
    /// preparation): the platform sends the same few hundred statements all day, and planning each anew was half the
    /// database's work per request. <see cref="PostgresPreparedStatements"/> keeps it safe after a failed statement.
    /// A connection string that names "Max Auto Prepare" keeps its own choice.
    /// </summary>
    private static NpgsqlConnectionStringBuilder PostgresDefaults(string given)
    {
        var builder = new NpgsqlConnectionStringBuilder(given);
        if (!System.Text.RegularExpressions.Regex.IsMatch(given, @"max\s*auto\s*prepare", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            builder.MaxAutoPrepare = 256;
        }

        return builder;
    }

    private static string ConnectionString(LianboOptions options)
    {
        var provider = Normalise(options.Database.Provider);
        if (options.Database.ConnectionString is { Length: > 0 } given)
        {
            try
            {
                // Parse now so that a malformed string fails at start with the setting's name.
                return provider == Sqlite ? new SqliteConnectionStringBuilder(given).ToString() : PostgresDefaults(given).ToString();
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationException(ConnectionSetting, Messages.Format("BadConnectionString", e.Message), e);
            }
        }

        if (provider == Postgres)
        {
            throw new ConfigurationException(ConnectionSetting, Messages.Format("ConnectionStringRequired"));
        }

        try
        {
            StateDirectory.Create(options.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException("Lianbo:DataDirectory", Messages.Format("DataDirectoryUnusable", options.DataDirectory, e.Message), e);
        }

        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.DataDirectory, "lianbo.db") }.ToString();
    }

}

/// <summary>A setting that keeps Lianbo from starting; the message names the setting.</summary>
public sealed class ConfigurationException(string setting, string problem, Exception? inner = null)
    : Exception(Messages.Format("BadSetting", setting, problem), inner)
{
    public string Setting { get; } = setting;
}
