using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lianbo.Trade.InputOutput;

namespace Lianbo.Trade.Tests.InputOutput;

public sealed class Wiod2016ReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lianbo-wiod2016-").FullName;
    private readonly IoFormatTable _t = IoFormatTable.Generate();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, List<string[]> rows)
    {
        var path = Path.Combine(_dir, name);
        if (name.EndsWith(".xlsx", StringComparison.Ordinal))
        {
            IoFormatTable.WriteXlsx(path, "2014", rows);
        }
        else
        {
            IoFormatTable.WriteCsv(path, rows);
        }

        return path;
    }

    [Theory]
    [InlineData("WIOT2014_Nov16_ROW.xlsx")]
    [InlineData("WIOT2014_Nov16_ROW.csv")]
    public void Reads_flows_final_demand_by_destination_and_the_GO_row(string name)
    {
        var year = Wiod2016Reader.Read(Write(name, _t.WiodRows()));
        var table = year.Table;
        Assert.Equal(("WIOD", "2016", 2014), (table.Source, table.Release, table.Year));
        Assert.Equal(_t.Countries, table.Countries);
        Assert.Equal(_t.Sectors, table.Sectors);
        Assert.Equal(_t.Z, table.Z);
        Assert.Equal(_t.FinalByDestination(), table.FinalDemand);
        // INVEN, the fifth category, kept apart for upstreamness too.
        var inventories = Enumerable.Range(0, _t.N).Select(i => Enumerable.Range(0, _t.Countries.Length).Sum(d => _t.Final[i, d, 4])).ToArray();
        Assert.Equal(inventories.Length, table.Inventories!.Length);
        Assert.All(inventories.Zip(table.Inventories), p => Assert.Equal(p.First, p.Second, 1e-9));
        Assert.Contains(table.Inventories, v => v < 0);
        Assert.Equal(_t.GrossOutput, table.GrossOutput);
        // Value added is what the GO row leaves over the intermediate inputs, the sum of the rows TXSP … IntTTM as written.
        for (var j = 0; j < _t.N; j++)
        {
            Assert.Equal(_t.ValueAddedRows.Sum(r => r[j]), table.ValueAdded[j], 1e-9 * _t.GrossOutput[j]);
        }
    }

    [Fact]
    public void The_xlsx_and_its_csv_give_the_same_table()
    {
        var xlsx = Wiod2016Reader.Read(Write("WIOT2014_Nov16_ROW.xlsx", _t.WiodRows())).Table;
        var csv = Wiod2016Reader.Read(Write("wiot.csv", _t.WiodRows()), 2014).Table;
        Assert.Equal(xlsx.Countries, csv.Countries);
        Assert.Equal(xlsx.Z, csv.Z);
        Assert.Equal(xlsx.FinalDemand, csv.FinalDemand);
        Assert.Equal(xlsx.GrossOutput, csv.GrossOutput);
    }

    [Theory]
    [InlineData("WIOT2014_Nov16_ROW.xlsx")]
    [InlineData("WIOT2014_Nov16_ROW.csv")]
    public void The_row_that_does_not_add_up_is_the_one_violation(string name)
    {
        var year = Wiod2016Reader.Read(Write(name, _t.WiodRows()));
        var violation = Assert.Single(year.Violations);
        Assert.Equal((IoFormatTable.OffCountry, IoFormatTable.OffSector), (violation.Country, violation.Sector));
        var i = _t.Index(IoFormatTable.OffCountry, IoFormatTable.OffSector);
        Assert.Equal(_t.RowTotal(i) - _t.GrossOutput[i], violation.Difference, 1e-9 * _t.GrossOutput[i]);
        Assert.True(Math.Abs(violation.Difference) > violation.Tolerance);
    }

    [Fact]
    public void Matches_the_numpy_reading_of_the_same_csv()
    {
        var path = Write("WIOT2014_Nov16_ROW.csv", _t.WiodRows());
        var table = Wiod2016Reader.Read(path);
        IoFormatReference.AssertSame(IoFormatReference.Run("wiod2016", path), table);
    }

    // Sheet rows: 1–6 the header, 7.. the 12 industry rows (USA C29 is row 7 + 2*4 + 2 = 17), 19.. the total rows (GO is 26).
    [Theory]
    [InlineData("a.xlsx", 9, 5, "12x", "F")]
    [InlineData("a.csv", 9, 5, "12x", "F")]
    [InlineData("a.csv", 26, 6, "1e999", "G")]
    [InlineData("a.xlsx", 26, 6, "-3", "G")]
    [InlineData("a.csv", 11, 2, "XXX", "C")]
    [InlineData("a.xlsx", 5, 8, "XYZ", "I")]
    [InlineData("a.csv", 3, 9, "C99", "J")]
    [InlineData("a.xlsx", 12, 0, "Z99", "A")]
    [InlineData("a.csv", 22, 0, "PURRR", "A")]
    public void A_bad_cell_is_refused_with_its_row_and_column(string name, int line, int column, string text, string field)
    {
        var rows = _t.WiodRows();
        rows[line - 1][column] = text;
        var path = Write(name, rows);
        var e = Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(path, 2014));
        Assert.Equal(path, e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.xlsx")]
    [InlineData("a.csv")]
    public void The_header_is_found_by_what_it_holds_without_the_title_rows(string name)
    {
        var rows = _t.WiodRows();
        rows.RemoveRange(0, 2); // no title and unit rows: codes on row 1, countries on row 3, industries from row 5
        var table = Wiod2016Reader.Read(Write(name, rows), 2014).Table;
        Assert.Equal(_t.Z, table.Z);
        Assert.Equal(_t.GrossOutput, table.GrossOutput);

        rows.RemoveAt(2); // and no country row: refused at the first industry row, now row 4
        var e = Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(Write(name, rows), 2014));
        Assert.Equal(4, e.Line);
        Assert.Contains("names the countries", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.xlsx")]
    [InlineData("a.csv")]
    public void A_row_given_twice_is_refused_at_the_second(string name)
    {
        var rows = _t.WiodRows();
        rows[13 - 1] = (string[])rows[9 - 1].Clone(); // row 13 (USA C29) becomes a second CHN C29
        var e = Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(Write(name, rows), 2014));
        Assert.Equal(13, e.Line);
        Assert.Equal("C", e.Field);
        Assert.Contains("CHN C29", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.xlsx")]
    [InlineData("a.csv")]
    public void A_missing_column_is_refused_naming_it(string name)
    {
        // Drop the column of USA C26 (E + 1*4 + 1 = J) from every row.
        var rows = _t.WiodRows().Select(r => r.Where((_, k) => k != 4 + 1 * 4 + 1).ToArray()).ToList();
        var e = Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(Write(name, rows), 2014));
        Assert.Equal(5, e.Line);
        Assert.Contains("no column for USA C26", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_final_use_column_is_refused_naming_it()
    {
        var gfcf = 4 + _t.N + 5 + 3; // USA's GFCF
        var rows = _t.WiodRows().Select(r => r.Where((_, k) => k != gfcf).ToArray()).ToList();
        var e = Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(Write("a.csv", rows), 2014));
        Assert.Equal(5, e.Line);
        Assert.Contains("GFCF for USA", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_cut_inside_a_line_is_refused_at_that_line()
    {
        var path = Write("a.csv", _t.WiodRows());
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, string.Join('\n', lines[..14]) + '\n' + lines[14][..(lines[14].Length / 2)]);
        var e = Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(path, 2014));
        Assert.Equal(15, e.Line);
        Assert.Contains("cut short", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.xlsx")]
    [InlineData("a.csv")]
    public void A_file_cut_before_its_last_rows_is_refused(string name)
    {
        var rows = _t.WiodRows();
        var path = Write(name, rows[..16]);
        var e = Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(path, 2014));
        Assert.Null(e.Line);
        Assert.Contains("no row for ROW C29", e.Message, StringComparison.Ordinal);
        Assert.Contains("cut short", e.Message, StringComparison.Ordinal);

        path = Write(name, rows[..^1]); // without GO
        e = Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(path, 2014));
        Assert.Contains("no gross-output row GO", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_workbook_is_refused()
    {
        var path = Write("a.xlsx", _t.WiodRows());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        var e = Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(path, 2014));
        Assert.Null(e.Line);
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void An_xlsb_is_refused_with_what_to_do()
    {
        var path = Path.Combine(_dir, "WIOT2014_Nov16_ROW.xlsb");
        File.WriteAllBytes(path, [0x50, 0x4b, 3, 4]);
        var e = Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(path));
        Assert.Contains("save the sheet as .xlsx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_year_comes_from_the_sheet_or_the_name_and_must_agree()
    {
        var path = Write("table.xlsx", _t.WiodRows()); // sheet "2014"
        Assert.Equal(2014, Wiod2016Reader.Read(path).Table.Year);
        Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(path, 2013));
        Assert.Throws<ArgumentOutOfRangeException>(() => Wiod2016Reader.Read(path, 1999));
        var csv = Write("table.csv", _t.WiodRows());
        Assert.Contains("no year", Assert.Throws<TradeDataException>(() => Wiod2016Reader.Read(csv)).Message, StringComparison.Ordinal);
        Assert.Equal(2010, Wiod2016Reader.Read(csv, 2010).Table.Year);
    }

    [Fact]
    public void Every_industry_has_its_isic_divisions_and_a_Chinese_name()
    {
        var rows = IoFormatTable.ReadCsv(Path.Combine(AppContext.BaseDirectory, "open", "input-output", "sectors-wiod2016.csv"));
        Assert.Equal(["code", "isic_rev4", "name", "name_zh"], rows[0]);
        Assert.Equal(Wiod2016Reader.Industries, rows[1..].Select(r => r[0]));
        Assert.All(rows[1..], r => Assert.Matches(@"^\d\d(-\d\d)?$", r[1]));
        Assert.All(rows[1..], r => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", r[3]));
        Assert.Equal(rows.Count - 1, rows[1..].Select(r => r[3]).Distinct().Count());
    }
}

/// <summary>
/// A small table in the real layouts: 3 regions (CHN, USA, ROW) × 4 industries whose codes WIOD 2016 and the ICIO 2023
/// share (C20, C26, C29, F), random flows, final use by category (inventories may be negative), a GO row that equals
/// each row's total use except USA C26, which is 3% more.
/// </summary>
internal sealed class IoFormatTable
{
    public const string OffCountry = "USA";
    public const string OffSector = "C26";

    public string[] Countries { get; } = ["CHN", "USA", "ROW"];
    public string[] Sectors { get; } = ["C20", "C26", "C29", "F"];
    public int N => Countries.Length * Sectors.Length;
    public double[] Z { get; private set; } = [];

    /// <summary>Final use [row, destination country, category], five WIOD categories.</summary>
    public double[,,] Final { get; private set; } = new double[0, 0, 0];

    public double[] GrossOutput { get; private set; } = [];

    /// <summary>TXSP, EXP_adj, PURR, PURNR, VA, IntTTM by column: they add up with the intermediate inputs to GO.</summary>
    public double[][] ValueAddedRows { get; private set; } = [];

    public int Index(string country, string sector) => Array.IndexOf(Countries, country) * Sectors.Length + Array.IndexOf(Sectors, sector);

    public static IoFormatTable Generate(int seed = 23)
    {
        var t = new IoFormatTable();
        var random = new Random(seed);
        var n = t.N;
        var m = t.Countries.Length;
        // Three decimals, as the release prints them: the text written is the number read.
        double Draw(double scale) => Math.Round(random.NextDouble() * scale, 3);
        t.Z = new double[n * n];
        for (var k = 0; k < t.Z.Length; k++)
        {
            t.Z[k] = random.NextDouble() < 0.15 ? 0 : Draw(500);
        }

        t.Final = new double[n, m, 5];
        for (var i = 0; i < n; i++)
        {
            for (var d = 0; d < m; d++)
            {
                for (var c = 0; c < 5; c++)
                {
                    t.Final[i, d, c] = c == 4 ? Math.Round(Draw(60) - 30, 3) : Draw(900);
                }
            }
        }

        t.GrossOutput = new double[n];
        for (var i = 0; i < n; i++)
        {
            t.GrossOutput[i] = t.RowTotal(i);
        }

        var off = t.Index(OffCountry, OffSector);
        t.GrossOutput[off] = Math.Round(t.GrossOutput[off] * 1.03, 3);
        t.ValueAddedRows = new double[6][];
        for (var r = 0; r < 6; r++)
        {
            t.ValueAddedRows[r] = new double[n];
        }

        for (var j = 0; j < n; j++)
        {
            var inputs = Enumerable.Range(0, n).Sum(i => t.Z[i * n + j]);
            var rest = t.GrossOutput[j] - inputs;
            for (var r = 0; r < 6; r++)
            {
                t.ValueAddedRows[r][j] = r == 4 ? 0 : Math.Round(rest * 0.02 * (r + 1), 3);
            }

            t.ValueAddedRows[4][j] = rest - t.ValueAddedRows.Sum(row => row[j]);
        }

        return t;
    }

    /// <summary>What row i sells: intermediate use plus final use.</summary>
    public double RowTotal(int i)
    {
        var sum = 0.0;
        for (var j = 0; j < N; j++)
        {
            sum += Z[i * N + j];
        }

        for (var d = 0; d < Countries.Length; d++)
        {
            for (var c = 0; c < 5; c++)
            {
                sum += Final[i, d, c];
            }
        }

        return sum;
    }

    /// <summary>Final use summed over categories, by destination: N × countries.</summary>
    public double[] FinalByDestination(int categories = 5)
    {
        var m = Countries.Length;
        var f = new double[N * m];
        for (var i = 0; i < N; i++)
        {
            for (var d = 0; d < m; d++)
            {
                for (var c = 0; c < categories; c++)
                {
                    f[i * m + d] += Final[i, d, c];
                }
            }
        }

        return f;
    }

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The sheet of WIOT2014_Nov16_ROW as rows of cells from column A (see docs/io-formats.md).</summary>
    public List<string[]> WiodRows()
    {
        var n = N;
        var m = Countries.Length;
        var width = 4 + n + 5 * m + 1;
        string[] Row() => Enumerable.Repeat("", width).ToArray();
        var rows = new List<string[]>();
        var title = Row();
        title[0] = "World Input-Output Table 2014";
        rows.Add(title);
        var unit = Row();
        unit[0] = "(millions of US$)";
        rows.Add(unit);
        var codes = Row();
        var names = Row();
        var countries = Row();
        var numbers = Row();
        for (var j = 0; j < n; j++)
        {
            codes[4 + j] = Sectors[j % Sectors.Length];
            names[4 + j] = "Industry " + Sectors[j % Sectors.Length];
            countries[4 + j] = Countries[j / Sectors.Length];
            numbers[4 + j] = "c" + (Array.IndexOf(Wiod2016Reader.Industries.ToArray(), Sectors[j % Sectors.Length]) + 1);
        }

        for (var d = 0; d < m; d++)
        {
            for (var c = 0; c < 5; c++)
            {
                codes[4 + n + d * 5 + c] = Wiod2016Reader.FinalUses[c];
                names[4 + n + d * 5 + c] = "Final use " + Wiod2016Reader.FinalUses[c];
                countries[4 + n + d * 5 + c] = Countries[d];
                numbers[4 + n + d * 5 + c] = "c" + (57 + c);
            }
        }

        codes[^1] = "GO";
        names[^1] = "Total output";
        countries[^1] = "TOT";
        numbers[^1] = "c62";
        rows.AddRange([codes, names, countries, numbers]);
        for (var i = 0; i < n; i++)
        {
            var row = Row();
            var sector = Sectors[i % Sectors.Length];
            row[0] = sector;
            row[1] = "Manufacture of things, sector " + sector; // a comma, quoted in CSV
            row[2] = Countries[i / Sectors.Length];
            row[3] = "r" + (Array.IndexOf(Wiod2016Reader.Industries.ToArray(), sector) + 1);
            for (var j = 0; j < n; j++)
            {
                row[4 + j] = Text(Z[i * n + j]);
            }

            for (var d = 0; d < m; d++)
            {
                for (var c = 0; c < 5; c++)
                {
                    row[4 + n + d * 5 + c] = Text(Final[i, d, c]);
                }
            }

            row[^1] = Text(RowTotal(i));
            rows.Add(row);
        }

        string[] Total(string code, int number, Func<int, double> value)
        {
            var row = Row();
            row[0] = code;
            row[1] = "Total " + code;
            row[2] = "TOT";
            row[3] = "r" + number;
            for (var j = 0; j < n; j++)
            {
                row[4 + j] = Text(value(j));
            }

            return row;
        }

        rows.Add(Total("II_fob", 64, j => Enumerable.Range(0, n).Sum(i => Z[i * n + j])));
        for (var r = 0; r < 6; r++)
        {
            var values = ValueAddedRows[r];
            rows.Add(Total(Wiod2016Reader.TotalRows[r + 1], 65 + r, j => values[j]));
        }

        rows.Add(Total("GO", 73, j => GrossOutput[j]));
        return rows;
    }

    /// <summary>
    /// The table as an OECD ICIO CSV. release 2021: D codes, empty CHN rows and columns beside CN1 and CN2 (which share
    /// China's flows 30/70); release 2023: A01_02-style codes, one CHN. Final use in six categories (DPABR zero).
    /// </summary>
    public List<string[]> IcioRows(string release)
    {
        var n = N;
        var m = Countries.Length;
        var split = release == "2021";
        string Code(string sector) => split
            ? IcioReader.Code2021Of(IcioReader.Industries.Single(i => i.Code == sector).IsicRev4)
            : sector;
        // Row and column blocks: (label country, source country index, share of that country's flows).
        var blocks = Countries.Select((c, k) => (Label: c, Country: k, Share: split && c == "CHN" ? 0.0 : 1.0)).ToList();
        if (split)
        {
            var chn = Array.IndexOf(Countries, "CHN");
            // As the 2021 release does: the split economies after ROW.
            blocks.Add(("CN1", chn, 0.3));
            blocks.Add(("CN2", chn, 0.7));
        }

        var fd = new[] { "HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR" };
        var header = new List<string> { "" };
        header.AddRange(blocks.SelectMany(b => Sectors.Select(s => $"{b.Label}_{Code(s)}")));
        header.AddRange(Countries.SelectMany(c => fd.Select(f => $"{c}_{f}")));
        header.Add(split ? "TOTAL" : "OUT");
        var rows = new List<string[]> { header.ToArray() };
        foreach (var rb in blocks)
        {
            for (var s = 0; s < Sectors.Length; s++)
            {
                var i = rb.Country * Sectors.Length + s;
                var row = new List<string> { $"{rb.Label}_{Code(Sectors[s])}" };
                var total = 0.0;
                foreach (var cb in blocks)
                {
                    for (var t = 0; t < Sectors.Length; t++)
                    {
                        var v = Z[i * n + cb.Country * Sectors.Length + t] * rb.Share * cb.Share;
                        total += v;
                        row.Add(Text(v));
                    }
                }

                for (var d = 0; d < m; d++)
                {
                    for (var c = 0; c < 6; c++)
                    {
                        var v = c < 5 ? Final[i, d, c] * rb.Share : 0;
                        total += v;
                        row.Add(Text(v));
                    }
                }

                row.Add(Text(total));
                rows.Add([.. row]);
            }
        }

        string[] Bottom(string label, Func<int, double> value)
        {
            var row = new List<string> { label };
            foreach (var cb in blocks)
            {
                for (var t = 0; t < Sectors.Length; t++)
                {
                    row.Add(Text(value(cb.Country * Sectors.Length + t) * cb.Share));
                }
            }

            row.AddRange(Enumerable.Repeat("0", m * 6 + 1));
            return [.. row];
        }

        rows.Add(Bottom("TLS", j => ValueAddedRows[0][j]));
        rows.Add(Bottom("VA", j => ValueAddedRows.Skip(1).Sum(r => r[j])));
        rows.Add(Bottom(split ? "OUTPUT" : "OUT", j => GrossOutput[j]));
        return rows;
    }

    public static void WriteCsv(string path, IEnumerable<string[]> rows)
    {
        static string Quote(string cell) => cell.Contains(',', StringComparison.Ordinal) || cell.Contains('"', StringComparison.Ordinal)
            ? '"' + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + '"'
            : cell;
        var text = string.Join("\r\n", rows.Select(r => string.Join(',', r.Select(Quote)))) + "\r\n";
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        else
        {
            File.WriteAllText(path, text, new UTF8Encoding(true)); // Excel's "CSV UTF-8" starts with a byte-order mark
        }
    }

    /// <summary>A workbook as Excel saves one: text in the shared-string table, numbers as numbers, empty cells left out.</summary>
    public static void WriteXlsx(string path, string sheetName, IReadOnlyList<string[]> rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var strings = workbook.AddNewPart<SharedStringTablePart>();
        var table = new SharedStringTable();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var k = 0; k < rows[r].Length; k++)
            {
                var text = rows[r][k];
                if (text.Length == 0)
                {
                    continue;
                }

                var reference = ColumnLetters(k) + (r + 1).ToString(CultureInfo.InvariantCulture);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !text.Contains('x', StringComparison.Ordinal))
                {
                    row.Append(new Cell { CellReference = reference, CellValue = new CellValue(text) });
                }
                else
                {
                    if (!index.TryGetValue(text, out var s))
                    {
                        s = index.Count;
                        index[text] = s;
                        table.Append(new SharedStringItem(new Text(text)));
                    }

                    row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(s.ToString(CultureInfo.InvariantCulture)) });
                }
            }

            data.Append(row);
        }

        strings.SharedStringTable = table;
        sheetPart.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
    }

    private static string ColumnLetters(int column)
    {
        var name = "";
        for (var k = column + 1; k > 0; k = (k - 1) / 26)
        {
            name = (char)('A' + (k - 1) % 26) + name;
        }

        return name;
    }

    /// <summary>A small CSV with quoted fields (the sectors files), read by the test independently of the engine.</summary>
    public static List<string[]> ReadCsv(string path)
    {
        var rows = new List<string[]>();
        foreach (var line in File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0))
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var k = 0; k < line.Length; k++)
            {
                if (quoted && line[k] == '"' && k + 1 < line.Length && line[k + 1] == '"')
                {
                    field.Append('"');
                    k++;
                }
                else if (line[k] == '"')
                {
                    quoted = !quoted;
                }
                else if (line[k] == ',' && !quoted)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(line[k]);
                }
            }

            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }

        return rows;
    }
}
