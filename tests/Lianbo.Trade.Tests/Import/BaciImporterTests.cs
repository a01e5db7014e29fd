using System.Globalization;
using System.IO.Compression;
using Lianbo.Trade.Import;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Tests.Import;

public sealed class BaciImporterTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_real_sample_imports_as_BACI_HS92_2021_with_every_row_and_the_value_total()
    {
        var progress = new List<ImportProgress>();

        var imported = await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, progress: new Recorder(progress), ct: Ct);

        var dataset = Assert.Single(imported);
        Assert.Equal(new DatasetKey("BACI", "HS92", 2021), dataset.Key);
        Assert.Equal(TradeTestStore.BaciSampleRows, dataset.Rows);
        // pandas: read_csv(...).v.sum()
        Assert.Equal(69_369_988.138, dataset.TotalValue, 1e-6);
        Assert.Equal("thousands of USD", dataset.Unit);
        Assert.False(dataset.Generated);
        Assert.True(dataset.HasProducts);
        var last = progress[^1];
        Assert.True(last.Finished);
        Assert.Equal(TradeTestStore.BaciSampleRows, last.Rows);
    }

    [Fact]
    public async Task BACI_codes_map_to_ISO_with_each_quirk_stored_beside_it()
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);

        var codes = (await _test.Store.CountryCodesAsync(new DatasetKey("BACI", "HS92", 2021), Ct)).ToDictionary(c => c.Code);

        // 211 codes occur in the sample (pandas: set(i) | set(j)).
        Assert.Equal(211, codes.Count);
        Assert.Equal(("ZAF", "dictionary"), (codes[710].Country, codes[710].Mapping));
        Assert.Equal("FRA", codes[251].Country);
        Assert.Contains("Monaco", codes[251].Mapping, StringComparison.Ordinal);
        Assert.Equal("IND", codes[699].Country);
        Assert.Equal("USA", codes[842].Country);
        Assert.Contains("Puerto Rico", codes[842].Mapping, StringComparison.Ordinal);
        Assert.Equal("ITA", codes[380].Country);
        Assert.Contains("381", codes[380].Mapping, StringComparison.Ordinal);
        Assert.Equal("S19", codes[490].Country);
        Assert.Contains("no ISO 3166 code", codes[490].Mapping, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_the_same_year_again_replaces_it_instead_of_adding_to_it()
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);
        var half = WriteLines("BACI_HS92_Y2021_V202301.csv", File.ReadLines(TradeTestStore.BaciSample).Take(1001));

        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);
        var again = Assert.Single(await _test.Store.ListDatasetsAsync(Ct));
        Assert.Equal(TradeTestStore.BaciSampleRows, again.Rows);

        await BaciImporter.ImportAsync(_test.Store, half, ct: Ct);
        var replaced = Assert.Single(await _test.Store.ListDatasetsAsync(Ct));
        Assert.Equal(1000, replaced.Rows);
        Assert.Equal("V202301", replaced.Release);
        Assert.Equal(1, await CountFlowTablesAsync());
    }

    [Theory]
    [InlineData(5_000, "2021,4,24,382390,abc,\"       13.235\"", "v", "\"abc\" is not a number")]
    [InlineData(60_000, "2021,710,24,382390,52.051", null, "expected 6 columns, found 5")]
    [InlineData(70_001, "2021,710,999,382390,52.051,\"       13.235\"", "j", "the country code 999 is not in the country dictionary")]
    [InlineData(12, "2021,4,24,382390,-1.5,\"       13.235\"", "v", "the value -1.5 is negative or not a number")]
    [InlineData(30_000, "2021,710,24,382390,1,\"  1.2.3\"", "q", "\"  1.2.3\" is not a number")]
    [InlineData(30_001, "2021,710,24,382390,,\"1\"", "v", "the value is missing")]
    [InlineData(71_193, "2021,4,4,382390,1,\"NA\"", "j", "exporter and importer are the same (4 = AFG)")]
    public async Task A_bad_row_is_rejected_with_its_line_and_the_store_keeps_what_it_had(int line, string replacement, string? field, string problem)
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);
        var before = Assert.Single(await _test.Store.ListDatasetsAsync(Ct));
        var lines = File.ReadAllLines(TradeTestStore.BaciSample);
        lines[line - 1] = replacement;
        var bad = WriteLines("BACI_HS92_Y2021_V202301.csv", lines);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, bad, ct: Ct));

        Assert.Equal((line, field, problem), (error.Line, error.Field, error.Problem));
        Assert.Equal(field is null ? $"{bad}, line {line}: {problem}" : $"{bad}, line {line}, column {field}: {problem}", error.Message);
        Assert.Equal(before, Assert.Single(await _test.Store.ListDatasetsAsync(Ct)));
        Assert.Equal(1, await CountFlowTablesAsync());
    }

    // Rows are checked in a parallel scan that stops at whichever bad row it meets; the line reported is still the
    // first bad one in the file, whatever rule each breaks.
    [Theory]
    [InlineData(40_000, 20_000, 20_000, "the country code 999 is not in the country dictionary")]
    [InlineData(20_000, 40_000, 20_000, "\"  1.2.3\" is not a number")]
    public async Task Of_several_bad_rows_the_first_in_the_file_is_reported(int badQuantityLine, int unknownCountryLine, int line, string problem)
    {
        var lines = File.ReadAllLines(TradeTestStore.BaciSample);
        lines[badQuantityLine - 1] = "2021,710,24,382390,1,\"  1.2.3\"";
        lines[unknownCountryLine - 1] = "2021,710,999,382390,52.051,\"       13.235\"";
        lines[70_000] = "2021,4,4,382390,1,\"NA\"";
        var bad = WriteLines("BACI_HS92_Y2021_V202301.csv", lines);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, bad, ct: Ct));

        Assert.Equal((line, problem), (error.Line, error.Problem));
    }

    // Issue 18: a file for 2021 with one stray t=2020 row stored "2020: 1 row", replacing the real 2020.
    [Theory]
    [InlineData("BACI_HS92_Y2021_V202301.csv", null, "as its name says")]
    [InlineData("baci-2021.csv", 2021, "as --year or year= says")]
    [InlineData("baci.csv", null, "as its first row says")]
    public async Task One_row_of_another_year_is_refused_with_its_line_and_leaves_that_year_alone(string name, int? year, string how)
    {
        await BaciImporter.ImportAsync(_test.Store, WriteLines("BACI_HS92_Y2020_V202301.csv", Year(2020, 3000)), ct: Ct);
        var before = await _test.Store.ListDatasetsAsync(Ct);
        var lines = Year(2021, 3000).ToArray();
        lines[2500] = "2020" + lines[2500][4..];
        var stray = WriteLines(name, lines);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, stray, new BaciImportOptions(Revision: "HS92", Year: year), ct: Ct));

        Assert.Equal((2501L, "t"), (error.Line, error.Field));
        Assert.Equal($"the year 2020 is not the year of the file (2021, {how}); storing it would replace all of 2020 with this row: import that year from its own file", error.Problem);
        Assert.Equal(before, await _test.Store.ListDatasetsAsync(Ct));
        Assert.Equal(3000, Assert.Single(before).Rows);
        Assert.Equal(1, await CountFlowTablesAsync());
    }

    [Fact]
    public async Task A_year_given_that_the_name_contradicts_is_refused_and_of_a_zip_only_that_years_entry_is_imported()
    {
        var zip = WriteZip(("BACI_HS92_Y2020_V202301.csv", Year(2020, 200)), ("BACI_HS92_Y2021_V202301.csv", Year(2021, 300)));

        var contradicted = await Assert.ThrowsAsync<TradeDataException>(() =>
            BaciImporter.ImportAsync(_test.Store, WriteLines("BACI_HS92_Y2021_V202301.csv", Year(2021, 10)), new BaciImportOptions(Year: 2020), ct: Ct));
        var missing = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, zip, new BaciImportOptions(Year: 2019), ct: Ct));
        var only = await BaciImporter.ImportAsync(_test.Store, zip, new BaciImportOptions(Year: 2020), ct: Ct);

        Assert.Equal("the name says the year 2021 but the year 2020 was given", contradicted.Problem);
        Assert.Equal("the zip holds no BACI_HSxx_Y2019_Vnnnnnn.csv file", missing.Problem);
        Assert.Equal([(2020, 200L)], only.Select(d => (d.Year, d.Rows)));
        Assert.Equal([2020], (await _test.Store.ListDatasetsAsync(Ct)).Select(d => d.Year));
    }

    [Fact]
    public async Task A_file_that_is_not_BACI_is_rejected_at_its_header()
    {
        var bad = WriteLines("BACI_HS92_Y2021_V202301.csv", ["year,i,j,k,v,q", "2021,4,24,382390,1,2"]);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, bad, ct: Ct));

        Assert.Equal(1, error.Line);
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    [Fact]
    public async Task A_zip_as_CEPII_ships_it_imports_every_year_with_its_own_dictionary()
    {
        var zip = WriteZip(("BACI_HS92_Y2020_V202301.csv", Year(2020, 2000)), ("BACI_HS92_Y2021_V202301.csv", Year(2021, 3000)));

        var imported = await BaciImporter.ImportAsync(_test.Store, zip, ct: Ct);

        Assert.Equal([2021, 2020], imported.Select(d => d.Year));
        Assert.Equal([3000L, 2000L], imported.Select(d => d.Rows));
        Assert.All(imported, d => Assert.Equal(("BACI", "HS92", "V202301"), (d.Source, d.Revision, d.Release)));
    }

    [Fact]
    public async Task A_bad_row_in_one_year_of_a_zip_stores_no_year_of_it()
    {
        var bad = Year(2021, 3000).ToArray();
        bad[2500] = "2021,4,24,382390,x,\"1\"";
        var zip = WriteZip(("BACI_HS92_Y2020_V202301.csv", Year(2020, 2000)), ("BACI_HS92_Y2021_V202301.csv", bad));

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, zip, ct: Ct));

        Assert.Equal(2501, error.Line);
        Assert.EndsWith("!BACI_HS92_Y2021_V202301.csv", error.File, StringComparison.Ordinal);
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
        Assert.Equal(0, await CountFlowTablesAsync());
    }

    // DuckDB reads an entry from its unpacked copy in a temporary folder and quotes that path in its errors (and at the
    // start of a file, where it guesses the dialect, names no line): the error names the entry in the zip and the line.
    [Theory]
    [InlineData(5)]
    [InlineData(20_000)]
    public async Task An_entry_DuckDB_cannot_read_is_refused_naming_the_entry_and_the_line_never_its_unpacked_copy(int line)
    {
        var lines = Year(2021, 30_000).ToArray();
        lines[line - 1] = "2021,710,4,10632,\"1.0,1.0";
        var zip = WriteZip(("BACI_HS92_Y2021_V202301.csv", lines));

        var refused = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, zip, ct: Ct));

        Assert.Equal($"{zip}!BACI_HS92_Y2021_V202301.csv, line {line}, column v: the quotation mark that opens field 5 is not closed on this line", refused.Message);
        Assert.DoesNotContain("lianbo-baci-", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    // Issue 18: DuckDB reported a 200 MB line at line 1001 as line 1. The file is streamed to disk, never held in memory,
    // and the check stops reading the line once it is too long to be a row.
    [Fact]
    public async Task A_200_MB_line_at_line_1001_is_refused_as_line_1001()
    {
        var path = _test.File("BACI_HS92_Y2021_V202301.csv");
        await using (var writer = new StreamWriter(path))
        {
            foreach (var line in File.ReadLines(TradeTestStore.BaciSample).Take(1000))
            {
                await writer.WriteAsync(line + "\n");
            }

            await writer.WriteAsync("2021,4,24,382390,");
            var digits = new string('9', 1 << 20);
            for (var i = 0; i < 200; i++)
            {
                await writer.WriteAsync(digits);
            }

            await writer.WriteAsync(",\"1\"\n2021,4,24,481890,0.041,\"0.022\"\n");
        }

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, path, ct: Ct));

        Assert.Equal(1001, error.Line);
        Assert.Equal("the line is longer than 1,048,576 bytes; no row of trade data is that long", error.Problem);
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    // Mixed CRLF, LF and CR line ends (DuckDB read such a file as nothing, or failed in its own words), CR alone, and a
    // last line without its line end: every row is imported, and lines are counted as an editor counts them.
    [Theory]
    [InlineData("\r\n", "\n", "\r", true)]
    [InlineData("\r", "\r", "\r", true)]
    [InlineData("\n", "\n", "\n", false)]
    public async Task Any_line_ends_and_a_last_line_without_one_import_every_row(string first, string second, string third, bool lastEnds)
    {
        var lines = File.ReadLines(TradeTestStore.BaciSample).Take(3001).ToList();
        string[] ends = [first, second, third];
        var text = string.Concat(lines.Select((l, i) => l + (i < lines.Count - 1 || lastEnds ? ends[i % 3] : "")));
        var path = _test.File("BACI_HS92_Y2021_V202301.csv");
        await File.WriteAllTextAsync(path, text, Ct);

        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, path, ct: Ct));

        // pandas: read_csv(...).head(3000).v.sum()
        var expected = lines.Skip(1).Sum(l => double.Parse(l.Split(',')[4], CultureInfo.InvariantCulture));
        Assert.Equal((3000L, Math.Round(expected, 6)), (dataset.Rows, Math.Round(dataset.TotalValue, 6)));
        lines[2999] = "2021,4,24,382390,oops,\"1\"";
        await File.WriteAllTextAsync(path, string.Concat(lines.Select((l, i) => l + ends[i % 3])), Ct);
        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, path, ct: Ct));
        Assert.Equal((3000L, "v"), (error.Line, error.Field));
    }

    [Fact]
    public async Task A_generated_file_is_stored_as_generated_and_leaves_real_BACI_alone()
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);
        var generated = WriteLines("BACI_HS92_Y2021_generated_S1_N100.csv", File.ReadLines(TradeTestStore.BaciSample).Take(101));

        var imported = Assert.Single(await BaciImporter.ImportAsync(_test.Store, generated, ct: Ct));

        Assert.Equal(("generated", true), (imported.Source, imported.Generated));
        Assert.Equal(2, (await _test.Store.ListDatasetsAsync(Ct)).Count);
    }

    [Fact]
    public async Task A_cancelled_import_stores_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: cancelled.Token));

        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    // The sample's first rows as another year, with the dictionary's name as CEPII's zips carry it.
    private static IEnumerable<string> Year(int year, int rows) =>
        File.ReadLines(TradeTestStore.BaciSample).Take(rows + 1)
            .Select((l, i) => i == 0 ? l : year.ToString(CultureInfo.InvariantCulture) + l[4..]);

    // The structure pass runs beside DuckDB's scan (CsvFile.CheckWhileReadingAsync), yet what it refuses is what the user
    // is told, as when it ran first: here a stray quotation mark far below a row whose exporter DuckDB refuses at once.
    [Fact]
    public async Task A_structure_error_below_a_bad_row_is_the_one_reported()
    {
        var lines = File.ReadLines(TradeTestStore.BaciSample).Take(3001).ToList();
        lines[1] = "2021,5,24,382390,1,\"1\"";
        lines[2999] = "2021,4,24,382390,1\"x\",\"1\"";
        var path = WriteLines("BACI_HS92_Y2021_V202301.csv", lines);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, path, ct: Ct));

        Assert.Equal((3000L, "v"), (error.Line, error.Field));
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    // DistinctFlows proves only CEPII's order (t, i, j, k rising) free of repeated flows; rows in any other order are
    // grouped by DuckDB instead, and import the same.
    [Fact]
    public async Task Rows_in_another_order_import_every_row()
    {
        var lines = File.ReadLines(TradeTestStore.BaciSample).Take(3001).ToList();
        var path = WriteLines("BACI_HS92_Y2021_V202301.csv", [lines[0], .. lines.Skip(1).Reverse()]);

        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, path, ct: Ct));

        Assert.Equal(3000L, dataset.Rows);
    }

    // The structure check proves most files free of repeated flows before DuckDB reads them (DistinctFlows); a flow
    // written twice in two ways must still be found, as DuckDB reads both into the same numbers.
    [Theory]
    [InlineData("2021,4,24,10632,1,\"1\"", "2021,4,24,010632,2,\"1\"")]
    [InlineData("2021,4,24,10632,1,\"1\"", "\"2021\",\"4\",\"24\",\"10632\",2,\"1\"")]
    [InlineData("2021,4,24,10632,1,\"1\"", "2021, 4,24,10632,2,\"1\"")]
    public async Task A_flow_written_twice_in_two_ways_is_refused_with_both_lines(string first, string again)
    {
        var path = WriteLines("BACI_HS92_Y2021_V202301.csv", ["\"t\",\"i\",\"j\",\"k\",\"v\",\"q\"", "2021,4,36,80211,2.5,\"NA\"", first, "2021,710,4,10632,3,\"1\"", again]);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => BaciImporter.ImportAsync(_test.Store, path, ct: Ct));

        Assert.Equal(5, error.Line);
        Assert.Contains("the same flow (t 2021, i 4, j 24, k 10632) is already on line 3", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    private string WriteLines(string name, IEnumerable<string> lines)
    {
        var path = _test.File(name);
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n");
        return path;
    }

    private string WriteZip(params (string Name, IEnumerable<string> Lines)[] years)
    {
        var path = _test.File("BACI_HS92_V202301.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        zip.CreateEntryFromFile(TradeTestStore.BaciCountryCodes, "country_codes_V202301.csv");
        foreach (var (name, lines) in years)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(string.Join("\r\n", lines) + "\r\n");
        }

        return path;
    }

    private async Task<long> CountFlowTablesAsync()
    {
        await using var connection = _test.Store.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'flows_%' OR table_name LIKE 'codes_%' OR table_name LIKE 'raw_%'";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    // Reports at once, in order (Progress<T> would post to the thread pool).
    private sealed class Recorder(List<ImportProgress> list) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => list.Add(value);
    }

    public void Dispose() => _test.Dispose();
}
