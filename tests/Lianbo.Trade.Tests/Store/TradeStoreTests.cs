using Lianbo.Trade.Store;

namespace Lianbo.Trade.Tests.Store;

public sealed class TradeStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lianbo-trade-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_store_file_is_created_on_first_use_and_opening_it_again_keeps_it()
    {
        var store = TradeStore.InDirectory(_directory);

        await store.InitialiseAsync(TestContext.Current.CancellationToken);
        await store.InitialiseAsync(TestContext.Current.CancellationToken);

        Assert.True(File.Exists(Path.Combine(_directory, TradeStore.FileName)));
        Assert.True(await store.IsHealthyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_file_that_is_not_a_DuckDB_store_is_reported_not_overwritten()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, TradeStore.FileName);
        await File.WriteAllTextAsync(path, "not a database", TestContext.Current.CancellationToken);

        await Assert.ThrowsAnyAsync<Exception>(() => TradeStore.InDirectory(_directory).InitialiseAsync(TestContext.Current.CancellationToken));

        Assert.Equal("not a database", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
