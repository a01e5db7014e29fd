using System.Security.Cryptography;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Lianbo.Core.Tests;
using Lianbo.Web;
using Lianbo.Web.Platform;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Meetings;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lianbo.Cluster.Tests;

/// <summary>
/// deploy/backup.sh and deploy/restore.sh on a site as a first start leaves it (the platform store on PostgreSQL with
/// its reference data, an account with a token and its audit entries, the key ring in the database, the trade store in
/// the state directory): back up, wipe the database and the files, restore, and find every table with the rows it had
/// and every file as it was.
/// </summary>
public sealed class BackupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_backup_restored_into_an_empty_database_gives_back_every_row_and_file()
    {
        await using var store = await TestStore.CreateAsync(DatabaseProvider.Postgres);
        var state = Path.Combine(store.Directory, "state");
        await using (var site = LianboWebApp.Build([$"--Lianbo:DataDirectory={state}", $"--{DatabaseProvider.ProviderSetting}={DatabaseProvider.Postgres}",
            $"--{DatabaseProvider.ConnectionSetting}={store.Options.Database.ConnectionString}", $"--{KeyRing.StoreSetting}={KeyRing.DatabaseStore}",
            "--Lianbo:LoadDemoOnFreshStore=false", "--Lianbo:LoadOpenData=false", "--Logging:LogLevel:Default=Warning"]))
        {
            await site.Services.InitialiseStoresAsync(Ct);
            var asker = await site.Services.CreateUserAsync(Roles.Participant, "Backed Up Ltd", isPublic: true);
            var asked = await site.Services.CreateUserAsync(Roles.Participant, "Restored Ltd", isPublic: true);
            // A meeting request, and with it an entry in the audit log, whose rows only triggers guard.
            await using (var scope = site.Services.CreateAsyncScope())
            {
                var request = await scope.ServiceProvider.GetRequiredService<MeetingRequests>()
                    .CreateAsync(ScheduleFixture.ViewerOf(asker), new NewMeetingRequest(asked.OrganisationId, "Backups", null, null), Ct);
                Assert.True(request.IsValid);
            }

            // A key in the ring, as the first sign-in makes one.
            site.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("backup").Protect("made"u8.ToArray());
        }

        NpgsqlConnection.ClearAllPools();
        var database = new NpgsqlConnectionStringBuilder(store.Options.Database.ConnectionString);
        var libpq = $"host={database.Host} port={database.Port} user={database.Username} dbname={database.Database}";
        var rows = await RowCountsAsync(store.Options.Database.ConnectionString!);
        var files = Checksums(state);
        var backup = Path.Combine(store.Directory, "backup");
        var script = Path.Combine(TestStore.RepositoryDirectory, "deploy");

        var (code, output) = await Cluster.RunAsync("bash", [Path.Combine(script, "backup.sh"), "--state", state, "--out", backup, "--dbname", libpq]);
        Assert.True(code == 0, output);
        await WipeAsync(database.Database!);
        Directory.Delete(state, recursive: true);
        (code, output) = await Cluster.RunAsync("bash", [Path.Combine(script, "restore.sh"), "--from", backup, "--state", state, "--dbname", libpq]);
        Assert.True(code == 0, output);

        Assert.Equal(rows, await RowCountsAsync(store.Options.Database.ConnectionString!));
        Assert.Equal(files, Checksums(state));
        // What the comparison covers: the reference data, the accounts, their tokens, a request, the audit log, the key ring, the trade store.
        Assert.All(new[] { "Countries", "AspNetUsers", "ApiTokens", "MeetingRequests", "AuditEntries", "DataProtectionKeys" }, t => Assert.True(rows.GetValueOrDefault(t) > 0, $"{t} is empty."));
        Assert.Contains("trade.duckdb", files.Keys);

        // A second restore over what is there is refused, and changes nothing.
        (code, output) = await Cluster.RunAsync("bash", [Path.Combine(script, "restore.sh"), "--from", backup, "--state", state, "--dbname", libpq]);
        Assert.Equal(1, code);
        Assert.Contains("not empty", output, StringComparison.Ordinal);
        Assert.Equal(rows, await RowCountsAsync(store.Options.Database.ConnectionString!));
    }

    // Every table of the platform store (the migrations' own history too) and its rows.
    private static async Task<SortedDictionary<string, long>> RowCountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM public.\"{table}\"", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync(Ct))!;
        }

        return counts;
    }

    private static SortedDictionary<string, string> Checksums(string directory) =>
        new(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);

    // The database dropped and made again, empty, under its name (the test store drops it at the end).
    private static async Task WipeAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable(TestStore.PostgresVariable));
        await admin.OpenAsync(Ct);
        foreach (var sql in new[] { $"DROP DATABASE {name} WITH (FORCE)", $"CREATE DATABASE {name}" })
        {
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync(Ct);
        }
    }
}
