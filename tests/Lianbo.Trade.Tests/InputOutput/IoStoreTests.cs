using System.IO.Compression;
using Lianbo.Trade.InputOutput;

namespace Lianbo.Trade.Tests.InputOutput;

public sealed class IoStoreTests : IDisposable
{
    private readonly TradeTestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_stored_table_reads_back_cell_for_cell_with_its_violations()
    {
        var io = new IoStore(_store.Store);
        var year = IoFixture.Year2011;
        var info = await io.StoreAsync(year.Table, year.Violations, "wiod2013", TestContext.Current.CancellationToken);

        var table = await io.LoadAsync(new IoKey("WIOD", "2013", 2011), TestContext.Current.CancellationToken);
        Assert.NotNull(table);
        Assert.Equal(year.Table.Countries, table.Countries);
        Assert.Equal(year.Table.Sectors, table.Sectors);
        Assert.Equal(year.Table.Z, table.Z);
        Assert.Equal(year.Table.FinalDemand, table.FinalDemand);
        Assert.Equal(year.Table.GrossOutput, table.GrossOutput);
        Assert.Equal(year.Table.Inventories, table.Inventories);
        Assert.Equal(year.Table.ValueAdded, table.ValueAdded);
        Assert.Equal(year.Table.GrossOutput.Sum(), info.GrossOutput, 6);
        var stored = await io.ViolationsAsync(info.Key, TestContext.Current.CancellationToken);
        Assert.Equal(year.Violations.OrderBy(v => (v.Country, v.Sector)), stored.OrderBy(v => (v.Country, v.Sector)));
        Assert.Equal(Math.Abs(year.Violations.MaxBy(v => Math.Abs(v.Difference))!.Difference), Math.Abs(stored[0].Difference));
        Assert.Null(await io.LoadAsync(new IoKey("WIOD", "2013", 2010), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Storing_a_year_again_replaces_it_and_leaves_the_other_years()
    {
        var io = new IoStore(_store.Store);
        var table = Small(2010, 1);
        await io.StoreAsync(table, [], "a", TestContext.Current.CancellationToken);
        await io.StoreAsync(Small(2011, 1), [], "b", TestContext.Current.CancellationToken);
        await io.StoreAsync(Small(2010, 2), [], "c", TestContext.Current.CancellationToken);

        var list = await io.ListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([2011, 2010], list.Select(t => t.Key.Year));
        Assert.Equal("c", list.Single(t => t.Key.Year == 2010).FileName);
        Assert.Equal(Small(2010, 2).Z, (await io.LoadAsync(new IoKey("TEST", "1", 2010), TestContext.Current.CancellationToken))!.Z);
    }

    [Fact]
    public async Task A_malformed_release_is_refused_with_its_line_and_nothing_is_stored()
    {
        var io = new IoStore(_store.Store);
        await io.StoreAsync(Small(2011, 1), [], "before", TestContext.Current.CancellationToken);
        // The shipped release with one damaged line in the 2011 intermediate flows.
        var copy = _store.File("wiod2013");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(WiodReader.ShippedDirectory, "*.csv.gz").Where(f => !Path.GetFileName(f).StartsWith("intermediate-", StringComparison.Ordinal) || f.EndsWith("2011.csv.gz", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var intermediate = Path.Combine(copy, "intermediate-2011.csv.gz");
        var lines = ReadGzip(intermediate);
        lines[1000] = lines[1000][..lines[1000].LastIndexOf(',')] + ",12x";
        WriteGzip(intermediate, lines);

        var e = await Assert.ThrowsAsync<TradeDataException>(() => io.ImportAsync(IoFormat.Wiod2013, copy, 2011, TestContext.Current.CancellationToken));
        Assert.Equal(1001, e.Line);
        Assert.Equal("value_musd", e.Field);
        var list = await io.ListAsync(TestContext.Current.CancellationToken);
        Assert.Equal("before", Assert.Single(list).FileName);
    }

    // Two countries × two sectors, values scaled by k.
    private static IoTable Small(int year, int k) => IoTable.Create("TEST", "1", year, ["AAA", "BBB"], ["s1", "s2"],
        [.. new double[] { 1, 2, 0, 1, 3, 0, 1, 2, 0, 1, 2, 1, 1, 0, 1, 2 }.Select(v => v * k)],
        [.. new double[] { 5, 1, 4, 2, 1, 6, 2, 3 }.Select(v => v * k)],
        [.. new double[] { 9, 12, 10, 9 }.Select(v => v * k)]);

    private static string[] ReadGzip(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        return reader.ReadToEnd().Split('\n');
    }

    private static void WriteGzip(string path, string[] lines)
    {
        using var writer = new StreamWriter(new GZipStream(File.Create(path), CompressionLevel.Fastest));
        writer.Write(string.Join('\n', lines));
    }
}
