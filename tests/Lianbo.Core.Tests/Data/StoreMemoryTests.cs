using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Lianbo.Core.Tests.Data;

public class StoreMemoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] CountryTables = ["Countries"];

    [Fact]
    public async Task A_value_is_read_again_after_this_process_writes_its_table_and_after_the_longest_wait_never_otherwise()
    {
        await using var store = await TestStore.CreateAsync(DatabaseProvider.Sqlite);
        (await store.MigratedContextAsync()).Dispose();
        var writes = new TableWrites();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var memory = new StoreMemory(writes, clock);
        using var seen = store.CreateContext();
        var connection = seen.Database.GetConnectionString()!;
        // A context that reports its writes, as the web app's do, and one that does not, as another process's would.
        await using var db = new SqliteLianboDbContext(new DbContextOptionsBuilder<SqliteLianboDbContext>().UseSqlite(connection)
            .AddInterceptors(new TableWriteInterceptor(writes), new TableCommitInterceptor(writes)).Options);
        await using var elsewhere = store.CreateContext();
        db.Countries.Add(new Country { Iso3 = "ZZT", Iso2 = "ZT", NameEn = "Kenya", NameZh = "肯尼亚" });
        await db.SaveChangesAsync(Ct);
        var reads = 0;
        Task<string> Name() => memory.GetAsync("name", CountryTables, async c =>
        {
            reads++;
            return (await db.Countries.AsNoTracking().SingleAsync(x => x.Iso3 == "ZZT", c)).NameEn;
        }, Ct);

        var first = await Name();
        var again = await Name();
        await db.Editions.Where(e => e.Number < 0).ExecuteDeleteAsync(Ct);
        var afterOtherTable = await Name();
        await db.Countries.Where(x => x.Iso3 == "ZZT").ExecuteUpdateAsync(s => s.SetProperty(x => x.NameEn, "Republic of Kenya"), Ct);
        var afterOwnWrite = await Name();
        await elsewhere.Countries.Where(x => x.Iso3 == "ZZT").ExecuteUpdateAsync(s => s.SetProperty(x => x.NameEn, "Kenya (elsewhere)"), Ct);
        var beforeLongest = await Name();
        clock.Advance(StoreMemory.Longest);
        var afterLongest = await Name();

        Assert.Equal(("Kenya", "Kenya", "Kenya"), (first, again, afterOtherTable));
        Assert.Equal("Republic of Kenya", afterOwnWrite);
        Assert.Equal("Republic of Kenya", beforeLongest);
        Assert.Equal("Kenya (elsewhere)", afterLongest);
        Assert.Equal(3, reads);
    }
}
