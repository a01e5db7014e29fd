using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lianbo.Trade.Import;

namespace Lianbo.Trade.InputOutput;

/// <summary>One row of a sheet: its number (1-based, as the spreadsheet or an editor shows it) and its cells from column A.</summary>
internal sealed record SheetRow(long Line, string[] Cells)
{
    public string Cell(int column) => column < Cells.Length ? Cells[column] : "";

    public bool IsBlank => Cells.All(c => c.Length == 0);
}

/// <summary>
/// The rows of one sheet of a downloaded input–output table, from an XLSX workbook (read as a stream of elements with
/// the Open XML SDK's <see cref="OpenXmlReader"/>, never as a whole document) or from a CSV file (RFC 4180, as a
/// spreadsheet's "save as CSV" writes it, gzip-compressed when it ends in .gz). Cells come as text; numbers are parsed by
/// <see cref="Number"/>. Binary workbooks (.xlsb, .xls) are refused with what to do instead.
/// </summary>
internal sealed class IoSheet : IDisposable
{
    private readonly IDisposable? _document;

    private IoSheet(string path, string? sheetName, IEnumerable<SheetRow> rows, IDisposable? document = null) =>
        (Path, SheetName, Rows, _document) = (path, sheetName, rows, document);

    /// <summary>Closes the workbook (a CSV file is open only while <see cref="Rows"/> is walked).</summary>
    public void Dispose() => _document?.Dispose();

    public string Path { get; }

    /// <summary>The worksheet's name (WIOD names it after the year), or null for a CSV file.</summary>
    public string? SheetName { get; }

    /// <summary>The non-empty rows in order, read lazily: a file is read once, as the caller walks it.</summary>
    public IEnumerable<SheetRow> Rows { get; }

