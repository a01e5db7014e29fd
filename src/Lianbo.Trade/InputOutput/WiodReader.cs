using System.Globalization;
using System.IO.Compression;

namespace Lianbo.Trade.InputOutput;

/// <summary>One year of the WIOD 2013 release as read, and the rows that break the accounting identity.</summary>
public sealed record WiodYear(IoTable Table, IReadOnlyList<IdentityViolation> Violations);

/// <summary>
/// Reads the shipped WIOD 2013 release (<c>data/open/input-output/wiod2013/</c>, copied beside every build under
/// <c>open/input-output/wiod2013/</c>): 40 countries + rest of the world × 35 industries, 1995–2011, USD millions.
/// The long gzip CSVs are the R package bquast/wiod's 1435 × 1435 and 1435 × 205 blocks (see PROVENANCE.md): row-index
/// gives the row order, intermediate-YEAR the non-zero cells of Z, final-demand-YEAR the final use by destination and
/// category (1–5), gross-output-1995-2011 the table's own gross-output column. WIOD's codes are read as ISO 3166-1:
/// <c>ROM</c> as <c>ROU</c>, <c>RoW</c> as <c>ROW</c>. A malformed file is refused with its name and line
/// (<see cref="TradeDataException"/>) and nothing is returned.
/// </summary>
public static class WiodReader
{
    public const string Source = "WIOD";
    public const string Release = "2013";
    public const int FirstYear = 1995;
    public const int LastYear = 2011;

    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "open", "input-output", "wiod2013");

    /// <summary>Reads one year and checks the identity with <see cref="IoTable.CheckIdentity"/>'s default tolerance.</summary>
    public static WiodYear Read(string directory, int year)
    {
        if (year is < FirstYear or > LastYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"The WIOD 2013 release covers {FirstYear}–{LastYear}.");
        }

        var (countries, sectors) = ReadIndex(Path.Combine(directory, "row-index.csv.gz"));
        var n = countries.Length * sectors.Length;
        var m = countries.Length;
        var countryAt = countries.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => p.k, StringComparer.Ordinal);
        var sectorAt = sectors.Select((s, k) => (s, k)).ToDictionary(p => p.s, p => p.k, StringComparer.Ordinal);

        int Country(string path, long line, string field, string code) =>
            countryAt.TryGetValue(Iso(code), out var k) ? k : throw new TradeDataException(path, line, $"unknown country '{code}'", field);
        // The row of a country × sector given in fields country and sector, named as the header names them.
        int Row(string path, long line, string[] f, int country, int sector, string prefix) =>
            Country(path, line, prefix + "country", f[country]) * sectors.Length
            + (sectorAt.TryGetValue(f[sector], out var s) ? s : throw new TradeDataException(path, line, $"unknown sector '{f[sector]}'", prefix + "sector"));

        var z = new double[n * n];
        var seen = new bool[n * n];
        var intermediate = Path.Combine(directory, $"intermediate-{year}.csv.gz");
        ReadCsv(intermediate, ["from_country", "from_sector", "to_country", "to_sector", "value_musd"], (f, line) =>
        {
            var cell = Row(intermediate, line, f, 0, 1, "from_") * n + Row(intermediate, line, f, 2, 3, "to_");
            if (seen[cell])
            {
                throw new TradeDataException(intermediate, line, "this cell was given on an earlier line");
            }

            seen[cell] = true;
            z[cell] = Value(intermediate, line, "value_musd", f[4], allowNegative: false);
        });

        var fd = new double[n * m];
        var inventories = new double[n];
        var seenFinal = new bool[n * m * 5];
        var final = Path.Combine(directory, $"final-demand-{year}.csv.gz");
        ReadCsv(final, ["from_country", "from_sector", "to_country", "fd_category", "value_musd"], (f, line) =>
        {
            var cell = Row(final, line, f, 0, 1, "from_") * m + Country(final, line, "to_country", f[2]);
            var category = int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c is >= 1 and <= 5
                ? c - 1 : throw new TradeDataException(final, line, $"'{f[3]}' is no final-use category 1–5", "fd_category");
            if (seenFinal[cell * 5 + category])
            {
                throw new TradeDataException(final, line, "this cell was given on an earlier line");
            }

            seenFinal[cell * 5 + category] = true;
            // Inventories (category 5) may be negative.
            var value = Value(final, line, "value_musd", f[4], allowNegative: true);
            fd[cell] += value;
            if (category == 4)
            {
                inventories[cell / m] += value;
            }
        });

        var x = new double[n];
        var seenOutput = new bool[n];
        var output = Path.Combine(directory, "gross-output-1995-2011.csv.gz");
        var yearText = year.ToString(CultureInfo.InvariantCulture);
        ReadCsv(output, ["year", "country", "sector", "gross_output_musd"], (f, line) =>
        {
            if (!int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new TradeDataException(output, line, $"'{f[0]}' is no year", "year");
            }

            if (f[0] != yearText)
            {
                return;
            }

            var row = Row(output, line, f, 1, 2, "");
            if (seenOutput[row])
            {
                throw new TradeDataException(output, line, "this row was given on an earlier line");
            }

            seenOutput[row] = true;
            x[row] = Value(output, line, "gross_output_musd", f[3], allowNegative: false);
        });
        if (Array.IndexOf(seenOutput, false) is var missing and >= 0)
        {
            throw new TradeDataException(output, null, $"no gross output for {countries[missing / sectors.Length]} {sectors[missing % sectors.Length]} in {year}");
        }

        var table = IoTable.Create(Source, Release, year, countries, sectors, z, fd, x) with { Inventories = inventories };
        return new WiodYear(table, table.CheckIdentity());
    }

    private static string Iso(string wiod) => wiod switch
    {
        "ROM" => "ROU",
        "RoW" => "ROW",
        _ => wiod,
    };

    // row-index: row_id 1..N in order, country-major, every country with the same sectors in the same order.
    private static (string[] Countries, string[] Sectors) ReadIndex(string path)
    {
        var rows = new List<(string Country, string Sector)>();
        ReadCsv(path, ["row_id", "country", "sector"], (f, line) =>
        {
            if (f[0] != (rows.Count + 1).ToString(CultureInfo.InvariantCulture))
            {
                throw new TradeDataException(path, line, $"row_id '{f[0]}' where {rows.Count + 1} was expected", "row_id");
            }

            rows.Add((Iso(f[1]), f[2]));
        });
        var countries = rows.Select(r => r.Country).Distinct().ToArray();
        var sectors = rows.Select(r => r.Sector).Distinct().ToArray();
        for (var k = 0; k < rows.Count; k++)
        {
            if (rows.Count != countries.Length * sectors.Length || rows[k] != (countries[k / sectors.Length], sectors[k % sectors.Length]))
            {
                throw new TradeDataException(path, k + 2, "the rows are not every country × every sector, country-major, sectors in one order");
            }
        }

        return (countries, sectors);
    }

    private static double Value(string path, long line, string field, string text, bool allowNegative)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw new TradeDataException(path, line, $"'{text}' is not a number", field);
        }

        return v >= 0 || allowNegative ? v : throw new TradeDataException(path, line, $"{text} is negative", field);
    }

    // Reads a gzip CSV whose header must be exactly the given columns (quotes allowed around any field, no commas in
    // fields); line numbers count the header as 1, as an editor does.
    private static void ReadCsv(string path, string[] columns, Action<string[], long> row)
    {
        if (!File.Exists(path))
        {
            throw new TradeDataException(path, null, "the file is missing");
        }

        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        string? text;
        try
        {
            text = reader.ReadLine();
        }
        catch (InvalidDataException e)
        {
            throw new TradeDataException(path, null, $"not a gzip file ({e.Message})");
        }

        var header = (text ?? throw new TradeDataException(path, null, "empty file")).Split(',').Select(h => h.Trim('"')).ToArray();
        if (!header.SequenceEqual(columns, StringComparer.Ordinal))
        {
            throw new TradeDataException(path, 1, $"the header is '{string.Join(',', header)}', expected '{string.Join(',', columns)}'");
        }

        long line = 1;
        while (true)
        {
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
                break;
            }

            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var f = text.Split(',');
            if (f.Length != columns.Length)
            {
                throw new TradeDataException(path, line, $"{f.Length} fields, the header has {columns.Length}");
            }

            for (var k = 0; k < f.Length; k++)
            {
                f[k] = f[k].Trim('"');
            }

            row(f, line);
        }
    }
}
