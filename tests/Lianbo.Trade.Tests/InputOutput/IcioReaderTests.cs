using System.Text.Json;
using Lianbo.Trade.InputOutput;
using Lianbo.Trade.Tests.Reference;

namespace Lianbo.Trade.Tests.InputOutput;

public sealed class IcioReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lianbo-icio-").FullName;
    private readonly IoFormatTable _t = IoFormatTable.Generate();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, List<string[]> rows)
    {
        var path = Path.Combine(_dir, name);
        IoFormatTable.WriteCsv(path, rows);
        return path;
    }

    private static string SectorsFile => Path.Combine(AppContext.BaseDirectory, "open", "input-output", "sectors-icio.csv");

    [Fact]
    public void Reads_the_2023_layout_flows_final_demand_and_the_OUT_row()
    {
        var year = IcioReader.Read(Write("2018.csv", _t.IcioRows("2023")));
        var table = year.Table;
        Assert.Equal(("OECD ICIO", "2023", 2018), (table.Source, table.Release, table.Year));
        Assert.Equal(_t.Countries, table.Countries);
        Assert.Equal(_t.Sectors, table.Sectors);
        Assert.Equal(_t.Z, table.Z);
        Assert.Equal(_t.FinalByDestination(), table.FinalDemand);
        Assert.Equal(_t.GrossOutput, table.GrossOutput);
        var violation = Assert.Single(year.Violations);
        Assert.Equal((IoFormatTable.OffCountry, IoFormatTable.OffSector), (violation.Country, violation.Sector));
        var i = _t.Index(IoFormatTable.OffCountry, IoFormatTable.OffSector);
        Assert.Equal(_t.RowTotal(i) - _t.GrossOutput[i], violation.Difference, 1e-9 * _t.GrossOutput[i]);
    }

    [Fact]
    public void The_2021_layout_with_China_split_reads_as_one_China_in_2023_codes()
    {
        var path = Write("ICIO2021_2018.csv", _t.IcioRows("2021"));
        Assert.Contains("CN2_D26", File.ReadAllText(path), StringComparison.Ordinal);
        var table = IcioReader.Read(path, 2018).Table;
        Assert.Equal("2021", table.Release);
        Assert.Equal(_t.Countries, table.Countries); // CHN first, ROW last, no CN1 or CN2
        Assert.Equal(_t.Sectors, table.Sectors);     // D20 read as C20, D41T43 as F
        IoFormatReference.Near(_t.Z, table.Z, "Z");
        IoFormatReference.Near(_t.FinalByDestination(), table.FinalDemand, "final demand");
        IoFormatReference.Near(_t.GrossOutput, table.GrossOutput, "gross output");
        Assert.Equal(new[] { (IoFormatTable.OffCountry, IoFormatTable.OffSector) }, table.CheckIdentity().Select(v => (v.Country, v.Sector)));
    }

    [Fact]
    public void China_in_its_own_rows_and_split_is_refused_rather_than_counted_twice()
    {
        var rows = _t.IcioRows("2021");
        Assert.Equal("CHN_D29", rows[3][0]);
        rows[3][5] = "5"; // line 4, China's own motor-vehicle row, no longer empty
        var e = Assert.Throws<TradeDataException>(() => IcioReader.Read(Write("ICIO2021_2018.csv", rows)));
        Assert.Equal(4, e.Line);
        Assert.Contains("count it twice", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2018.csv", "2023")]
    [InlineData("ICIO2021_2018.csv", "2021")]
    public void Matches_the_numpy_and_pandas_reading_of_the_same_csv(string name, string release)
    {
        var path = Write(name, _t.IcioRows(release));
        IoFormatReference.AssertSame(IoFormatReference.Run("icio", path, SectorsFile), IcioReader.Read(path));
    }

    [Fact]
    public void The_same_flows_as_WIOD_2016_xlsx_and_as_ICIO_csv_give_equal_tables()
    {
        var wiodPath = Path.Combine(_dir, "WIOT2014_Nov16_ROW.xlsx");
        IoFormatTable.WriteXlsx(wiodPath, "2014", _t.WiodRows());
        var wiod = Wiod2016Reader.Read(wiodPath).Table;
        // ICIO's sixth category (DPABR) is zero here, so both final demands hold the same five categories.
        var icio = IcioReader.Read(Write("2014.csv", _t.IcioRows("2023"))).Table;
        Assert.Equal(wiod with { Source = icio.Source, Release = icio.Release }, icio, new TableComparer());
    }

    // Header: "", 12 flow columns (B..M), 18 final-use columns, OUT. Rows: line 2 CHN_C20 … line 13 ROW_F, 14 TLS, 15 VA, 16 OUT.
    [Theory]
    [InlineData(4, 3, "12x", "CHN_C29")]
    [InlineData(16, 2, "", null)]          // an empty cell is 0 …
    [InlineData(16, 2, "NaN", "CHN_C26")]  // … but NaN is not a number
    [InlineData(16, 5, "-1", "USA_C20")]
    [InlineData(7, 0, "XXX_C26", "A")]
    [InlineData(1, 7, "XYZ_C29", "XYZ_C29")]
    [InlineData(1, 20, "USA_HFCX", "USA_HFCX")]
    [InlineData(9, 0, "USA_C99", "A")]
    [InlineData(14, 0, "TAX", "A")]
    public void A_bad_cell_is_refused_with_its_line_and_column(int line, int column, string text, string? field)
    {
        var rows = _t.IcioRows("2023");
        rows[line - 1][column] = text;
        var path = Write("2018.csv", rows);
        if (field is null)
        {
            Assert.Equal(0, IcioReader.Read(path).Table.GrossOutput[1]);
            return;
        }

        var e = Assert.Throws<TradeDataException>(() => IcioReader.Read(path));
        Assert.Equal((path, (long?)line, field), (e.File, e.Line, e.Field));
    }

    [Fact]
    public void A_row_label_given_twice_is_refused_at_the_second()
    {
        var rows = _t.IcioRows("2023");
        rows[7][0] = rows[6][0]; // line 8 (USA_C29) relabelled as line 7's USA_C26
        var e = Assert.Throws<TradeDataException>(() => IcioReader.Read(Write("2018.csv", rows)));
        Assert.Equal(8, e.Line);
        Assert.Contains("USA_C26 is given twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_label_given_twice_is_refused()
    {
        var rows = _t.IcioRows("2023");
        rows[0][3] = rows[0][2];
        var e = Assert.Throws<TradeDataException>(() => IcioReader.Read(Write("2018.csv", rows)));
        Assert.Equal(1, e.Line);
        Assert.Equal("CHN_C26", e.Field);
    }

    [Fact]
    public void A_missing_column_is_refused_naming_it()
    {
        var rows = _t.IcioRows("2023").Select(r => r.Where((_, k) => k != 1 + 2 * 4 + 3).ToArray()).ToList(); // ROW_F
        var e = Assert.Throws<TradeDataException>(() => IcioReader.Read(Write("2018.csv", rows)));
        Assert.Equal(1, e.Line);
        Assert.Contains("no column for ROW F", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_short_is_refused()
    {
        var path = Write("2018.csv", _t.IcioRows("2023"));
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, string.Join('\n', lines[..9]) + '\n' + lines[9][..40]);
        var e = Assert.Throws<TradeDataException>(() => IcioReader.Read(path));
        Assert.Equal(10, e.Line);
        Assert.Contains("cut short", e.Message, StringComparison.Ordinal);

        File.WriteAllLines(path, lines[..^1]);
        e = Assert.Throws<TradeDataException>(() => IcioReader.Read(path));
        Assert.Null(e.Line);
        Assert.Contains("no gross-output row OUTPUT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_csv_reads_as_the_csv()
    {
        var path = Path.Combine(_dir, "2018.csv.gz");
        IoFormatTable.WriteCsv(path, _t.IcioRows("2023"));
        Assert.Equal(_t.Z, IcioReader.Read(path).Table.Z);
    }

    [Fact]
    public void The_year_must_agree_with_the_file_name()
    {
        var rows = _t.IcioRows("2023");
        Assert.Throws<TradeDataException>(() => IcioReader.Read(Write("ICIO2021_2017.csv", rows), 2018));
        Assert.Equal(2016, IcioReader.Read(Write("2016_SML.csv", rows)).Table.Year);
        Assert.Contains("no year", Assert.Throws<TradeDataException>(() => IcioReader.Read(Write("table.csv", rows))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_industry_has_its_isic_divisions_both_codes_and_a_Chinese_name()
    {
        var rows = IoFormatTable.ReadCsv(SectorsFile);
        Assert.Equal(["code", "isic_rev4", "name", "name_zh"], rows[0]);
        Assert.Equal(45, rows.Count - 1);
        Assert.Equal(IcioReader.Industries, rows[1..].Select(r => (r[0], r[1])));
        Assert.Equal("D01T02", IcioReader.Code2021Of(rows[1][1]));
        Assert.Equal("D97T98", IcioReader.Code2021Of(rows[^1][1]));
        Assert.All(rows[1..], r => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", r[3]));
        Assert.Equal(45, rows[1..].Select(r => r[3]).Distinct().Count());
    }

    // Two tables are equal when every field is; arrays compared cell by cell.
    private sealed class TableComparer : IEqualityComparer<IoTable>
    {
        public bool Equals(IoTable? a, IoTable? b) =>
            a is not null && b is not null && (a.Source, a.Release, a.Year) == (b.Source, b.Release, b.Year)
            && a.Countries.SequenceEqual(b.Countries) && a.Sectors.SequenceEqual(b.Sectors) && a.Z.SequenceEqual(b.Z)
            && a.FinalDemand.SequenceEqual(b.FinalDemand) && a.GrossOutput.SequenceEqual(b.GrossOutput) && a.ValueAdded.SequenceEqual(b.ValueAdded);

        public int GetHashCode(IoTable t) => t.N;
    }
}

/// <summary>Runs reference/io_formats.py (Python's csv module, pandas and numpy) and compares its reading to the engine's.</summary>
internal static class IoFormatReference
{
    public static JsonElement Run(params string[] args)
    {
        var (code, _, error) = PythonReference.Run("-c", "import numpy, pandas");
        Assert.SkipWhen(code != 0, $"The format reference needs Debian's python3-numpy and python3-pandas ({error.Trim()}). ./test.sh installs them.");
        var script = Path.Combine(AppContext.BaseDirectory, "InputOutput", "reference", "io_formats.py");
        (code, var output, error) = PythonReference.Run([script, .. args]);
        Assert.True(code == 0, $"io_formats.py failed ({code}): {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    public static void AssertSame(JsonElement reference, WiodYear year)
    {
        var table = year.Table;
        Assert.Equal(reference.GetProperty("countries").EnumerateArray().Select(c => c.GetString()), table.Countries);
        Assert.Equal(reference.GetProperty("sectors").EnumerateArray().Select(c => c.GetString()), table.Sectors);
        Near(Doubles(reference, "z"), table.Z, "Z");
        Near(Doubles(reference, "fd"), table.FinalDemand, "final demand");
        Near(Doubles(reference, "x"), table.GrossOutput, "gross output");
        var violations = reference.GetProperty("violations").EnumerateArray().ToList();
        Assert.NotEmpty(violations);
        Assert.Equal(violations.Select(v => (v[0].GetString(), v[1].GetString())), year.Violations.Select(v => ((string?)v.Country, (string?)v.Sector)));
        for (var k = 0; k < violations.Count; k++)
        {
            Near([violations[k][2].GetDouble()], [year.Violations[k].Difference], "difference");
        }
    }

    public static void Near(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            var scale = Math.Max(1, Math.Abs(expected[k]));
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-9 * scale, $"{what}[{k}]: {actual[k]} where the reference has {expected[k]}");
        }
    }

    private static double[] Doubles(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];
}
