using System.Globalization;
using System.IO.Compression;
using System.IO.Packaging;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Lianbo.Core.Files;

/// <summary>
/// A worksheet to write: its name and rows of text (the first row is the header). Below the header, the cells of
/// <paramref name="NumberColumns"/> that hold an invariant-culture number are written as numbers, so that a
/// spreadsheet sorts and sums them; every other cell stays text (an HS code keeps its leading zero).
/// </summary>
public sealed record XlsxSheet(string Name, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlySet<int>? NumberColumns = null);

/// <summary>
/// What an uploaded workbook may hold, checked while it is read so that a small file cannot take the server's memory.
/// The defaults take an expo's exhibitor list many times over (the 2nd CISCE had 620 exhibitors; the template has 14 columns).
/// </summary>
/// <param name="MaxRows">Rows of the first sheet.</param>
/// <param name="MaxCells">Cells of the first sheet, counting the empty ones between filled ones (a cell far to the right fills its row).</param>
/// <param name="MaxTextChars">Characters of text kept: the shared strings and every other cell's text together.</param>
/// <param name="MaxEntries">Parts of the package (a workbook has a dozen or so).</param>
/// <param name="MaxRatio">Unpacked bytes per packed byte of a part: worksheets pack about 10:1; only padding packs past 100:1.</param>
public sealed record XlsxLimits(int MaxRows = 50_000, int MaxCells = 1_000_000, long MaxTextChars = 50_000_000, int MaxEntries = 1_000, int MaxRatio = 100);

/// <summary>
/// The first worksheet of an XLSX workbook as rows of text, and workbooks written from rows of text. The Open XML SDK
/// parses the package; this only maps cells to rows: shared and inline strings, numbers, booleans, formulas (flagged,
/// never evaluated), and cell references with gaps. An upload is read as a stream of elements (SAX), never as a whole
/// document, within <see cref="XlsxLimits"/>.
/// </summary>
public static class XlsxTable
{
    // 50,000 rows with all 14 of the template's columns filled are about 70 MB of sheet XML. A part declaring more is
    // refused before it is read, and the SDK counts the characters of every part it reads against the same number.
    private const long MaxPartBytes = 100_000_000;

    // Excel's own limit on the text of a cell.
    public const int MaxCellChars = 32_767;

    // Up to this size a part is not judged by its ratio: a small part of repeated markup packs far past any cap and costs nothing.
    private const long RatioGrace = 1 << 20;

    public static List<TableRow> Read(byte[] bytes, string name, XlsxLimits? limits = null)
    {
        limits ??= new XlsxLimits();
        try
        {
            CheckPackage(bytes, name, limits);
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false, new OpenSettings { MaxCharactersInPart = MaxPartBytes });
            var workbook = document.WorkbookPart;
            if (workbook is null || FirstSheetId(workbook) is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
            {
                throw new DataFileException(name, null, Messages.Format("ImportNoSheet"));
            }

            var budget = new TextBudget(name, limits.MaxTextChars);
            var shared = workbook.SharedStringTablePart is { } strings ? SharedStrings(strings, name, limits, budget) : [];
            return Rows(part, shared, name, limits, budget);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new DataFileException(name, null, Messages.Format("ImportNotXlsx"));
        }
    }

    // The package is a zip: its parts' declared sizes are checked before the SDK unpacks any. ZipArchive then stops
    // each part at its declared size, so a header that lies gives a cut part, which does not parse.
    private static void CheckPackage(byte[] bytes, string name, XlsxLimits limits)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        if (zip.Entries.Count > limits.MaxEntries)
        {
            throw new DataFileException(name, null, Messages.Format("XlsxEntries", zip.Entries.Count, limits.MaxEntries));
        }

