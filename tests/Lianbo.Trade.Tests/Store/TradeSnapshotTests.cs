using System.Globalization;
using Lianbo.Trade.Import;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Tests.Store;

/// <summary>A writer and a reader on one folder, as two web nodes share it: the reader answers from the published snapshots.</summary>
public sealed class TradeSnapshotTests : IDisposable
{
    private readonly TradeTestStore _test = new();

    public TradeSnapshotTests()
    {
        // The real BACI rows again, as the year 2020: a second year for the writer to import while the reader reads.
        File.WriteAllLines(_test.File("BACI_HS92_Y2020_V202301.csv"), File.ReadLines(TradeTestStore.BaciSample)
            .Select((l, i) => i == 0 ? l : 2020.ToString(CultureInfo.InvariantCulture) + l[4..]));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reader_answers_from_the_previous_snapshot_while_the_writer_imports_and_sees_the_new_year_after_it()
    {
        await using var writer = TradeStore.InDirectory(_test.DirectoryPath, TradeRole.Writer).KeepOpen();
        await BaciImporter.ImportAsync(writer, TradeTestStore.BaciSample, ct: Ct);
        await writer.PublishedAsync();
        await using var reader = TradeStore.InDirectory(_test.DirectoryPath, TradeRole.Reader).KeepOpen();
        var changes = 0;
        reader.Changed += () => Interlocked.Increment(ref changes);
        Assert.Equal([2021], (await reader.ListDatasetsAsync(Ct)).Select(d => d.Year));

        var import = BaciImporter.ImportAsync(writer, _test.File("BACI_HS92_Y2020_V202301.csv"), ct: Ct);
        var answers = 0;
        do
        {
            // Every answer during the import is whole: the year stored before it, with its metrics.
            Assert.Contains(2021, (await reader.ListDatasetsAsync(Ct)).Select(d => d.Year));
            Assert.NotNull(await new TradeQueries(reader).MetricsAsync(2021, null, null, null, Ct));
            answers++;
        }
        while (!import.IsCompleted);
        await import;
        await writer.PublishedAsync();
        var changesBefore = Volatile.Read(ref changes);

        // What the web app does every second, so that its cached answers are dropped even when no request opens the store.
        reader.CheckSnapshot();

        Assert.True(Volatile.Read(ref changes) > changesBefore, "the reader tells its caches that the data changed");
        Assert.Equal([2021, 2020], (await reader.ListDatasetsAsync(Ct)).Select(d => d.Year));
        Assert.True(answers > 0);
        Assert.True(await reader.IsHealthyAsync(Ct));
    }

    [Fact]
    public async Task A_reader_refuses_imports_and_says_so()
    {
        await using var writer = TradeStore.InDirectory(_test.DirectoryPath, TradeRole.Writer).KeepOpen();
        await writer.PublishAsync();
        await using var reader = TradeStore.InDirectory(_test.DirectoryPath, TradeRole.Reader).KeepOpen();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => BaciImporter.ImportAsync(reader, TradeTestStore.BaciSample, ct: Ct));

        Assert.Contains("imports and builds run on the writer node", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await writer.ListDatasetsAsync(Ct));
    }

    [Fact]
    public async Task A_reader_before_the_first_snapshot_says_where_it_looked_and_what_to_start()
    {
        await using var reader = TradeStore.InDirectory(_test.DirectoryPath, TradeRole.Reader).KeepOpen();

        var missing = await Assert.ThrowsAsync<TradeSnapshotMissingException>(() => reader.ListDatasetsAsync(Ct));

        Assert.Contains(reader.SnapshotDirectory, missing.Message, StringComparison.Ordinal);
        Assert.Contains("start the writer node", missing.Message, StringComparison.Ordinal);
        Assert.Null(reader.CurrentSnapshot);
    }

    [Fact]
    public async Task The_writer_keeps_the_newest_snapshots_and_the_pointer_names_the_last()
    {
        await using var writer = TradeStore.InDirectory(_test.DirectoryPath, TradeRole.Writer).KeepOpen();
        for (var i = 0; i < TradeSnapshots.Kept + 2; i++)
        {
            await writer.PublishAsync();
        }

        var files = Directory.GetFiles(writer.SnapshotDirectory, "trade-*.duckdb").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Enumerable.Range(3, TradeSnapshots.Kept).Select(g => $"trade-{g:D6}.duckdb"), files);
        Assert.Equal(files[^1], (await File.ReadAllTextAsync(Path.Combine(writer.SnapshotDirectory, TradeSnapshots.PointerName), Ct)).Trim());
        Assert.Empty(Directory.GetFiles(writer.SnapshotDirectory, "*.partial"));
    }

    [Fact]
    public async Task A_single_node_store_publishes_nothing()
    {
        await using var single = TradeStore.InDirectory(_test.DirectoryPath).KeepOpen();
        await BaciImporter.ImportAsync(single, TradeTestStore.BaciSample, ct: Ct);
        await single.PublishedAsync();

        Assert.False(Directory.Exists(single.SnapshotDirectory));
    }

    public void Dispose() => _test.Dispose();
}
