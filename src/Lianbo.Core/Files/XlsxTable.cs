using System.Globalization;
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
/// The first worksheet of an XLSX workbook as rows of text, and workbooks written from rows of text. The Open XML SDK
/// parses the package; this only maps cells to rows: shared and inline strings, numbers, booleans, formulas (flagged,
/// never evaluated), and cell references with gaps.
/// </summary>
public static class XlsxTable
{
    // A 10 MB upload can unpack to far more; a part over this many characters is refused rather than read (zip bombs).
    private const long MaxCharactersInPart = 200_000_000;

    public static List<TableRow> Read(byte[] bytes, string name)
    {
        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            var workbook = document.WorkbookPart;
            var sheet = workbook?.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (workbook is null || sheet?.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
            {
                throw new DataFileException(name, null, Messages.Format("ImportNoSheet"));
            }

            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(Text).ToList() ?? [];
            var rows = new List<TableRow>();
            var rowNumber = 0;
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                rowNumber = row.RowIndex?.Value is { } index ? (int)index : rowNumber + 1;
                var cells = new List<TableCell>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                    while (cells.Count < column)
                    {
                        cells.Add(new TableCell(""));
                    }

                    cells.Add(Value(cell, shared));
                }

                rows.Add(new TableRow(rowNumber, cells));
            }

            return rows;
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new DataFileException(name, null, Messages.Format("ImportNotXlsx"));
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