        foreach (var entry in zip.Entries)
        {
            if (entry.Length > MaxPartBytes)
            {
                throw new DataFileException(name, null, Messages.Format("XlsxPartTooLarge", entry.FullName, entry.Length, MaxPartBytes));
            }

            if (entry.Length > RatioGrace && entry.Length > (double)limits.MaxRatio * entry.CompressedLength)
            {
                throw new DataFileException(name, null, Messages.Format("XlsxRatio", entry.FullName, entry.Length / Math.Max(entry.CompressedLength, 1), limits.MaxRatio));
            }
        }
    }

    private static string? FirstSheetId(WorkbookPart workbook)
    {
        using var reader = OpenXmlReader.Create(workbook);
        while (reader.Read())
        {
            if (reader.IsStartElement && reader.ElementType == typeof(Sheet))
            {
                return ((Sheet)reader.LoadCurrentElement()!).Id?.Value;
            }
        }

        return null;
    }

    private static List<string> SharedStrings(SharedStringTablePart part, string name, XlsxLimits limits, TextBudget budget)
    {
        var shared = new List<string>();
        using var reader = OpenXmlReader.Create(part);
        // LoadCurrentElement moves on to the next element itself, so Read is only called past anything else.
        reader.Read();
        while (!reader.EOF)
        {
            if (!reader.IsStartElement || reader.ElementType != typeof(SharedStringItem))
            {
                reader.Read();
                continue;
            }

            // A string no cell can use costs memory all the same: there may not be more of them than cells.
            if (shared.Count == limits.MaxCells)
            {
                throw new DataFileException(name, null, Messages.Format("XlsxSharedStrings", limits.MaxCells));
            }

            var text = Text(reader.LoadCurrentElement()!);
            budget.Spend(text.Length, "XlsxSharedText");
            shared.Add(text);
        }

        return shared;
    }

    private static List<TableRow> Rows(WorksheetPart part, List<string> shared, string name, XlsxLimits limits, TextBudget budget)
    {
        var rows = new List<TableRow>();
        List<TableCell>? cells = null;
        var rowNumber = 0;
        long cellCount = 0;
        using var reader = OpenXmlReader.Create(part);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.IsStartElement && reader.ElementType == typeof(Row))
            {
                if (rows.Count == limits.MaxRows)
                {
                    throw new DataFileException(name, null, Messages.Format("XlsxRows", limits.MaxRows));
                }

                var index = reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value;
                rowNumber = int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : rowNumber + 1;
                cells = [];
                rows.Add(new TableRow(rowNumber, cells));
                reader.Read();
            }
            else if (reader.IsStartElement && reader.ElementType == typeof(Cell) && cells is not null)
            {
                var cell = (Cell)reader.LoadCurrentElement()!;
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                cellCount += Math.Max(column - cells.Count, 0) + 1;
                if (cellCount > limits.MaxCells)
                {
                    throw new DataFileException(name, rowNumber, Messages.Format("XlsxCells", limits.MaxCells));
                }

                while (cells.Count < column)
                {
                    cells.Add(new TableCell(""));
                }

                var value = Value(cell, shared);
                if (value.Text.Length > MaxCellChars)
                {
                    throw new DataFileException(name, rowNumber, Messages.Format("XlsxCellTooLong", ColumnName(cells.Count) + rowNumber, value.Text.Length, MaxCellChars));
                }

                // A shared string was paid for once, in the table; any other text is new.
                if (cell.DataType?.Value != CellValues.SharedString)
                {
                    budget.Spend(value.Text.Length, "XlsxText");
                }

                cells.Add(value);
            }
            else
            {
                reader.Read();
            }
        }

        return rows;
    }

    // Characters of text read so far, refused past the cap.
    private sealed class TextBudget(string name, long max)
    {
        private long _spent;

        public void Spend(int characters, string refusal)
        {
            _spent += characters;
            if (_spent > max)
            {
                throw new DataFileException(name, null, Messages.Format(refusal, max));
            }
        }
    }

    /// <summary>Writes the sheets as one workbook, every value as an inline string (nothing a spreadsheet would compute).</summary>
    public static byte[] Write(IReadOnlyList<XlsxSheet> sheets)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var list = workbook.Workbook.AppendChild(new Sheets());
            for (var s = 0; s < sheets.Count; s++)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < sheets[s].Rows.Count; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    var values = sheets[s].Rows[r];
                    for (var c = 0; c < values.Count; c++)
                    {
                        if (values[c].Length == 0)
                        {
                            continue;
                        }

                        var reference = ColumnName(c) + (r + 1);
                        row.AppendChild(r > 0 && sheets[s].NumberColumns?.Contains(c) == true && IsNumber(values[c])
                            ? new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(values[c]) }
                            : new Cell
                            {
                                CellReference = reference,
                                DataType = CellValues.InlineString,
                                InlineString = new InlineString(new Text(XmlSafe(values[c])) { Space = SpaceProcessingModeValues.Preserve }),
                            });
                    }

                    data.AppendChild(row);
                }

                part.Worksheet = new Worksheet(data);
                list.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(s + 1), Name = sheets[s].Name });
            }
        }

        return buffer.ToArray();
    }

    private static bool IsNumber(string value) =>
        double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);

    /// <summary>"A" → 0, "Z" → 25, "AA" → 26: the letters of a reference such as "AB12".</summary>
    public static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }

        return name;
    }

    private static TableCell Value(Cell cell, List<string> shared)
    {
        var formula = cell.CellFormula is not null;
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return new TableCell(int.TryParse(raw, out var i) && i >= 0 && i < shared.Count ? shared[i] : "", formula);
        }

        if (type == CellValues.InlineString)
        {
            return new TableCell(cell.InlineString is { } inline ? Text(inline) : raw, formula);
        }

        if (type == CellValues.Boolean)
        {
            return new TableCell(raw == "1" ? "TRUE" : "FALSE", formula);
        }

        // Plain and formula strings, errors and ISO dates are stored as their text; anything else is a number.
        var number = type is null || type == CellValues.Number;
        return new TableCell(raw, formula, number && raw.Length > 0);
    }

    // The text of a shared or inline string: its plain text or its formatted runs, without phonetic guides (<rPh>).
    private static string Text(OpenXmlElement item) =>
        item.GetFirstChild<Text>()?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));

    // XML cannot hold control characters; a stray one in a stored name must not make the export fail.
    private static string XmlSafe(string value)
    {
        var safe = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i]))
            {
                safe.Append(value[i]);
            }
            else if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                safe.Append(value, i++, 2);
            }
        }

        return safe.Length == value.Length ? value : safe.ToString();
    }
}
