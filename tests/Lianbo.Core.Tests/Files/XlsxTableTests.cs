using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lianbo.Core.Files;

namespace Lianbo.Core.Tests.Files;

/// <summary>Uploaded workbooks are read as a stream within caps: a file past one is refused with what passed and where.</summary>
public class XlsxTableTests
{
    public XlsxTableTests() => CultureInfo.CurrentUICulture = new CultureInfo("en");

    [Fact]
    public void A_sheet_over_the_row_cap_is_refused_and_one_at_the_cap_is_read()
    {
        var rows = Enumerable.Range(1, 101).Select(i => (IReadOnlyList<string>)[$"key-{i}", $"Name {i}"]).ToList();
        var over = XlsxTable.Write([new XlsxSheet("exhibitors", rows)]);
        var atCap = XlsxTable.Write([new XlsxSheet("exhibitors", rows[..100])]);

        var error = Assert.Throws<DataFileException>(() => XlsxTable.Read(over, "xlsx", new XlsxLimits(MaxRows: 100)));
        var read = XlsxTable.Read(atCap, "xlsx", new XlsxLimits(MaxRows: 100));

        Assert.Equal("xlsx: the sheet has more than 100 rows", error.Message);
        Assert.Equal(100, read.Count);
        Assert.Equal("Name 100", read[^1].Cells[1].Text);
    }

