using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Lianbo.Trade.Import;

namespace Lianbo.Trade.Tests.Import;

/// <summary>BACI zips that unpack to more than they should are refused, naming the entry, with the store as it was.</summary>
public sealed class SafeZipTests : IDisposable
{
    private const string Year2021 = "BACI_HS92_Y2021_V202301.csv";
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_zip_bomb_of_one_gigabyte_of_zeros_is_refused_by_its_ratio_before_anything_is_unpacked()
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);
        var before = await _test.Store.ListDatasetsAsync(Ct);
        // Written through the deflater a megabyte at a time: the gigabyte is never in memory nor on disk.
        var path = Zip(zip =>
        {
            Entry(zip, Year2021, Sample(1000));
            using var bomb = zip.CreateEntry("BACI_HS92_Y2022_V202301.csv").Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 1024; i++)
            {
                bomb.Write(zeros);
            }
        });
        Assert.True(new FileInfo(path).Length < 2 << 20, "a gigabyte of zeros packs to about a megabyte");

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, path, ct: Ct));

        Assert.Null(error.Line);
        Assert.Equal($"{path}!BACI_HS92_Y2022_V202301.csv", error.File);
        Assert.Matches(@"^packed 1,0\d\d to 1, more than the 100 to 1 an entry may \(a zip bomb\?\)$", error.Problem);
        Assert.Equal(before, await _test.Store.ListDatasetsAsync(Ct));
    }

    [Fact]
    public async Task An_entry_over_the_size_cap_is_refused_by_its_declared_size()
    {
        var path = Zip(zip => Entry(zip, Year2021, Sample(1000)));
        var declared = Declared(path, Year2021);

        var error = await Assert.ThrowsAsync<TradeDataException>(() =>
            BaciImporter.ImportAsync(_test.Store, path, new BaciImportOptions(Archive: new ArchiveLimits(MaxEntryBytes: declared - 1)), ct: Ct));

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{path}!{Year2021}: unpacks to {declared:N0} bytes, more than the {declared - 1:N0} one entry may"), error.Message);
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    [Fact]
    public async Task Entries_over_the_total_cap_are_refused_together()
    {
        var path = Zip(zip =>
        {
            Entry(zip, "BACI_HS92_Y2020_V202301.csv", Sample(1000));
            Entry(zip, Year2021, Sample(1000));
        });
        var total = Declared(path, "BACI_HS92_Y2020_V202301.csv") + Declared(path, Year2021);

        var error = await Assert.ThrowsAsync<TradeDataException>(() =>
            BaciImporter.ImportAsync(_test.Store, path, new BaciImportOptions(Archive: new ArchiveLimits(MaxTotalBytes: total - 1)), ct: Ct));

        Assert.Equal((path, (long?)null), (error.File, error.Line));
        Assert.StartsWith("the entries unpack to more than", error.Problem, StringComparison.Ordinal);
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    [Fact]
    public async Task A_zip_of_more_entries_than_the_default_cap_is_refused_before_any_is_read()
    {
        var path = Zip(zip =>
        {
            Entry(zip, Year2021, Sample(10));
            for (var i = 0; i < 1_000; i++)
            {
                zip.CreateEntry($"empty/{i}.txt");
            }
        });

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, path, ct: Ct));

        Assert.Equal($"{path}: the archive has 1,001 entries; at most 1,000 are accepted", error.Message);
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    // ZipArchive cuts an entry at the size its header declares and reads no further, and trusts a larger one: either
    // lie would store a year that is not the file's, so the bytes unpacked are counted and checked against the CRC-32.
    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public async Task An_entry_whose_header_lies_about_its_size_is_refused_and_no_year_of_the_zip_is_stored(double factor)
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);
        var before = await _test.Store.ListDatasetsAsync(Ct);
        var path = Zip(zip =>
        {
            Entry(zip, "BACI_HS92_Y2020_V202301.csv", Sample(1000, year: 2020));
            Entry(zip, "BACI_HS92_Y2022_V202301.csv", Sample(3000, year: 2022));
        });
        var real = Declared(path, "BACI_HS92_Y2022_V202301.csv");
        SetDeclaredSize(path, "BACI_HS92_Y2022_V202301.csv", (uint)(real * factor));

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, path, ct: Ct));

        Assert.Equal($"{path}!BACI_HS92_Y2022_V202301.csv: the unpacked entry does not match its header (size or CRC-32): the archive is damaged or forged", error.Message);
        Assert.Equal(before, await _test.Store.ListDatasetsAsync(Ct));
    }

    [Fact]
    public async Task A_file_named_zip_that_is_not_one_is_refused_without_a_line()
    {
        var path = _test.File("BACI_HS92_V202301.zip");
        await File.WriteAllTextAsync(path, "t,i,j,k,v,q\n", Ct);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, path, ct: Ct));

        Assert.Equal($"{path}: not a zip archive that can be read", error.Message);
    }

    [Fact]
    public async Task A_zip_within_the_caps_imports_as_before()
    {
        var path = Zip(zip =>
        {
            Entry(zip, "country_codes_V202301.csv", File.ReadLines(TradeTestStore.BaciCountryCodes));
            Entry(zip, Year2021, Sample(2000));
        });

        var imported = Assert.Single(await BaciImporter.ImportAsync(_test.Store, path, ct: Ct));

        Assert.Equal((2021, 2000L), (imported.Year, imported.Rows));
    }

    private string Zip(Action<ZipArchive> fill)
    {
        var path = _test.File("BACI_HS92_V202301.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            fill(zip);
        }

        return path;
    }

    private static void Entry(ZipArchive zip, string name, IEnumerable<string> lines)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(string.Join("\r\n", lines) + "\r\n");
    }

    // The real sample's header and first rows, as another year if asked.
    private static IEnumerable<string> Sample(int rows, int year = 2021) =>
        File.ReadLines(TradeTestStore.BaciSample).Take(rows + 1).Select((l, i) => i == 0 ? l : year.ToString(CultureInfo.InvariantCulture) + l[4..]);

    private static long Declared(string path, string entry)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.GetEntry(entry)!.Length;
    }

    // Rewrites the uncompressed size of one entry in its local header and in the central directory, as a forger would.
    private static void SetDeclaredSize(string path, string entry, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        var name = Encoding.UTF8.GetBytes(entry);
        for (var at = 0; at + 46 < bytes.Length; at++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            var (nameAt, sizeAt) = signature switch
            {
                0x04034b50 => (at + 30, at + 22),
                0x02014b50 => (at + 46, at + 24),
                _ => (-1, -1),
            };
            if (nameAt > 0 && bytes.AsSpan(nameAt).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(sizeAt), size);
            }
        }

        File.WriteAllBytes(path, bytes);
    }

    public void Dispose() => _test.Dispose();
}
