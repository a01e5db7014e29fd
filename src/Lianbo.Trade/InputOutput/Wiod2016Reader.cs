using System.Globalization;
using System.Text.RegularExpressions;

namespace Lianbo.Trade.InputOutput;

/// <summary>
/// Reads one year of the WIOD 2016 release (Timmer et al. 2015; 43 countries + rest of the world × 56 industries,
/// 2000–2014, USD millions) from the world input–output table a user downloads, <c>WIOT2014_Nov16_ROW</c>: the sheet
/// of the Excel workbook saved as .xlsx (the release ships .xlsb, which is refused with that advice), or the same sheet
/// saved as CSV. The layout (docs/io-formats.md): header rows with the column industry codes (row 3), their
/// descriptions (row 4), countries (row 5) and c-numbers (row 6); from row 7 one row per country × industry (code,
/// description, country, r-number in columns A–D), then the rows II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM and GO
/// with country TOT. Columns from E: the country × industry flows, final use CONS_h, CONS_np, CONS_g, GFCF, INVEN by
/// destination country, and the TOT column. The header rows are found by what they hold (TOT, CONS_h), not by number.
/// Gross output is the GO row ("output at basic prices", the column total of
/// the table), the table's own figure; the TOT column is the row total, and the accounting identity the reader checks is
/// exactly that the two agree. A malformed file is refused with its name, sheet row and column
/// (<see cref="TradeDataException"/>) and nothing is returned.
/// </summary>
public static partial class Wiod2016Reader
{
    public const string Source = "WIOD";
    public const string Release = "2016";
    public const int FirstYear = 2000;
    public const int LastYear = 2014;

    /// <summary>The release's 56 industries in the order of its rows r1..r56, as column A codes them.</summary>
    public static IReadOnlyList<string> Industries { get; } =
    [
        "A01", "A02", "A03", "B", "C10-C12", "C13-C15", "C16", "C17", "C18", "C19", "C20", "C21", "C22", "C23", "C24", "C25",
        "C26", "C27", "C28", "C29", "C30", "C31_C32", "C33", "D35", "E36", "E37-E39", "F", "G45", "G46", "G47", "H49", "H50",
        "H51", "H52", "H53", "I", "J58", "J59_J60", "J61", "J62_J63", "K64", "K65", "K66", "L68", "M69_M70", "M71", "M72",
        "M73", "M74_M75", "N", "O84", "P85", "Q", "R_S", "T", "U",
    ];

    /// <summary>Final use by category, per destination country, in the release's order; summed into one column per destination.</summary>
    public static IReadOnlyList<string> FinalUses { get; } = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"];

    /// <summary>The rows below the industries, country TOT; GO is gross output, the others are read as numbers and not kept.</summary>
    public static IReadOnlyList<string> TotalRows { get; } = ["II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO"];

    private const int FirstColumn = 4; // E

    // The header is the rows before the first industry row; the release has six, but a title row more or less (a user
    // who deleted them) does not matter: the rows are found by what they hold.
    private const int MaxHeaderRows = 20;

    /// <summary>
    /// Reads the table of one year. <paramref name="year"/> picks the workbook's sheet of that name (WIOD names the sheet
    /// after the year); without it the year is the sheet's name, else the one in the file name (<c>WIOT2014_…</c>).
    /// </summary>
    public static WiodYear Read(string path, int? year = null)
    {
        if (year is { } y && y is < FirstYear or > LastYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"The WIOD 2016 release covers {FirstYear}–{LastYear}.");
        }

        using var sheet = IoSheet.Open(path, year?.ToString(CultureInfo.InvariantCulture));
        var tableYear = Year(path, sheet.SheetName, year);
        var isCsv = sheet.SheetName is null;
        var industries = new HashSet<string>(Industries, StringComparer.Ordinal);
        var totals = new HashSet<string>(TotalRows, StringComparer.Ordinal);

