using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Tests.Commands;

public sealed class DbCommandsTests
{
    [Fact]
    public async Task Migrate_creates_the_database_and_a_second_run_has_nothing_to_apply()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();

        var first = await Cli.RunAsync("db", "migrate", "--data-dir", dir.Path, "--db-provider", "sqlite");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal("", first.Error);
        var database = Path.Combine(dir.Path, "lianbo.db");
        Assert.True(File.Exists(database));
        Assert.Contains($"SQLite {database}", first.Out, StringComparison.Ordinal);
        Assert.Contains("Applied", first.Out, StringComparison.Ordinal);
        await using (var db = dir.OpenStore())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
            Assert.Contains((await db.Database.GetAppliedMigrationsAsync(ct)).First(), first.Out, StringComparison.Ordinal);
        }

        var second = await Cli.RunAsync("db", "migrate", "--data-dir", dir.Path, "--db-provider", "sqlite");

        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("Applied", second.Out, StringComparison.Ordinal);
        Assert.Contains("No migrations to apply", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_options_may_come_before_the_command()
    {
        using var dir = new TempDirectory();

        var result = await Cli.RunAsync("--data-dir", dir.Path, "--db-provider", "sqlite", "db", "migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(dir.Path, "lianbo.db")));
    }
}