    /// <summary>Opens a table by its extension; <paramref name="sheet"/> picks a worksheet by name when the workbook has it.</summary>
    public static IoSheet Open(string path, string? sheet)
    {
        if (!File.Exists(path))
        {
            throw new TradeDataException(path, null, "the file is missing");
        }

        var name = System.IO.Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".xlsx", StringComparison.Ordinal) || name.EndsWith(".xlsm", StringComparison.Ordinal))
        {
            return OpenXlsx(path, sheet);
        }

        if (name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith(".csv.gz", StringComparison.Ordinal))
        {
            return new IoSheet(path, null, CsvRows(path));
        }

        if (name.EndsWith(".xlsb", StringComparison.Ordinal) || name.EndsWith(".xls", StringComparison.Ordinal))
        {
            throw new TradeDataException(path, null, "a binary Excel workbook (.xlsb or .xls) cannot be read: open it in a spreadsheet and save the sheet as .xlsx (Excel Workbook) or as CSV, then import that file");
        }

        throw new TradeDataException(path, null, "not a table this reader knows: give an .xlsx workbook or a .csv file");
    }

    /// <summary>Spreadsheet column letters for a 0-based column: 0 → A, 27 → AB.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (var k = column + 1; k > 0; k = (k - 1) / 26)
        {
            name = (char)('A' + (k - 1) % 26) + name;
        }

        return name;
    }

    /// <summary>
    /// A cell as a number: invariant culture, an empty cell as 0 (a spreadsheet leaves zero cells empty when saved as CSV),
    /// anything else that is not a finite number refused with its line and column.
    /// </summary>
    public static double Number(string path, long line, string field, string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw new TradeDataException(path, line, $"'{text}' is not a number", field);
        }

        return v;
    }

    /// <summary>ISO 3166-1 alpha-3 codes of the shipped country list (<see cref="TradeFiles.Countries"/>).</summary>
    public static IReadOnlySet<string> IsoCountries => LazyIso.Value;

    private static readonly Lazy<HashSet<string>> LazyIso = new(() =>
        [.. CsvLine.ReadLines(TradeFiles.Countries).Skip(1).Select(CsvLine.Split).Where(f => f.Count > 1 && f[1].Length == 3).Select(f => f[1])]);

    private static IEnumerable<SheetRow> CsvRows(string path)
    {
        using var file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        // A spreadsheet saves CSV in UTF-8 (with a byte-order mark) or in the system's code page; the cells this reads
        // (codes and numbers) are ASCII either way.
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        long line = 0;
        while (true)
        {
            string? text;
            try
            {
                text = reader.ReadLine();
            }
            catch (InvalidDataException e)
            {
                throw new TradeDataException(path, line + 1, $"the gzip stream is damaged ({e.Message})");
            }

            if (text is null)
            {
                yield break;
            }

            line++;
            var row = new SheetRow(line, [.. CsvLine.Split(text).Select(c => c.Trim())]);
            if (!row.IsBlank)
            {
                yield return row;
            }
        }
    }

    private static IoSheet OpenXlsx(string path, string? sheet)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(path, false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException or IOException)
        {
            throw new TradeDataException(path, null, $"not a readable .xlsx workbook ({e.Message})");
        }

        try
        {
            var workbook = document.WorkbookPart ?? throw new TradeDataException(path, null, "the workbook has no sheets");
            var sheets = workbook.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
            var chosen = (sheet is null ? null : sheets.FirstOrDefault(s => s.Name?.Value == sheet)) ?? sheets.FirstOrDefault()
                ?? throw new TradeDataException(path, null, "the workbook has no sheets");
            if (chosen.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
            {
                throw new TradeDataException(path, null, $"the sheet '{chosen.Name?.Value}' is not a worksheet");
            }

            var shared = workbook.SharedStringTablePart is { } strings ? SharedStrings(strings) : [];
            return new IoSheet(path, chosen.Name?.Value, XlsxRows(path, part, shared), document);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or InvalidOperationException)
        {
            document.Dispose();
            throw new TradeDataException(path, null, $"not a readable .xlsx workbook ({e.Message})");
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static List<string> SharedStrings(SharedStringTablePart part)
    {
        var shared = new List<string>();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.IsStartElement && reader.ElementType == typeof(SharedStringItem))
            {
                // The item's own text and its rich-text runs, without phonetic hints.
                var item = (SharedStringItem)reader.LoadCurrentElement()!;
                shared.Add(string.Concat(item.Descendants<Text>().Where(t => t.Parent is not PhoneticRun).Select(t => t.Text)));
            }
        }

        return shared;
    }

    // Walks the sheet's XML element by element. A row's and a cell's position come from their r attributes (A1
    // references) when present, else follow the previous one, as the format allows.
    private static IEnumerable<SheetRow> XlsxRows(string path, WorksheetPart part, List<string> shared)
    {
        using var reader = OpenXmlReader.Create(part);
        var cells = new List<string>();
        long rowNumber = 0;
        var column = -1;
        string? type = null;
        string? value = null;
        while (Read(path, reader))
        {
            if (reader.ElementType == typeof(Row))
            {
                if (reader.IsStartElement)
                {
                    var r = Attribute(reader.Attributes, "r");
                    rowNumber = r is null ? rowNumber + 1 : long.Parse(r, CultureInfo.InvariantCulture);
                    cells.Clear();
                    column = -1;
                }
                else if (cells.Any(c => c.Length > 0))
                {
                    yield return new SheetRow(rowNumber, [.. cells]);
                }
            }
            else if (reader.ElementType == typeof(Cell))
            {
                if (reader.IsStartElement)
                {
                    // One read of the attributes: the reader builds the list anew on every call.
                    var attributes = reader.Attributes;
                    var reference = Attribute(attributes, "r");
                    column = reference is null ? column + 1 : ColumnIndex(reference);
                    type = Attribute(attributes, "t");
                    value = null;
                }
                else
                {
                    while (cells.Count <= column)
                    {
                        cells.Add("");
                    }

                    cells[column] = CellText(path, rowNumber, column, type, value, shared);
                }
            }
            else if (reader.IsStartElement && (reader.ElementType == typeof(CellValue) || reader.ElementType == typeof(Text)))
            {
                // A CellValue holds the value; Text elements the pieces of an inline string.
                value = (value ?? "") + reader.GetText();
            }
        }
    }

    private static bool Read(string path, OpenXmlReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or IOException)
        {
            throw new TradeDataException(path, null, $"the worksheet is damaged or cut short ({e.Message})");
        }
    }

    private static string CellText(string path, long row, int column, string? type, string? value, List<string> shared)
    {
        value ??= "";
        return type switch
        {
            "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k < shared.Count
                ? shared[k].Trim()
                : throw new TradeDataException(path, row, $"shared string {value} is not in the workbook", ColumnName(column)),
            "b" => value == "1" ? "TRUE" : "FALSE",
            _ => value.Trim(),
        };
    }

    private static string? Attribute(IReadOnlyList<OpenXmlAttribute> attributes, string name)
    {
        for (var k = 0; k < attributes.Count; k++)
        {
            if (attributes[k].LocalName == name && string.IsNullOrEmpty(attributes[k].NamespaceUri))
            {
                return attributes[k].Value;
            }
        }

        return null;
    }

    // "AB12" → 27.
    private static int ColumnIndex(string reference)
    {
        var k = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            k = k * 26 + (c - 'A' + 1);
        }

        return k - 1;
    }
}