        var header = new List<SheetRow>();
        IoTableAssembler? table = null;
        long lastLine = 0;
        foreach (var row in sheet.Rows)
        {
            lastLine = row.Line;
            if (table is null)
            {
                // An industry row: a WIOD industry code in A and a country in C.
                if (!industries.Contains(row.Cell(0)) || row.Cell(2).Length == 0)
                {
                    header.Add(row);
                    if (header.Count > MaxHeaderRows)
                    {
                        throw new TradeDataException(path, row.Line, $"no industry row (a WIOD 2016 industry code in column A, a country in C) in the first {MaxHeaderRows} rows");
                    }

                    continue;
                }

                table = Header(path, header, isCsv, industries, row.Line);
            }
            var code = row.Cell(0);
            var country = row.Cell(2);
            if (country == "TOT" || totals.Contains(code))
            {
                if (!totals.Contains(code))
                {
                    throw new TradeDataException(path, row.Line, $"'{code}' is not one of the total rows {string.Join(", ", TotalRows)}", "A");
                }

                if (code == "GO")
                {
                    table.AddOutput(row, "A");
                }
                else
                {
                    table.CheckNumbers(row);
                }

                continue;
            }

            if (!industries.Contains(code))
            {
                throw new TradeDataException(path, row.Line, $"'{code}' is not a WIOD 2016 industry code", "A");
            }

            table.AddRow(row, $"{country} {code}", Country(path, row.Line, "C", country), code, "C");
        }

        table ??= Header(path, header, isCsv, industries, lastLine);
        return table.Build(Source, Release, tableYear, lastLine, "GO");
    }

    // The header row that holds TOT names each column's country (the release's row 5), the one that holds the
    // final-use codes names each column's industry or final use (row 3); both from column E to the TOT column.
    private static IoTableAssembler Header(string path, List<SheetRow> header, bool isCsv, HashSet<string> industries, long firstRow)
    {
        var countries = header.LastOrDefault(r => r.Cells.Skip(FirstColumn).Contains("TOT"))
            ?? throw new TradeDataException(path, firstRow, "no header row names the countries (ending in TOT, from column E) above the first industry row");
        var codes = header.LastOrDefault(r => r.Cells.Skip(FirstColumn).Contains(FinalUses[0]))
            ?? throw new TradeDataException(path, firstRow, $"no header row names the industry and final-use codes ({FinalUses[0]} …, from column E) above the first industry row");

        var finalUses = new HashSet<string>(FinalUses, StringComparer.Ordinal);
        var columns = new List<IoColumn?>();
        for (var k = 0; k < FirstColumn; k++)
        {
            columns.Add(null);
        }

        for (var k = FirstColumn; ; k++)
        {
            var country = countries.Cell(k);
            var code = codes.Cell(k);
            if (country == "TOT")
            {
                break;
            }

            if (country.Length == 0 && k >= countries.Cells.Length)
            {
                throw new TradeDataException(path, countries.Line, "no TOT column: the header ends before the total column (is the file cut short?)", IoSheet.ColumnName(k));
            }

            var iso = Country(path, countries.Line, IoSheet.ColumnName(k), country);
            if (finalUses.Contains(code))
            {
                columns.Add(new IoColumn(true, iso, code, $"{country} {code}"));
            }
            else if (industries.Contains(code))
            {
                columns.Add(new IoColumn(false, iso, code, $"{country} {code}"));
            }
            else
            {
                throw new TradeDataException(path, codes.Line, $"'{code}' is neither a WIOD 2016 industry nor a final use ({string.Join(", ", FinalUses)})", IoSheet.ColumnName(k));
            }
        }

        return new IoTableAssembler(path, countries.Line, columns, IoSheet.ColumnName, isCsv);
    }

    // WIOD 2016 writes ISO 3166-1 alpha-3 codes and ROW (the 2013 release wrote RoW).
    private static string Country(string path, long line, string field, string code)
    {
        var iso = code == "RoW" ? "ROW" : code;
        return iso == "ROW" || IoSheet.IsoCountries.Contains(iso)
            ? iso
            : throw new TradeDataException(path, line, $"'{code}' is not an ISO 3166-1 alpha-3 country code or ROW", field);
    }

    private static int Year(string path, string? sheetName, int? year)
    {
        if (sheetName is not null && int.TryParse(sheetName, NumberStyles.None, CultureInfo.InvariantCulture, out var sheetYear) && sheetName.Length == 4)
        {
            if (year is { } y && y != sheetYear)
            {
                throw new TradeDataException(path, null, $"the workbook has no sheet {y}; its sheet is {sheetName}");
            }

            year = sheetYear;
        }

        if (year is null && FileYear().Match(Path.GetFileName(path)) is { Success: true } m)
        {
            year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return year switch
        {
            null => throw new TradeDataException(path, null, "no year: name it when reading, or keep WIOD's file name (WIOT2014_Nov16_ROW)"),
            < FirstYear or > LastYear => throw new TradeDataException(path, null, $"the year {year} is outside the WIOD 2016 release ({FirstYear}–{LastYear})"),
            { } known => known,
        };
    }

    [GeneratedRegex(@"^WIOT((?:19|20)\d\d)", RegexOptions.IgnoreCase)]
    private static partial Regex FileYear();
}
