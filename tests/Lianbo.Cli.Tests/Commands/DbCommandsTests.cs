using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Tests.Commands;

public sealed class DbCommandsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrate_creates_the_database_and_a_second_run_has_nothing_to_apply(string provider)
    {
        await using var store = await CliStore.CreateAsync(provider);

        var first = await store.RunAsync("db", "migrate");

        Assert.Equal((0, ""), (first.ExitCode, first.Error));
        await using (var db = store.Open())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
            var applied = (await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken)).ToList();
            Assert.Equal(db.Database.GetMigrations(), applied);
            Assert.Contains($"Applied {applied.Count} migration(s): {string.Join(", ", applied)}", first.Out, StringComparison.Ordinal);
        }

        var second = await store.RunAsync("db", "migrate");

        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("Applied", second.Out, StringComparison.Ordinal);
        Assert.Contains("No migrations to apply", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_names_the_SQLite_file_it_created()
    {
        await using var store = await CliStore.CreateAsync();

        var result = await store.RunAsync("db", "migrate");

        var database = Path.Combine(store.DataDirectory, "lianbo.db");
        Assert.True(File.Exists(database));
        Assert.Contains($"Store: SQLite {database}", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_options_may_come_before_the_command()
    {
        await using var store = await CliStore.CreateAsync();

        var result = await Cli.RunAsync("--data-dir", store.DataDirectory, "--db-provider", "sqlite", "db", "migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(store.DataDirectory, "lianbo.db")));
    }
}
