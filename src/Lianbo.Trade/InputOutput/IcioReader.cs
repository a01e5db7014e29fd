using System.Globalization;
using System.Text.RegularExpressions;

namespace Lianbo.Trade.InputOutput;

/// <summary>
/// Reads one year of the OECD Inter-Country Input-Output tables (ICIO) from the CSV the OECD publishes: the 2021
/// release (<c>ICIO2021_2018.csv</c>: 66 economies + ROW × 45 industries, 1995–2018, codes <c>AUS_D01T02</c>) or the
/// 2023 release (<c>2018.csv</c> or <c>2018_SML.csv</c>: 76 economies + ROW × 45 industries, 1995–2020, codes
/// <c>AUS_A01_02</c>), USD millions. The first column labels the rows (country_industry, then TLS, VA and OUTPUT or
/// OUT); the header labels the columns (country_industry, then final use country_HFCE, _NPISH, _GGFC, _GFCF, _INVNT,
/// _DPABR or _NONRES, then TOTAL or OUT). Industries are given in the 2023 codes whichever the release (D01T02 is read
/// as A01_02, D35 as D, …; <c>data/open/input-output/sectors-icio.csv</c> lists both). China and Mexico, which the
/// tables split by production type (CN1/CN2, MX1/MX2; the 2021 release keeps empty CHN and MEX rows beside them), are
/// added back into CHN and MEX: the table's countries are then ISO 3166-1 alpha-3 codes and ROW, with one final
/// demand each. Gross output is the OUTPUT row (output at basic prices: intermediate inputs + TLS + VA), the table's
/// own figure; the identity checked is that it equals each row's total use. A malformed file is refused with its name,
/// line and column (<see cref="TradeDataException"/>) and nothing is returned.
/// </summary>
public static partial class IcioReader
{
    public const string Source = "OECD ICIO";
    public const int FirstYear = 1995;

    /// <summary>The 45 industries in the tables' order: the 2023 code and its ISIC Rev. 4 divisions (the 2021 code is D + the divisions, 01-02 → D01T02).</summary>
    public static IReadOnlyList<(string Code, string IsicRev4)> Industries { get; } =
    [
        ("A01_02", "01-02"), ("A03", "03"), ("B05_06", "05-06"), ("B07_08", "07-08"), ("B09", "09"), ("C10T12", "10-12"),
        ("C13T15", "13-15"), ("C16", "16"), ("C17_18", "17-18"), ("C19", "19"), ("C20", "20"), ("C21", "21"), ("C22", "22"),
        ("C23", "23"), ("C24", "24"), ("C25", "25"), ("C26", "26"), ("C27", "27"), ("C28", "28"), ("C29", "29"), ("C30", "30"),
        ("C31T33", "31-33"), ("D", "35"), ("E", "36-39"), ("F", "41-43"), ("G", "45-47"), ("H49", "49"), ("H50", "50"),
        ("H51", "51"), ("H52", "52"), ("H53", "53"), ("I", "55-56"), ("J58T60", "58-60"), ("J61", "61"), ("J62_63", "62-63"),
        ("K", "64-66"), ("L", "68"), ("M", "69-75"), ("N", "77-82"), ("O", "84"), ("P", "85"), ("Q", "86-88"), ("R", "90-93"),
        ("S", "94-96"), ("T", "97-98"),
    ];

    /// <summary>Final-use categories; every country's are summed into one column per destination.</summary>
    public static IReadOnlyList<string> FinalUses { get; } = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR", "NONRES"];

    /// <summary>The split economies and the country each is added into.</summary>
    public static IReadOnlyDictionary<string, string> Splits { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CN1"] = "CHN", ["CN2"] = "CHN", ["MX1"] = "MEX", ["MX2"] = "MEX",
    };

    private static readonly Dictionary<string, string> Code2023 = Industries.ToDictionary(i => i.Code, i => i.Code, StringComparer.Ordinal);
    private static readonly Dictionary<string, string> Code2021 = Industries.ToDictionary(i => Code2021Of(i.IsicRev4), i => i.Code, StringComparer.Ordinal);
    private static readonly HashSet<string> TotalColumns = new(["TOTAL", "OUTPUT", "OUT"], StringComparer.Ordinal);
    private static readonly HashSet<string> OutputRows = new(["OUTPUT", "OUT"], StringComparer.Ordinal);
    private static readonly HashSet<string> OtherRows = new(["TLS", "VA"], StringComparer.Ordinal);

    /// <summary>The 2021 release's code of ISIC divisions: 01-02 → D01T02.</summary>
    public static string Code2021Of(string isicRev4) => "D" + isicRev4.Replace('-', 'T');

