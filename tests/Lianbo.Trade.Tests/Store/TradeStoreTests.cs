using Lianbo.Trade.Import;
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
    public async Task Many_first_reads_at_once_of_a_store_kept_open_set_its_tables_up_once_without_a_conflict()
    {
        var ct = TestContext.Current.CancellationToken;
        // Before, each read of indices, indicators or open data ran its own CREATE TABLE IF NOT EXISTS, and two at once
        // failed with DuckDB's "write-write conflict on create" (found by the web's bad-value probe sending reads at once).
        for (var round = 0; round < 5; round++)
        {
            await using var store = TradeStore.InDirectory(Path.Combine(_directory, round.ToString(System.Globalization.CultureInfo.InvariantCulture))).KeepOpen();
            var reads = Enumerable.Range(0, 16).Select(i => Task.Run(async () => i % 2 == 0
                ? (await new Lianbo.Trade.Indices.IndexStore(store).ListAsync(ct)).Count
                : (await new Lianbo.Trade.Indices.IndexStore(store).CoverageAsync("connectivity", ct)).Count, ct));

            Assert.All(await Task.WhenAll(reads), count => Assert.Equal(0, count));
        }
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

    [Fact]
    public async Task A_stored_year_exports_to_Parquet_with_ISO_codes_beside_the_source_codes_and_six_digit_products()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = TradeStore.InDirectory(_directory);
        var dataset = Assert.Single(await BaciImporter.ImportAsync(store, TradeTestStore.BaciSample, ct: ct));

        var file = await store.ExportParquetAsync(dataset.Key, ct: ct);

        Assert.Equal(Path.Combine(_directory, "parquet", "BACI", "HS92", "2021.parquet"), file);
        await using var connection = store.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), sum(value), count(*) FILTER (WHERE importer = 'ITA' AND importer_code = 380), min(length(product)), count(*) FILTER (WHERE quantity IS NULL), sum(quantity) FROM '{file}'";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        Assert.Equal(TradeTestStore.BaciSampleRows, reader.GetInt64(0));
        Assert.Equal(dataset.TotalValue, reader.GetDouble(1), 1e-6);
        Assert.True(reader.GetInt64(2) > 0);
        Assert.Equal(6, reader.GetInt32(3));
        // q: 2,306 padded NA are missing quantities (pandas: (d.q.str.strip() == "NA").sum()); the others are numbers.
        Assert.Equal(2_306, reader.GetInt64(4));
        Assert.Equal(95_549_654.973, reader.GetDouble(5), 1e-3);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
