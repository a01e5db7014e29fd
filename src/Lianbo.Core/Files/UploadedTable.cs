using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using CsvHelper.Configuration;

namespace Lianbo.Core.Files;

/// <summary>One cell of an uploaded table: its text, and what a spreadsheet made of it (a formula, a number).</summary>
public readonly record struct TableCell(string Text, bool IsFormula = false, bool IsNumber = false);

/// <summary>One row of an uploaded table with the line (CSV) or row number (XLSX) a person sees in their program.</summary>
public sealed record TableRow(int Line, IReadOnlyList<TableCell> Cells)
{
    public bool IsEmpty => Cells.All(c => string.IsNullOrWhiteSpace(c.Text) && !c.IsFormula);
}

/// <summary>
/// Reads a CSV upload into rows of text, refusing anything that is not UTF-8 (with or without BOM): Excel's plain
/// "CSV" is saved in the local code page (GB18030 on Chinese Windows), which would otherwise turn names into garbage.
/// </summary>
public static class UploadedCsv
{
    public static List<TableRow> Read(ReadOnlySpan<byte> bytes, string name)
    {
        var text = DecodeUtf8(bytes, name);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { IgnoreBlankLines = true };
        using var parser = new CsvParser(new StringReader(text), config);
        var rows = new List<TableRow>();
        try
        {
            while (parser.Read())
            {
                // RawRow is the line a record ends on; a quoted value may span lines, and people look for where it starts.
                var spans = parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');
                rows.Add(new TableRow(parser.RawRow - spans, [.. parser.Record!.Select(v => new TableCell(v))]));
            }
        }
        catch (CsvHelperException)
        {
            throw new DataFileException(name, parser.RawRow, Messages.Format("ImportCsvUnreadable"));
        }

        return rows;
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw new DataFileException(name, 1 + bytes[..read].Count((byte)'\n'), Messages.Format("ImportNotUtf8"));
        }

        return new string(chars, 0, written);
    }

    /// <summary>Writes rows as CSV in UTF-8 with a BOM, which Excel needs to show Chinese text rightly.</summary>
    public static byte[] Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var row in rows)
            {
                foreach (var value in row)
                {
                    csv.WriteField(value);
                }

                csv.NextRecord();
            }
        }

        return buffer.ToArray();
    }
}