    /// <summary>
    /// Reads the table of one year; without <paramref name="year"/> the year is the one in the file name
    /// (<c>ICIO2021_2018.csv</c>, <c>2018.csv</c>, <c>2018_SML.csv</c>), and a year that contradicts the name is refused.
    /// </summary>
    public static WiodYear Read(string path, int? year = null)
    {
        var tableYear = Year(path, year);
        using var sheet = IoSheet.Open(path, null);
        if (sheet.SheetName is not null)
        {
            throw new TradeDataException(path, null, "the OECD publishes the ICIO as CSV: give the .csv file");
        }

        IoTableAssembler? table = null;
        string? release = null;
        string[] header = [];
        long lastLine = 0;
        var splitCountries = new HashSet<string>(StringComparer.Ordinal);
        var ownRows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in sheet.Rows)
        {
            lastLine = row.Line;
            if (table is null)
            {
                header = row.Cells;
                table = Header(path, row, ref release);
                continue;
            }

            var label = row.Cell(0);
            var field = header.Length > 0 && header[0].Length > 0 ? header[0] : "A";
            if (OutputRows.Contains(label))
            {
                table.AddOutput(row, field);
                continue;
            }

            if (OtherRows.Contains(label))
            {
                table.CheckNumbers(row);
                continue;
            }

            var (country, code) = Label(path, row.Line, field, label, ref release);
            table.AddRow(row, label, country, code, field);
            var own = label[..label.IndexOf('_', StringComparison.Ordinal)];
            if (Splits.ContainsKey(own))
            {
                splitCountries.Add(country);
            }
            else if (Splits.Values.Contains(own) && row.Cells.Skip(1).Any(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v != 0))
            {
                ownRows.TryAdd(own, row.Line);
            }
        }

        if (table is null)
        {
            throw new TradeDataException(path, null, "the file is empty");
        }

        // The 2021 release keeps CHN and MEX rows beside the split ones, empty; were they not, adding the split rows
        // into them would count the country twice.
        foreach (var country in splitCountries.Where(ownRows.ContainsKey))
        {
            throw new TradeDataException(path, ownRows[country], $"{country} has rows of its own that are not empty as well as split rows ({string.Join(", ", Splits.Where(p => p.Value == country).Select(p => p.Key))}): adding them would count it twice", "A");
        }

        return table.Build(Source, release ?? "2023", tableYear, lastLine, "OUTPUT");
    }

    private static IoTableAssembler Header(string path, SheetRow row, ref string? release)
    {
        var columns = new List<IoColumn?> { null };
        var hasTotal = false;
        var finalUses = new HashSet<string>(FinalUses, StringComparer.Ordinal);
        for (var k = 1; k < row.Cells.Length; k++)
        {
            var label = row.Cells[k];
            if (TotalColumns.Contains(label))
            {
                hasTotal = true;
                columns.Add(null);
                continue;
            }

            var split = label.IndexOf('_', StringComparison.Ordinal);
            if (split > 0 && finalUses.Contains(label[(split + 1)..]))
            {
                columns.Add(new IoColumn(true, Country(path, 1, label, label[..split]), label[(split + 1)..], label));
                continue;
            }

            var (country, code) = Label(path, 1, label.Length > 0 ? label : IoSheet.ColumnName(k), label, ref release);
            columns.Add(new IoColumn(false, country, code, label));
        }

        if (!hasTotal)
        {
            throw new TradeDataException(path, 1, "no total column (TOTAL, or OUT in the 2023 release): is the header cut short?");
        }

        return new IoTableAssembler(path, 1, columns, k => k < row.Cells.Length && row.Cells[k].Length > 0 ? row.Cells[k] : IoSheet.ColumnName(k), fullRows: true);
    }

    // AUS_D01T02 (2021) or AUS_A01_02 (2023) → (AUS, A01_02); the country may be split (CN1 → CHN).
    private static (string Country, string Code) Label(string path, long line, string field, string label, ref string? release)
    {
        var split = label.IndexOf('_', StringComparison.Ordinal);
        if (split <= 0)
        {
            throw new TradeDataException(path, line, $"'{label}' is not a country_industry label, nor TLS, VA or OUTPUT", field);
        }

        var industry = label[(split + 1)..];
        string code;
        string labelRelease;
        if (Code2023.TryGetValue(industry, out var c2023))
        {
            (code, labelRelease) = (c2023, "2023");
        }
        else if (Code2021.TryGetValue(industry, out var c2021))
        {
            (code, labelRelease) = (c2021, "2021");
        }
        else
        {
            throw new TradeDataException(path, line, $"'{industry}' in {label} is not one of the ICIO's 45 industries", field);
        }

        if (release is not null && release != labelRelease)
        {
            throw new TradeDataException(path, line, $"{label} is in the {labelRelease} release's codes, the lines before in the {release} release's", field);
        }

        release = labelRelease;
        return (Country(path, line, field, label[..split]), code);
    }

    private static string Country(string path, long line, string field, string code) =>
        Splits.TryGetValue(code, out var merged) ? merged
        : code == "ROW" || IoSheet.IsoCountries.Contains(code) ? code
        : throw new TradeDataException(path, line, $"'{code}' is not an ISO 3166-1 alpha-3 country code, ROW, or one of the split economies CN1, CN2, MX1, MX2", field);

    private static int Year(string path, int? year)
    {
        var match = FileYear().Match(Path.GetFileNameWithoutExtension(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path));
        int? fileYear = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        if (year is { } y && fileYear is { } f && y != f)
        {
            throw new TradeDataException(path, null, $"the file name says {f}, not {y}");
        }

        return (year ?? fileYear) switch
        {
            null => throw new TradeDataException(path, null, "no year: name it when reading, or keep the OECD's file name (ICIO2021_2018.csv, 2018.csv)"),
            var v when v < FirstYear || v > DateTime.UtcNow.Year => throw new ArgumentOutOfRangeException(nameof(year), v, $"The ICIO tables start in {FirstYear}."),
            var v => v.Value,
        };
    }

    // ICIO2021_2018, 2018, 2018_SML: the year is the last four-digit group, alone or after an underscore.
    [GeneratedRegex(@"(?:^|_)((?:19|20)\d\d)(?:_SML)?$", RegexOptions.IgnoreCase)]
    private static partial Regex FileYear();
}
