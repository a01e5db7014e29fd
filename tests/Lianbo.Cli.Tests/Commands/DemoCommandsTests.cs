using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Tests.Commands;

public sealed class DemoCommandsTests
{
    [Fact]
    public async Task The_demo_loads_once_and_is_removed_with_one_command()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await CliStore.CreateAsync();

        var load = await store.RunAsync("demo", "load");
        var again = await store.RunAsync("demo", "load");
        int exhibitors;
        await using (var db = store.Open())
        {
            exhibitors = await db.Exhibitors.CountAsync(ct);
        }

        var remove = await store.RunAsync("demo", "remove");

        Assert.Equal((0, "Demo loaded: 2 editions (2023, 2024)."), (load.ExitCode, load.Out.Trim()));
        Assert.Equal("The demo is already loaded.", again.Out.Trim());
        Assert.Equal(515 + 620, exhibitors);
        Assert.Equal((0, "Demo removed: 2 editions."), (remove.ExitCode, remove.Out.Trim()));
        await using var after = store.Open();
        Assert.Equal(0, await after.Organisations.CountAsync(ct));
        Assert.Equal(0, await after.Editions.CountAsync(ct));
    }
}
