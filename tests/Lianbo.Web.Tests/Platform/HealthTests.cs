using System.Net;
using Lianbo.Core.Tests;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lianbo.Web.Tests.Platform;

/// <summary>
/// <c>/healthz</c> tells a load balancer the truth about writes, and a start on a disk that cannot take them says
/// what is wrong, on real full and read-only disks.
/// </summary>
public class HealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_disk_running_low_is_reported_Degraded()
    {
        await using var app = await LianboApp.StartAsync(settings: new Dictionary<string, string> { ["Lianbo:Health:MinFreeMegabytes"] = "1000000" });

        var response = await app.CreateClient().GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_full_or_read_only_disk_is_reported_Unhealthy_and_recovery_is_seen()
    {
        using var disk = SmallDisk.Mount(160);
        // A small disk is low on space by the default measure; here only full or read-only counts.
        await using var app = new LianboApp(await TestStore.CreateAsync(Core.Data.DatabaseProvider.Sqlite, disk.Path),
            new Dictionary<string, string> { ["Lianbo:Health:MinFreeMegabytes"] = "1" });
        var client = app.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz", Ct));

        disk.Fill();
        var full = await client.GetAsync("/healthz", Ct);
        disk.Empty();
        var freed = await client.GetStringAsync("/healthz", Ct);
        // A disk with files open for writing will not turn read-only; the pooled connections let go of the database, and the
        // trade store, which the app holds open, of its file.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await app.Services.GetRequiredService<Lianbo.Trade.Store.TradeStore>().CloseAsync();
        disk.MakeReadOnly();
        var readOnly = await client.GetAsync("/healthz", Ct);
        disk.MakeWritable();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (full.StatusCode, await full.Content.ReadAsStringAsync(Ct)));
        Assert.Equal("Healthy", freed);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (readOnly.StatusCode, await readOnly.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task A_read_only_PostgreSQL_is_reported_Unhealthy()
    {
        await using var app = await LianboApp.StartAsync(Core.Data.DatabaseProvider.Postgres);
        Assert.Equal("Healthy", await app.CreateClient().GetStringAsync("/healthz", Ct));
        var database = new NpgsqlConnectionStringBuilder(app.Store.Options.Database.ConnectionString).Database;
        await using (var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable(TestStore.PostgresVariable)))
        {
            await admin.OpenAsync(Ct);
            await using var command = new NpgsqlCommand($"ALTER DATABASE {database} SET default_transaction_read_only = on", admin);
            await command.ExecuteNonQueryAsync(Ct);
        }

        NpgsqlConnection.ClearAllPools();
        var response = await app.CreateClient().GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Starting_on_a_full_disk_says_the_disk_is_full_not_that_the_connection_string_is_wrong()
    {
        using var disk = SmallDisk.Mount(8);
        var state = Directory.CreateDirectory(Path.Combine(disk.Path, "var")).FullName;
        disk.Fill();
        using var error = new StringWriter();

        var exit = await LianboWebApp.RunAsync([$"--Lianbo:DataDirectory={state}", "--urls", "http://127.0.0.1:0"], error, Ct);

        Assert.Equal(2, exit);
        Assert.StartsWith("Setting Lianbo:DataDirectory: the disk holding SQLite ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("is full", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_on_a_read_only_disk_says_it_cannot_be_written()
    {
        using var disk = SmallDisk.Mount(8);
        var state = Directory.CreateDirectory(Path.Combine(disk.Path, "var")).FullName;
        disk.MakeReadOnly();
        using var error = new StringWriter();

        var exit = await LianboWebApp.RunAsync([$"--Lianbo:DataDirectory={state}", "--urls", "http://127.0.0.1:0"], error, Ct);
        disk.MakeWritable();

        Assert.Equal(2, exit);
        Assert.StartsWith("Setting Lianbo:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("cannot be", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ConnectionString", error.ToString(), StringComparison.Ordinal);
    }
}
