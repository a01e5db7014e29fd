using System.Globalization;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Indices;

namespace Lianbo.Trade.Tests.Store;

/// <summary>
/// Issue 18: a refused import left the DuckDB file holding every row it had staged. DuckDB keeps the blocks of a
/// rolled-back table and its file does not shrink, CHECKPOINT or not (20 million rows rolled back left a 1 MB store at
/// 277 MB). Imports now run without optimistic writes, so staged rows reach the file only when the import commits.
/// </summary>
public sealed class StoreSizeTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Rows = 1_000_000;

    [Theory]
    [InlineData("csv")]
    [InlineData("baci")]
    public async Task A_large_import_refused_at_its_last_line_leaves_the_store_file_its_size(string kind)
    {
        await BaciImporter.ImportAsync(_test.Store, WriteBaciSample(), ct: Ct);
        var before = new FileInfo(_test.Store.Path).Length;
        var file = kind == "csv" ? WriteFlows() : await WriteBaciWithItsFirstRowAgainAsync();

        var error = await Assert.ThrowsAsync<TradeDataException>(() => kind == "csv"
            ? CsvImporter.ImportAsync(_test.Store, file, new CsvImportOptions(CsvColumnMapping.Parse(CsvColumnMapping.Default)), ct: Ct)
            : BaciImporter.ImportAsync(_test.Store, file, ct: Ct));

        Assert.Equal(Rows + 2, error.Line);
        var after = new FileInfo(_test.Store.Path).Length;
        Assert.True(after <= before + (256 << 10), $"the store grew from {before:N0} to {after:N0} bytes");
    }

    private string WriteBaciSample()
    {
        var path = _test.File("BACI_HS92_Y2020_V202301.csv");
        File.WriteAllLines(path, File.ReadLines(TradeTestStore.BaciSample).Take(1001).Select((l, i) => i == 0 ? l : "2020" + l[4..]));
        return path;
    }

    // A million flows among 40 countries, streamed to disk; the last line's value is not a number.
    private string WriteFlows()
    {
        var countries = TradeIndicatorSource.IsoCountries().Order(StringComparer.Ordinal).Take(40).ToArray();
        var path = _test.File("flows.csv");
        using var writer = new StreamWriter(path);
        writer.Write("year,exporter,importer,product,value\n");
        var written = 0;
        for (var product = 100_000; written < Rows; product++)
        {
            for (var e = 0; e < countries.Length && written < Rows; e++)
            {
                for (var i = 0; i < countries.Length && written < Rows; i++)
                {
                    if (e != i)
                    {
                        writer.Write(string.Create(CultureInfo.InvariantCulture, $"2021,{countries[e]},{countries[i]},{product},{written % 997 + 0.5}\n"));
                        written++;
                    }
                }
            }
        }

        writer.Write("2021,CHN,USA,999999,oops\n");
        return path;
    }

    // The generator's million rows and, last, its first row again: refused only once the whole file is staged.
    private async Task<string> WriteBaciWithItsFirstRowAgainAsync()
    {
        var path = _test.File("BACI_HS92_Y2021_generated.csv");
        await TradeGenerator.WriteAsync(path, new GenerateOptions(2021, Rows, 3), ct: Ct);
        await File.AppendAllTextAsync(path, File.ReadLines(path).Skip(1).First() + "\n", Ct);
        return path;
    }

    public void Dispose() => _test.Dispose();
}