    // A cell far to the right makes every cell before it in its row: the cap counts them, so a few bytes cannot make millions.
    [Fact]
    public void Cells_past_the_default_cap_are_refused_counting_the_empty_ones_before_a_far_cell()
    {
        var file = Workbook(sheet =>
        {
            for (var r = 1; r <= 100; r++)
            {
                sheet.WriteElement(new Row(new Cell { CellReference = "XFD" + r, DataType = CellValues.InlineString, InlineString = new InlineString(new Text("x")) }) { RowIndex = (uint)r });
            }
        });

        var error = Assert.Throws<DataFileException>(() => XlsxTable.Read(file, "xlsx"));

        // 16,384 cells a row: the 62nd row passes a million.
        Assert.Equal((62, "the sheet has more than 1,000,000 cells (counting the empty ones between filled ones)"), (error.Line, error.Problem));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_giant_cell_is_refused_with_its_row_and_column(bool shared)
    {
        var giant = string.Concat(Enumerable.Range(0, 4_000).Select(i => i.ToString("D10", CultureInfo.InvariantCulture)));
        var file = Workbook(
            sheet =>
            {
                sheet.WriteElement(new Row(InlineCell("A1", "key")) { RowIndex = 1 });
                sheet.WriteElement(new Row(InlineCell("A2", "k-1"),
                    shared ? new Cell { CellReference = "B2", DataType = CellValues.SharedString, CellValue = new CellValue("0") } : InlineCell("B2", giant)) { RowIndex = 2 });
            },
            shared ? strings => strings.WriteElement(new SharedStringItem(new Text(giant))) : null);

        var error = Assert.Throws<DataFileException>(() => XlsxTable.Read(file, "xlsx"));

        Assert.Equal((2, "cell B2 holds 40,000 characters; a cell may hold at most 32,767 (Excel's own limit)"), (error.Line, error.Problem));
    }

    [Fact]
    public void A_bomb_of_shared_strings_is_refused_by_its_ratio_before_it_is_parsed()
    {
        // A hundred thousand copies of one string: twelve megabytes of XML that pack to a few dozen kilobytes.
        var file = Workbook(
            FirstSharedString,
            strings =>
            {
                for (var i = 0; i < 100_000; i++)
                {
                    strings.WriteElement(new SharedStringItem(new Text(new string('a', 100))));
                }
            });

        var error = Assert.Throws<DataFileException>(() => XlsxTable.Read(file, "xlsx"));

        Assert.Null(error.Line);
        Assert.Matches(@"^the part xl/sharedStrings\.xml is packed [\d,]+ to 1, more than the 100 to 1 accepted \(a zip bomb\?\)$", error.Problem);
    }

    [Fact]
    public void Shared_strings_past_the_text_cap_or_the_cell_cap_are_refused_while_they_are_read()
    {
        // Numbers written out: text that does not pack far, so the ratio lets it through to the caps.
        var file = Workbook(
            FirstSharedString,
            strings =>
            {
                for (var i = 0; i < 200; i++)
                {
                    strings.WriteElement(new SharedStringItem(new Text(i.ToString("D10", CultureInfo.InvariantCulture))));
                }
            });

        var text = Assert.Throws<DataFileException>(() => XlsxTable.Read(file, "xlsx", new XlsxLimits(MaxTextChars: 1_000)));
        var count = Assert.Throws<DataFileException>(() => XlsxTable.Read(file, "xlsx", new XlsxLimits(MaxCells: 150)));
        var read = XlsxTable.Read(file, "xlsx", new XlsxLimits(MaxTextChars: 2_000, MaxCells: 200));

        Assert.Equal("the workbook's shared strings hold more than 1,000 characters of text", text.Problem);
        Assert.Equal("the workbook has more than 150 shared strings, more than the cells a sheet may hold", count.Problem);
        Assert.Equal("0000000000", Assert.Single(Assert.Single(read).Cells).Text);
    }

    [Fact]
    public void A_package_of_more_parts_than_the_cap_is_refused()
    {
        var file = XlsxTable.Write([new XlsxSheet("a", [["key"]]), new XlsxSheet("b", [["key"]]), new XlsxSheet("c", [["key"]])]);

        var error = Assert.Throws<DataFileException>(() => XlsxTable.Read(file, "xlsx", new XlsxLimits(MaxEntries: 4)));

        Assert.Matches(@"^the workbook has \d+ parts; at most 4 are accepted$", error.Problem);
    }

    // ZipArchive stops a part at the size its header declares: a sheet that says it is smaller than it is comes out cut.
    [Fact]
    public void A_sheet_whose_header_lies_about_its_size_is_not_read_as_a_workbook()
    {
        var file = XlsxTable.Write([new XlsxSheet("exhibitors", [.. Enumerable.Range(1, 200).Select(i => (IReadOnlyList<string>)[$"key-{i}", $"Name {i}"])])]);
        SetDeclaredSize(file, "xl/worksheets/sheet1.xml", 1_000);

        var error = Assert.Throws<DataFileException>(() => XlsxTable.Read(file, "xlsx"));

        Assert.Equal("the file is not an Excel workbook (.xlsx)", error.Problem);
    }

    [Fact]
    public void A_refusal_reads_in_Chinese_under_a_Chinese_UI_culture()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var file = XlsxTable.Write([new XlsxSheet("exhibitors", [["key"], ["a"], ["b"]])]);

        var error = Assert.Throws<DataFileException>(() => XlsxTable.Read(file, "xlsx", new XlsxLimits(MaxRows: 2)));

        Assert.Equal("工作表超过 2 行", error.Problem);
    }

    // A sheet of one cell, A1, showing the first shared string.
    private static void FirstSharedString(OpenXmlWriter sheet) =>
        sheet.WriteElement(new Row(new Cell { CellReference = "A1", DataType = CellValues.SharedString, CellValue = new CellValue("0") }) { RowIndex = 1 });

    private static Cell InlineCell(string reference, string text) =>
        new() { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };

    // A workbook whose sheet (and shared strings) are written element by element, as large ones are, never held whole.
    private static byte[] Workbook(Action<OpenXmlWriter> rows, Action<OpenXmlWriter>? strings = null)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            if (strings is not null)
            {
                using var writer = OpenXmlWriter.Create(workbook.AddNewPart<SharedStringTablePart>());
                writer.WriteStartElement(new SharedStringTable());
                strings(writer);
                writer.WriteEndElement();
            }

            var sheet = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                rows(writer);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Sheet1" }));
        }

        return buffer.ToArray();
    }

    // Rewrites the uncompressed size of one part in its local header and in the central directory, as a forger would.
    private static void SetDeclaredSize(byte[] bytes, string entry, uint size)
    {
        var name = Encoding.UTF8.GetBytes(entry);
        for (var at = 0; at + 46 < bytes.Length; at++)
        {
            var (nameAt, sizeAt) = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) switch
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
    }
}
